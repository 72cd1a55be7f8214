"""Pre-trained word vectors against vectors learned from scratch, on full IMDB.

Usage: python benchmarks/embeddings_imdb.py [--configs scratch glove-frozen ...]

Fits TextRNNClassifier with its defaults (random_state=0) four ways and
prints test accuracy, fit seconds, epochs and coverage for each:

- scratch: embeddings learned from scratch (the defaults).
- glove-frozen: GloVe 6B 50d vectors, not trained.
- glove-tuned: GloVe 6B 50d vectors, fine-tuned.
- word2vec: 100-dimensional skip-gram vectors trained with
  skrnn.embeddings.train_word2vec (gensim) on the 50,000 unlabelled
  reviews, fine-tuned; the training time is printed separately.

Needs the glove and word2vec extras. The IMDB archive comes from
SKRNN_IMDB_PATH or the skrnn cache.
"""

import argparse
import time

from skrnn import TextRNNClassifier
from skrnn.datasets import load_imdb
from skrnn.embeddings import load_vectors, train_word2vec

CONFIGS = ["scratch", "glove-frozen", "glove-tuned", "word2vec"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="+", choices=CONFIGS, default=CONFIGS)
    arguments = parser.parse_args()

    train = load_imdb("train")
    test = load_imdb("test")
    for config in arguments.configs:
        extra = ""
        if config == "scratch":
            params = {}
        elif config.startswith("glove"):
            start = time.perf_counter()
            vectors = load_vectors("glove-6b-50d")
            extra = f", vectors loaded in {time.perf_counter() - start:.1f} s"
            params = {"embeddings": vectors, "trainable_embeddings": config == "glove-tuned"}
        else:
            unlabelled = load_imdb("unsup")
            start = time.perf_counter()
            vectors = train_word2vec(unlabelled.data, vector_size=100, random_state=0)
            extra = (
                f", word2vec trained on {len(unlabelled.data)} reviews in "
                f"{time.perf_counter() - start:.1f} s ({len(vectors)} words)"
            )
            params = {"embeddings": vectors}

        clf = TextRNNClassifier(random_state=0, **params)
        start = time.perf_counter()
        clf.fit(train.data, train.target)
        fit_seconds = time.perf_counter() - start
        accuracy = clf.score(test.data, test.target)
        coverage = ""
        if hasattr(clf, "token_coverage_"):
            coverage = (
                f", coverage vocabulary {clf.vocabulary_coverage_:.3f} "
                f"tokens {clf.token_coverage_:.3f}"
            )
        print(
            f"{config}: accuracy {accuracy:.4f}, fit {fit_seconds:.0f} s, "
            f"{clf.n_epochs_} epochs, kept epoch {clf.best_epoch_}{coverage}{extra}",
            flush=True,
        )


if __name__ == "__main__":
    main()
