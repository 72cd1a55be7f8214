"""Fit one TextRNNClassifier on the full IMDB split and report test accuracy.

Usage: python benchmarks/fit_imdb.py [PARAMETER=VALUE ...]

Each argument sets one TextRNNClassifier parameter, written as a Python
literal (for example ``cell='gru' max_features=10000 dropout=0.3``); the
rest keep their defaults, with random_state=0. Prints fit and predict
seconds, test accuracy, epochs run, the epoch kept and its validation
accuracy. Used to choose the estimator's defaults; the IMDB archive comes
from SKRNN_IMDB_PATH or the skrnn cache.
"""

import ast
import sys
import time

from skrnn import TextRNNClassifier
from skrnn.datasets import load_imdb


def parse_parameters(arguments):
    parameters = {"random_state": 0}
    for argument in arguments:
        name, separator, value = argument.partition("=")
        if not separator:
            sys.exit(f"fit_imdb.py: error: expected PARAMETER=VALUE, got {argument!r}")
        parameters[name] = ast.literal_eval(value)
    return parameters


def main():
    parameters = parse_parameters(sys.argv[1:])
    train, test = load_imdb("train"), load_imdb("test")

    start = time.perf_counter()
    model = TextRNNClassifier(**parameters).fit(train.data, train.target)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    accuracy = model.score(test.data, test.target)
    predict_seconds = time.perf_counter() - start

    history = model.history_
    best = model.best_epoch_
    validation_accuracy = history["val_accuracy"][best - 1] if "val_accuracy" in history else None
    print(
        f"{parameters} fit={fit_seconds:.0f}s predict={predict_seconds:.0f}s "
        f"accuracy={accuracy:.4f} epochs={model.n_epochs_} best_epoch={best} "
        f"val_accuracy={validation_accuracy} max_length={model.max_length_}",
        flush=True,
    )


if __name__ == "__main__":
    main()
