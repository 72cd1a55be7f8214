"""Measure which part of a long review to keep: its start or its end.

Usage: python benchmarks/truncation.py [--max-length 128] [--seeds 0 1]

Trains the default TextRNNClassifier on the 25,000 IMDB training reviews
with every text cut to --max-length tokens, once keeping the end
(truncating="pre") and once keeping the start ("post"), for each seed, and
prints test accuracy. A short max_length makes the choice matter for most
reviews. The IMDB archive comes from SKRNN_IMDB_PATH or the skrnn cache.
"""

import argparse
import statistics
import time

from skrnn import TextRNNClassifier
from skrnn.datasets import load_imdb


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    arguments = parser.parse_args()

    train, test = load_imdb("train"), load_imdb("test")
    for truncating in ("pre", "post"):
        scores = []
        for seed in arguments.seeds:
            model = TextRNNClassifier(
                max_length=arguments.max_length,
                truncating=truncating,
                epochs=arguments.epochs,
                validation_fraction=None,
                random_state=seed,
            )
            start = time.perf_counter()
            model.fit(train.data, train.target)
            scores.append(model.score(test.data, test.target))
            print(
                f"truncating={truncating} seed={seed} accuracy={scores[-1]:.4f} "
                f"fit={time.perf_counter() - start:.0f}s",
                flush=True,
            )
        print(f"truncating={truncating} median accuracy={statistics.median(scores):.4f}")


if __name__ == "__main__":
    main()
