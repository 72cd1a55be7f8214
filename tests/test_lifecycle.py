"""Estimators across processes, threads and repeated fits.

Covers pickling into a fresh process, determinism between processes, memory
over many fits, estimators alive side by side, continued training
(``warm_start`` and ``partial_fit``) and prediction from several threads.
"""

import copy
import json
import pickle
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import joblib
import numpy as np
import pytest
from conftest import TINY_PARAMS
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline

from skrnn import TextRNNClassifier, _text
from skrnn.baselines import TextInput


def run_python(script, *arguments, timeout=300):
    """Run ``script`` in a fresh interpreter and return its stdout."""
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout


def test_pickles_predict_identically_in_fresh_process(fitted_tiny, sample_test, tmp_path):
    texts = sample_test.data[:100]
    pipeline = Pipeline([("texts", TextInput()), ("rnn", fitted_tiny)])
    with open(tmp_path / "estimator.pkl", "wb") as file:
        pickle.dump(fitted_tiny, file)
    joblib.dump(pipeline, tmp_path / "pipeline.joblib")
    np.save(tmp_path / "texts.npy", np.asarray(texts, dtype=object), allow_pickle=True)

    run_python(
        """
        import pickle, sys
        import joblib, numpy as np

        folder = sys.argv[1]
        texts = list(np.load(folder + "/texts.npy", allow_pickle=True))
        with open(folder + "/estimator.pkl", "rb") as file:
            estimator = pickle.load(file)
        np.save(folder + "/estimator_proba.npy", estimator.predict_proba(texts))
        pipeline = joblib.load(folder + "/pipeline.joblib")
        np.save(folder + "/pipeline_proba.npy", pipeline.predict_proba(texts))
        """,
        tmp_path,
    )
    expected = fitted_tiny.predict_proba(texts)
    np.testing.assert_array_equal(np.load(tmp_path / "estimator_proba.npy"), expected)
    np.testing.assert_array_equal(np.load(tmp_path / "pipeline_proba.npy"), expected)


def test_unfitted_estimator_pickles_and_deepcopies():
    estimator = TextRNNClassifier(units=5, cell="gru")
    for restored in (pickle.loads(pickle.dumps(estimator)), copy.deepcopy(estimator)):
        assert restored.get_params() == estimator.get_params()
        with pytest.raises(NotFittedError):
            restored.predict(["a text"])


def test_deepcopy_of_fitted_estimator_is_independent(fitted_tiny, small_texts, sample_test):
    X, y = small_texts
    duplicate = copy.deepcopy(fitted_tiny)
    assert duplicate.model_ is not fitted_tiny.model_
    expected = fitted_tiny.predict_proba(sample_test.data[:50])
    np.testing.assert_array_equal(duplicate.predict_proba(sample_test.data[:50]), expected)
    duplicate.set_params(warm_start=True, epochs=1).fit(X, y)
    np.testing.assert_array_equal(fitted_tiny.predict_proba(sample_test.data[:50]), expected)


DETERMINISM_SCRIPT = """
    import sys
    import numpy as np
    from skrnn import TextRNNClassifier
    from skrnn.datasets import load_imdb_sample

    train = load_imdb_sample(subset="train")
    test = load_imdb_sample(subset="test")
    clf = TextRNNClassifier(units=8, embedding_dim=8, max_length=64, epochs=2, random_state=3)
    clf.fit(train.data[:400], train.target[:400])
    sys.stdout.write(clf.predict_proba(test.data[:200]).tobytes().hex())
"""


def test_same_seed_gives_identical_predictions_across_processes():
    first = run_python(DETERMINISM_SCRIPT)
    second = run_python(DETERMINISM_SCRIPT)
    assert len(first) == 200 * 2 * 8 * 2
    assert first == second


def test_memory_stays_flat_over_30_fits():
    """Resident memory after the 30th fit is within 10% of that after the 5th."""
    output = run_python(
        """
        import gc, json, os
        from skrnn import TextRNNClassifier
        from skrnn.datasets import load_imdb_sample

        def resident_bytes():
            with open("/proc/self/statm") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

        train = load_imdb_sample(subset="train")
        X, y = train.data[:150], train.target[:150]
        memory = []
        for seed in range(30):
            clf = TextRNNClassifier(units=8, embedding_dim=8, max_length=32, epochs=1,
                                    random_state=seed).fit(X, y)
            clf.predict(X[:20])
            # Collect Keras's reference cycles first, so only memory still held is counted.
            gc.collect()
            memory.append(resident_bytes())
        print(json.dumps(memory))
        """,
        timeout=600,
    )
    memory = json.loads(output)
    assert len(memory) == 30
    assert memory[29] <= 1.10 * memory[4], [round(value / 2**20) for value in memory]


def test_estimators_alive_together_keep_predicting(small_texts, sample_test):
    X, y = small_texts
    texts = sample_test.data[:100]
    first = TextRNNClassifier(**TINY_PARAMS).fit(X, y)
    first_proba = first.predict_proba(texts)
    second = TextRNNClassifier(**{**TINY_PARAMS, "cell": "gru", "random_state": 1}).fit(X, y)
    second_proba = second.predict_proba(texts)
    first.fit(X[:200], y[:200])
    np.testing.assert_array_equal(second.predict_proba(texts), second_proba)
    assert not np.array_equal(first.predict_proba(texts), first_proba)
    first.fit(X, y)
    np.testing.assert_array_equal(first.predict_proba(texts), first_proba)


def test_warm_start_continues_training(small_texts, sample_test):
    X, y = small_texts
    params = {**TINY_PARAMS, "validation_fraction": None, "epochs": 1}
    warm = TextRNNClassifier(**params, warm_start=True).fit(X, y)
    vocabulary = warm.vocabulary_
    before = warm.model_.get_weights()
    warm.fit(X[:200], y[:200])
    assert warm.vocabulary_ is vocabulary
    assert warm.n_epochs_ == 2
    assert len(warm.history_["loss"]) == 2
    assert any(not np.array_equal(a, b) for a, b in zip(before, warm.model_.get_weights()))

    # The second call starts from the first call's weights, not from scratch.
    fresh = TextRNNClassifier(**params).fit(X[:200], y[:200])
    assert fresh.vocabulary_ != warm.vocabulary_
    assert warm.history_["loss"][1] < fresh.history_["loss"][0]


def test_warm_start_rejects_new_labels(fitted_tiny, small_texts):
    X, y = small_texts
    warm = clone(fitted_tiny).set_params(warm_start=True).fit(X, y)
    with pytest.raises(ValueError, match=r"labels \[2\] that are not among the classes \[0, 1\]"):
        warm.fit(X[:10], [0, 1, 2, 0, 1, 0, 1, 0, 1, 0])
    assert warm.n_epochs_ == len(warm.history_["loss"])


def test_warm_start_divergence_keeps_previous_weights(fitted_tiny, small_texts, sample_test):
    X, y = small_texts
    warm = clone(fitted_tiny).set_params(warm_start=True).fit(X, y)
    expected = warm.predict_proba(sample_test.data[:50])
    n_epochs = warm.n_epochs_
    # The optimizer was built at the first fit, so only its learning rate can change.
    warm.model_.optimizer.learning_rate.assign(1e38)
    warm.model_.optimizer.clipnorm = None
    with pytest.raises(ValueError, match="keeps the weights it had before this call"):
        warm.fit(X, y)
    assert warm.n_epochs_ == n_epochs
    np.testing.assert_array_equal(warm.predict_proba(sample_test.data[:50]), expected)


def test_partial_fit_streams_chunks(sample_train, sample_test):
    chunks = [
        (sample_train.data[i : i + 250], sample_train.target[i : i + 250]) for i in (0, 250, 500)
    ]
    clf = TextRNNClassifier(**{**TINY_PARAMS, "max_features": None})
    with pytest.raises(ValueError, match="needs classes on its first call"):
        clf.partial_fit(*chunks[0])

    clf.partial_fit(*chunks[0], classes=[0, 1])
    vocabulary = dict(clf.vocabulary_)
    first_chunk_words = {token for text in chunks[0][0] for token in _text.tokenize(text)}
    assert len(vocabulary) > 1000
    for X, y in chunks[1:]:
        clf.partial_fit(X, y)
    assert clf.vocabulary_ == vocabulary
    assert clf.n_epochs_ == 3
    assert set(clf.history_) == {"loss", "accuracy"}
    assert len(clf.history_["loss"]) == 3
    # Words that appear only in later chunks stay unknown.
    later_only = {token for text in chunks[2][0] for token in _text.tokenize(text)}
    later_only -= first_chunk_words
    assert later_only
    assert not later_only & set(clf.vocabulary_)
    proba = clf.predict_proba(sample_test.data[:20])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)

    with pytest.raises(ValueError, match=r"classes=\[0, 1, 2\] differs"):
        clf.partial_fit(*chunks[0], classes=[0, 1, 2])


def test_partial_fit_is_reproducible(sample_train, sample_test):
    X, y = sample_train.data[:300], sample_train.target[:300]
    results = []
    for _ in range(2):
        clf = TextRNNClassifier(**TINY_PARAMS)
        clf.partial_fit(X[:150], y[:150], classes=[0, 1]).partial_fit(X[150:], y[150:])
        results.append(clf.predict_proba(sample_test.data[:50]))
    np.testing.assert_array_equal(results[0], results[1])


def test_threads_predict_like_serial(fitted_tiny, sample_test):
    batches = [sample_test.data[start : start + 40] for start in range(0, 400, 40)]
    serial = [fitted_tiny.predict_proba(batch) for batch in batches]
    fresh = clone(fitted_tiny)
    fresh.__setstate__(fitted_tiny.__getstate__())
    for estimator in (fitted_tiny, fresh):
        with ThreadPoolExecutor(max_workers=4) as pool:
            parallel = list(pool.map(estimator.predict_proba, batches))
        for expected, result in zip(serial, parallel):
            np.testing.assert_array_equal(result, expected)


def test_other_thread_using_random_does_not_change_fit(small_texts, sample_test, fitted_tiny):
    """A thread drawing from Python's global random, as Dask's do, must not shift the seeds."""
    import random
    import threading

    X, y = small_texts
    stop = threading.Event()

    def draw_numbers():
        while not stop.is_set():
            random.random()
            stop.wait(0.0002)

    thread = threading.Thread(target=draw_numbers, daemon=True)
    thread.start()
    try:
        refitted = clone(fitted_tiny).fit(X, y)
    finally:
        stop.set()
        thread.join()
    np.testing.assert_array_equal(
        refitted.predict_proba(sample_test.data[:100]),
        fitted_tiny.predict_proba(sample_test.data[:100]),
    )
