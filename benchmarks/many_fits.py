"""Resident memory and fit time over many fits of small models in one process.

Usage: python benchmarks/many_fits.py [--fits 30]

Fits a small TextRNNClassifier (8 units, 1 epoch, 400 reviews of the bundled
sample) again and again, keeping only the latest estimator alive, as a grid
search or a long-lived service does. After each fit it prints the fit
seconds and the process's resident memory after a garbage collection (read
from /proc/self/statm, so Linux only). At the end it prints the ratio of
the memory after the last fit to that after the fifth, and the median fit
time of the first and of the last five fits.
"""

import argparse
import gc
import os
import statistics
import time

from skrnn import TextRNNClassifier
from skrnn.datasets import load_imdb_sample

PARAMS = {"units": 8, "embedding_dim": 8, "max_length": 64, "epochs": 1, "random_state": 0}


def resident_mib():
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fits", type=int, default=30, help="number of fits (default: 30)")
    arguments = parser.parse_args()

    train = load_imdb_sample(subset="train")
    X, y = train.data[:400], train.target[:400]
    memory, seconds = [], []
    for fit in range(1, arguments.fits + 1):
        start = time.perf_counter()
        estimator = TextRNNClassifier(**PARAMS).fit(X, y)
        estimator.predict(X[:50])
        seconds.append(time.perf_counter() - start)
        # Keras models hold reference cycles; collecting them leaves only memory still held.
        gc.collect()
        memory.append(resident_mib())
        print(f"fit {fit:2d}: {memory[-1]:7.1f} MiB resident, {seconds[-1]:.2f} s", flush=True)

    print(f"memory after fit {arguments.fits} / after fit 5: {memory[-1] / memory[4]:.3f}")
    print(
        f"median fit seconds, fits 1-5: {statistics.median(seconds[:5]):.2f}, "
        f"last 5: {statistics.median(seconds[-5:]):.2f}"
    )


if __name__ == "__main__":
    main()
