import numpy as np
import pytest
from sklearn.base import clone

from skrnn.baselines import BASELINES, tfidf_logistic_regression
from skrnn.datasets import load_imdb


# Test accuracy on the bundled sample, measured on a 2-core x86-64 machine:
# tfidf_logreg 0.888, counts_naive_bayes 0.846. The bounds leave about 3 points of margin.
@pytest.mark.parametrize(
    "name, minimum_accuracy", [("tfidf_logreg", 0.86), ("counts_naive_bayes", 0.81)]
)
def test_baseline_fits_raw_reviews(name, minimum_accuracy, sample_train, sample_test):
    model = clone(BASELINES[name]())
    model.fit(sample_train.data, sample_train.target)
    assert model.score(sample_test.data, sample_test.target) >= minimum_accuracy
    proba = model.predict_proba(sample_test.data[:10])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_baselines_are_all_tested():
    assert set(BASELINES) == {"tfidf_logreg", "counts_naive_bayes"}


def test_tfidf_baseline_ignores_html_tags():
    model = tfidf_logistic_regression(min_df=1)
    model.fit(["good <br /> film", "bad film"], [1, 0])
    assert "br" not in model.named_steps["tfidf"].vocabulary_


@pytest.mark.imdb
def test_tfidf_baseline_on_full_imdb(imdb_path):
    # Measured on the full split: 0.9084 test accuracy, see benchmarks/RESULTS.md.
    train = load_imdb("train", path=imdb_path)
    test = load_imdb("test", path=imdb_path)
    model = tfidf_logistic_regression().fit(train.data, train.target)
    assert model.score(test.data, test.target) >= 0.90
