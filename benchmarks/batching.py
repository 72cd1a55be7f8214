"""Each batching choice of TextRNNClassifier measured on its own.

Usage: python benchmarks/batching.py [--texts 10000] [--epochs 2]

Fits the default TextRNNClassifier (without a validation split) on a random
--texts subset of the IMDB train split and predicts as many test texts, once
as it is and once with each choice undone:

- "random batches": training batches are drawn at random instead of from
  pools sorted by length (each is still padded to its longest text);
- "fixed width": every batch is padded to 400 tokens (max_length_ on
  IMDB), as before the batching work;
- "batch size unknown": the training batches' size is left out of the
  compiled graph (the last batch is short instead of completed with filler
  rows of weight 0);
- for prediction, "input order": batches follow the input order instead of
  sorted lengths.

Prints the median epoch time, the prediction time and the test accuracy of
each variant, the ratio to skrnn as it is, and the seconds the input pipeline alone takes to
deliver one epoch's batches. IMDB comes from SKRNN_IMDB_PATH or the skrnn
cache; otherwise load_imdb downloads the 84 MB archive.
"""

import argparse
import statistics
import time

import numpy as np
from speed import positive_int, timed_skrnn_epochs

from skrnn import TextRNNClassifier, _classifier, _network, _text
from skrnn._keras import import_keras
from skrnn.datasets import load_imdb

_ORIGINAL = {
    "training_batches": _text.training_batches,
    "sorted_batches": _text.sorted_batches,
    "batch_dataset": _network.batch_dataset,
}


def random_batches(lengths, batch_size, rng, pool_batches=50):
    order = rng.permutation(len(lengths))
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def input_order_batches(lengths, batch_size):
    order = np.arange(len(lengths))
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def fixed_width(*args, **kwargs):
    # Every text is at most 400 tokens long, so each batch becomes 400 wide.
    return _ORIGINAL["batch_dataset"](*args, **{**kwargs, "multiple": 400})


def unknown_batch_size(*args, **kwargs):
    return _ORIGINAL["batch_dataset"](*args, **{**kwargs, "batch_size": None})


def restore():
    _text.training_batches = _ORIGINAL["training_batches"]
    _text.sorted_batches = _ORIGINAL["sorted_batches"]
    _classifier.batch_dataset = _ORIGINAL["batch_dataset"]


def measure(keras, train_texts, train_labels, test_texts, test_labels, epochs):
    seconds = []
    timed_skrnn_epochs(keras, seconds)
    model = TextRNNClassifier(epochs=epochs, validation_fraction=None, random_state=0)
    model.fit(train_texts, train_labels)
    start = time.perf_counter()
    proba = model.predict_proba(test_texts)
    predict_seconds = time.perf_counter() - start
    accuracy = float(np.mean(model.classes_[proba.argmax(axis=1)] == test_labels))
    return statistics.median(seconds), predict_seconds, accuracy, model


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--texts",
        type=positive_int,
        default=10000,
        help="random training and test texts to use (default 10000, at most 25000)",
    )
    parser.add_argument("--epochs", type=positive_int, default=2, help="epochs per fit (default 2)")
    args = parser.parse_args()
    if args.texts > 25000:
        parser.error(f"--texts {args.texts} is larger than an IMDB split (25000 texts)")

    keras = import_keras()
    train, test = load_imdb("train"), load_imdb("test")
    rng = np.random.default_rng(0)
    keep = rng.choice(len(train.data), args.texts, replace=False)
    train_texts = [train.data[i] for i in keep]
    train_labels = np.asarray(train.target)[keep]
    keep = rng.choice(len(test.data), args.texts, replace=False)
    test_texts = [test.data[i] for i in keep]
    test_labels = np.asarray(test.target)[keep]

    variants = {
        "skrnn": lambda: None,
        "random batches": lambda: setattr(_text, "training_batches", random_batches),
        "fixed width": lambda: setattr(_classifier, "batch_dataset", fixed_width),
        "batch size unknown": lambda: setattr(_classifier, "batch_dataset", unknown_batch_size),
        "input order (predict)": lambda: setattr(_text, "sorted_batches", input_order_batches),
    }
    results = {}
    for name, undo in variants.items():
        restore()
        undo()
        epoch, predict, accuracy, model = measure(
            keras, train_texts, train_labels, test_texts, test_labels, args.epochs
        )
        results[name] = (epoch, predict)
        print(
            f"{name:22s} epoch {epoch:6.1f} s  predict {predict:5.1f} s  accuracy {accuracy:.4f}",
            flush=True,
        )
    restore()

    base_epoch, base_predict = results["skrnn"]
    print("\nratio to skrnn as it is")
    for name, (epoch, predict) in results.items():
        print(
            f"{name:22s} epoch {epoch / base_epoch:5.2f}x  predict {predict / base_predict:5.2f}x"
        )

    sequences = model._to_sequences(model._tokenize(train_texts))
    batches = _text.training_batches(sequences.lengths, 64, np.random.default_rng(1))
    labels = np.zeros(len(sequences))
    start = time.perf_counter()
    for _ in _network.batch_dataset(sequences, batches, labels, labels + 1, batch_size=64):
        pass
    print(f"\ninput pipeline alone, one epoch of batches: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
