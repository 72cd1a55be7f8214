"""Searches in parallel: joblib's process workers and a real Dask cluster."""

import os

import joblib
import numpy as np
import pytest
from conftest import TINY_PARAMS
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score

from skrnn import TextRNNClassifier

GRID = {"units": [4, 8], "cell": ["lstm", "gru"]}


@pytest.fixture(scope="module")
def search_data(sample_train):
    return sample_train.data[:300], sample_train.target[:300]


@pytest.fixture(scope="module")
def serial_search(search_data):
    X, y = search_data
    search = GridSearchCV(TextRNNClassifier(**TINY_PARAMS), GRID, cv=2, n_jobs=1)
    return search.fit(X, y)


def test_search_with_two_workers_matches_serial(search_data, serial_search):
    X, y = search_data
    for _ in range(2):
        parallel = GridSearchCV(TextRNNClassifier(**TINY_PARAMS), GRID, cv=2, n_jobs=2)
        parallel.fit(X, y)
        np.testing.assert_array_equal(
            parallel.cv_results_["mean_test_score"],
            serial_search.cv_results_["mean_test_score"],
        )
        assert parallel.best_params_ == serial_search.best_params_


def test_cross_val_score_with_two_workers_matches_serial(search_data):
    X, y = search_data
    estimator = TextRNNClassifier(**TINY_PARAMS)
    serial = cross_val_score(estimator, X, y, cv=2, n_jobs=1)
    parallel = cross_val_score(estimator, X, y, cv=2, n_jobs=2)
    np.testing.assert_array_equal(parallel, serial)


def fit_and_report_threads(estimator, X, y):
    import tensorflow as tf

    estimator.fit(X, y)
    return (
        os.environ.get("OMP_NUM_THREADS"),
        tf.config.threading.get_intra_op_parallelism_threads(),
        tf.config.threading.get_inter_op_parallelism_threads(),
    )


def test_worker_thread_pools_follow_their_share(search_data):
    X, y = search_data
    n_jobs = 2
    share = max(1, joblib.cpu_count() // n_jobs)
    reports = joblib.Parallel(n_jobs=n_jobs)(
        joblib.delayed(fit_and_report_threads)(TextRNNClassifier(**TINY_PARAMS), X, y)
        for _ in range(n_jobs)
    )
    for omp_threads, intra_op, inter_op in reports:
        assert omp_threads == str(share)
        assert intra_op == share
        assert inter_op == share


@pytest.mark.dask
def test_search_on_dask_cluster(search_data, serial_search, sample_test):
    from distributed import Client, LocalCluster

    X, y = search_data
    estimator = TextRNNClassifier(**TINY_PARAMS)
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        with joblib.parallel_backend("dask"):
            search = GridSearchCV(estimator, GRID, cv=2).fit(X, y)
        # The estimator goes to a worker and the fitted one comes back, both pickled.
        remote = client.submit(clone(estimator).fit, X, y).result()
        worker_threads = client.run(lambda: os.environ.get("OMP_NUM_THREADS"))

    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], serial_search.cv_results_["mean_test_score"]
    )
    assert set(worker_threads.values()) == {"1"}
    local = clone(estimator).fit(X, y)
    np.testing.assert_array_equal(
        remote.predict(sample_test.data[:200]), local.predict(sample_test.data[:200])
    )
    np.testing.assert_allclose(
        remote.predict_proba(sample_test.data[:200]),
        local.predict_proba(sample_test.data[:200]),
        rtol=0,
        atol=1e-5,
    )
