"""Property-based tests: arbitrary Unicode texts and label sets never break skrnn."""

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from skrnn import TextRNNClassifier, _text

# Any Unicode text, markup and control characters included (Hypothesis leaves
# out lone surrogates, which a Python str from decoded input cannot hold).
texts = st.text(max_size=300)

LABEL_SETS = [[0, 1], ["neg", "pos"], [-1, 3, 7], ["a", "b", "c", "d"], [True, False]]


@settings(max_examples=300, deadline=None)
@given(text=texts, max_length=st.integers(1, 50), truncating=st.sampled_from(["pre", "post"]))
def test_text_steps_never_raise(text, max_length, truncating):
    tokens = _text.build_analyzer()(text)
    assert all(isinstance(token, str) and token for token in tokens)
    assert all(token == token.lower() for token in tokens)
    vocabulary = _text.build_vocabulary([tokens], max_features=None)
    sequences = _text.index_tokens([tokens], vocabulary, max_length, truncating)
    # At least one step is unmasked, even for a text without tokens.
    assert 1 <= sequences.lengths[0] <= max_length
    assert (sequences.ids != _text.PADDING_INDEX).all()


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(batch=st.lists(texts, min_size=1, max_size=20))
def test_predict_proba_is_valid_for_any_texts(batch, fitted_tiny):
    proba = fitted_tiny.predict_proba(batch)
    assert proba.shape == (len(batch), 2)
    assert np.isfinite(proba).all()
    assert (proba >= 0).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-9)


@st.composite
def labelled_texts(draw):
    labels = draw(st.sampled_from(LABEL_SETS))
    size = draw(st.integers(2, 12))
    y = draw(st.lists(st.sampled_from(labels), min_size=size, max_size=size))
    assume(len(set(y)) >= 2)
    X = draw(st.lists(texts, min_size=size, max_size=size))
    return X, y


# Each example trains a network, so there are few of them.
@settings(max_examples=12, deadline=None)
@given(data=labelled_texts(), queries=st.lists(texts, min_size=1, max_size=5))
def test_fit_and_predict_never_raise(data, queries):
    X, y = data
    clf = TextRNNClassifier(
        units=4, embedding_dim=4, epochs=1, batch_size=4, validation_fraction=None, random_state=0
    )
    assert clf.fit(X, y) is clf
    assert sorted(clf.classes_.tolist()) == sorted(set(y))
    proba = clf.predict_proba(queries + X)
    assert np.isfinite(proba).all()
    assert (proba >= 0).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-9)
    assert set(clf.predict(queries).tolist()) <= set(clf.classes_.tolist())
