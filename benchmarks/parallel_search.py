"""Wall time of a 4-candidate grid search with n_jobs=1 and n_jobs=2.

Usage: python benchmarks/parallel_search.py [--repeats 3] [--texts 2000] [--refit]

Runs GridSearchCV over TextRNNClassifier (units 16 or 32, LSTM or GRU;
2-fold cross-validation, so 8 fits of 2 epochs on halves of ``--texts``
reviews of the bundled sample) in three set-ups, each in a fresh Python
process, in turn, ``--repeats`` times. The time counts the workers' start
(each imports TensorFlow) and, with ``--refit``, the final fit of the best
candidate on all texts, which GridSearchCV runs in the main process:

- ``n_jobs=1``: one process; TensorFlow uses every core.
- ``n_jobs=2``: joblib's process workers, whose TensorFlow thread pools
  skrnn sizes to the worker's share of the cores (``OMP_NUM_THREADS``).
- ``n_jobs=2, 2 threads each``: the same with ``TF_NUM_INTRAOP_THREADS`` and
  ``TF_NUM_INTEROP_THREADS`` set to the number of cores, which is what
  TensorFlow does on its own, so the workers oversubscribe the cores.

Prints each run's wall seconds, the median per set-up, and the ratios to
``n_jobs=1``; the best scores of all runs must agree.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

GRID = {"units": [16, 32], "cell": ["lstm", "gru"]}
PARAMS = {"embedding_dim": 32, "max_length": 128, "epochs": 2, "random_state": 0}


def run_search(n_jobs, n_texts, refit):
    from sklearn.model_selection import GridSearchCV

    from skrnn import TextRNNClassifier
    from skrnn.datasets import load_imdb_sample

    train = load_imdb_sample(subset="train")
    X, y = train.data[:n_texts], train.target[:n_texts]
    start = time.perf_counter()
    search = GridSearchCV(TextRNNClassifier(**PARAMS), GRID, cv=2, n_jobs=n_jobs, refit=refit)
    search.fit(X, y)
    seconds = time.perf_counter() - start
    print(
        json.dumps({"seconds": seconds, "scores": search.cv_results_["mean_test_score"].tolist()})
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per set-up (default: 3)")
    parser.add_argument(
        "--texts", type=int, default=2000, help="training reviews, at most 2500 (default: 2000)"
    )
    parser.add_argument(
        "--refit",
        action="store_true",
        help="refit the best candidate, as GridSearchCV does by default",
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child is not None:
        run_search(arguments.child, arguments.texts, arguments.refit)
        return

    cores = str(os.cpu_count())
    setups = {
        "n_jobs=1": (1, {}),
        "n_jobs=2": (2, {}),
        "n_jobs=2, 2 threads each": (
            2,
            {"TF_NUM_INTRAOP_THREADS": cores, "TF_NUM_INTEROP_THREADS": cores},
        ),
    }
    seconds = {name: [] for name in setups}
    scores = set()
    for repeat in range(arguments.repeats):
        for name, (n_jobs, environment) in setups.items():
            completed = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(n_jobs),
                    "--texts",
                    str(arguments.texts),
                    *(["--refit"] if arguments.refit else []),
                ],
                env={**os.environ, **environment},
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(completed.stdout.strip().splitlines()[-1])
            seconds[name].append(result["seconds"])
            scores.add(tuple(result["scores"]))
            print(f"run {repeat + 1}, {name}: {result['seconds']:.1f} s", flush=True)

    serial = statistics.median(seconds["n_jobs=1"])
    for name, values in seconds.items():
        median = statistics.median(values)
        print(f"{name}: median {median:.1f} s, n_jobs=1 / this = {serial / median:.2f}")
    print(f"distinct score vectors across runs: {len(scores)}")


if __name__ == "__main__":
    main()
