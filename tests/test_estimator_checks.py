"""The scikit-learn estimator contract, checked on every estimator skrnn ships.

scikit-learn's own ``check_estimator`` skips estimators that take strings, so
these tests cover its checks that apply to text classifiers, on real reviews:
TextRNNClassifier and each baseline pipeline.
"""

import inspect

import joblib
import numpy as np
import pytest
from conftest import TINY_PARAMS
from sklearn.base import clone, is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.metrics import accuracy_score
from sklearn.model_selection import StratifiedKFold, check_cv, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils import get_tags

from skrnn import TextRNNClassifier
from skrnn.baselines import BASELINES

ESTIMATORS = {
    "text_rnn": lambda: TextRNNClassifier(**{**TINY_PARAMS, "epochs": 1}),
    **{name: build for name, build in BASELINES.items()},
}


@pytest.fixture(params=sorted(ESTIMATORS))
def make_estimator(request):
    return ESTIMATORS[request.param]


@pytest.fixture(scope="module")
def reviews(sample_train):
    """300 real reviews with binary labels, and 3-class string labels from ratings."""
    X = sample_train.data[:300]
    y = sample_train.target[:300]
    ratings = sample_train.ratings[:300]
    three_classes = np.where(ratings <= 3, "bad", np.where(ratings >= 8, "good", "mixed"))
    return X, y, three_classes


def plain_params(estimator):
    """Parameters that are not estimators, hashed so that values compare by content."""
    return {
        name: joblib.hash(value)
        for name, value in estimator.get_params(deep=True).items()
        if not hasattr(value, "get_params") and name != "steps"
    }


def public_attributes(estimator):
    """Names of the public attributes of an estimator and, for a pipeline, of its steps."""
    names = {name for name in vars(estimator) if not name.startswith("_")}
    if isinstance(estimator, Pipeline):
        for step_name, step in estimator.steps:
            names |= {f"{step_name}.{name}" for name in public_attributes(step)}
    return names


def test_init_only_stores_parameters(make_estimator):
    estimator = make_estimator()
    params = estimator.get_params(deep=False)
    constructor = inspect.signature(type(estimator).__init__).parameters
    assert set(params) == set(constructor) - {"self", "args", "kwargs"}
    for name, value in params.items():
        assert getattr(estimator, name) is value


def test_fit_adds_only_trailing_underscore_attributes(make_estimator, reviews):
    X, y, _ = reviews
    estimator = make_estimator()
    before = public_attributes(estimator)
    params = plain_params(estimator)
    assert estimator.fit(X, y) is estimator
    added = public_attributes(estimator) - before
    assert added
    for name in added:
        assert name.endswith("_"), name
    assert plain_params(estimator) == params


def test_predict_before_fit_raises_not_fitted(make_estimator, reviews):
    X, _, _ = reviews
    with pytest.raises(NotFittedError):
        make_estimator().predict(X[:3])


def test_clone_keeps_parameters_and_drops_fitted_state(make_estimator, reviews):
    X, y, _ = reviews
    fitted = make_estimator().fit(X, y)
    copy = clone(fitted)
    assert plain_params(copy) == plain_params(fitted)
    assert public_attributes(copy) == public_attributes(make_estimator())
    with pytest.raises(NotFittedError):
        copy.predict(X[:3])


def test_set_params_rejects_unknown_name(make_estimator):
    with pytest.raises(ValueError, match="Invalid parameter 'no_such_parameter'"):
        make_estimator().set_params(no_such_parameter=1)


def test_fit_is_idempotent(make_estimator, reviews, sample_test):
    X, y, _ = reviews
    estimator = make_estimator()
    first = estimator.fit(X, y).predict_proba(sample_test.data[:100])
    second = estimator.fit(X, y).predict_proba(sample_test.data[:100])
    np.testing.assert_array_equal(first, second)


def test_probabilities_agree_with_predict_and_score(make_estimator, reviews, sample_test):
    X, _, three_classes = reviews
    estimator = make_estimator().fit(X, three_classes)
    assert estimator.classes_.tolist() == ["bad", "good", "mixed"]
    texts, labels = sample_test.data[:100], sample_test.target[:100]
    proba = estimator.predict_proba(texts)
    assert proba.shape == (100, 3)
    assert (proba >= 0).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-6)
    predictions = estimator.predict(texts)
    np.testing.assert_array_equal(predictions, estimator.classes_[np.argmax(proba, axis=1)])

    true_classes = np.where(labels == 1, "good", "bad")
    assert estimator.score(texts, true_classes) == accuracy_score(true_classes, predictions)


def test_is_classifier_with_stratified_cross_validation(make_estimator, reviews):
    X, y, _ = reviews
    estimator = make_estimator()
    assert is_classifier(estimator)
    assert isinstance(check_cv(3, y, classifier=is_classifier(estimator)), StratifiedKFold)
    # Sorted by label: unstratified 2-fold splits would train on a single class.
    order = np.argsort(y, kind="stable")
    scores = cross_val_score(
        estimator, np.asarray(X, dtype=object)[order], y[order], cv=2, error_score="raise"
    )
    assert len(scores) == 2


def test_unit_weights_equal_no_weights(make_estimator, reviews, sample_test):
    X, y, _ = reviews
    estimator = make_estimator()
    if isinstance(estimator, Pipeline):
        weight_name = f"{estimator.steps[-1][0]}__sample_weight"
    else:
        weight_name = "sample_weight"
    unweighted = clone(estimator).fit(X, y).predict_proba(sample_test.data[:100])
    weighted = (
        clone(estimator)
        .fit(X, y, **{weight_name: np.ones(len(y))})
        .predict_proba(sample_test.data[:100])
    )
    np.testing.assert_allclose(weighted, unweighted, rtol=0, atol=1e-7)


def test_tags_declare_string_input(make_estimator):
    tags = get_tags(make_estimator())
    assert tags.input_tags.string
    assert not tags.input_tags.two_d_array
    assert tags.estimator_type == "classifier"


def test_missing_text_gives_the_same_error(make_estimator, reviews):
    X, y, _ = reviews
    with pytest.raises(ValueError, match=r"found a missing value \(None\) at item 2 of X"):
        make_estimator().fit([X[0], X[1], None, X[3]], y[:4])
