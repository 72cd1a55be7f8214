"""Compare logistic regression solvers in the TF-IDF baseline on the full IMDB split.

Usage: python benchmarks/baseline_solver.py

Fits ``tfidf_logistic_regression()`` with liblinear (binary only in
scikit-learn 1.9) and with L-BFGS (any number of classes), one after the
other in one process, and prints test accuracy, fit seconds and solver
iterations. The IMDB archive comes from SKRNN_IMDB_PATH or the skrnn cache.
"""

import time

from sklearn.linear_model import LogisticRegression

from skrnn.baselines import tfidf_logistic_regression
from skrnn.datasets import load_imdb

SOLVERS = {
    "liblinear": LogisticRegression(C=10.0, solver="liblinear"),
    "lbfgs": LogisticRegression(C=10.0, max_iter=1000),
}


def main():
    train = load_imdb("train")
    test = load_imdb("test")
    for name, classifier in SOLVERS.items():
        model = tfidf_logistic_regression().set_params(classifier=classifier)
        start = time.perf_counter()
        model.fit(train.data, train.target)
        fit_seconds = time.perf_counter() - start
        accuracy = model.score(test.data, test.target)
        print(
            f"{name}: accuracy {accuracy:.4f}, fit {fit_seconds:.1f} s, "
            f"iterations {model[-1].n_iter_.tolist()}",
            flush=True,
        )


if __name__ == "__main__":
    main()
