"""Dirty and invalid input: each row of the bad-input table in docs/index.md.

Every case either works as described there or raises the error described
there, with a message that names the problem.
"""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import DataConversionWarning
from sklearn.model_selection import GridSearchCV
from sklearn.utils._param_validation import InvalidParameterError

from skrnn import TextRNNClassifier

from conftest import TINY_PARAMS

# Small and fast: these tests check input handling, not what the network learns.
FAST_PARAMS = {**TINY_PARAMS, "epochs": 1, "validation_fraction": None}


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA])
def test_missing_text_names_its_position(missing, fitted_tiny):
    texts = ["a good film", missing, "a bad film"]
    with pytest.raises(ValueError, match=r"missing value .* at item 1 of X"):
        fitted_tiny.predict(texts)
    with pytest.raises(ValueError, match=r"missing value .* at item 1 of X"):
        TextRNNClassifier(**FAST_PARAMS).fit(texts, [0, 1, 0])


def test_missing_text_in_series(fitted_tiny):
    texts = pd.Series(["a good film", None, "a bad film"], dtype="string")
    with pytest.raises(ValueError, match="at item 1 of X"):
        fitted_tiny.predict(texts)


@pytest.mark.parametrize("item", [3, 2.5, ["a", "list"], {"a": 1}, object()])
def test_non_string_item_is_rejected(item, fitted_tiny):
    with pytest.raises(TypeError, match=r"item 1 is " + re.escape(type(item).__name__)):
        fitted_tiny.predict(["a good film", item])


def test_utf8_bytes_are_decoded(fitted_tiny):
    texts = ["A café scene, très bien.", "Plain words only."]
    as_bytes = [text.encode("utf-8") for text in texts]
    np.testing.assert_array_equal(
        fitted_tiny.predict_proba(as_bytes), fitted_tiny.predict_proba(texts)
    )
    as_array = np.array(as_bytes)
    assert as_array.dtype.kind == "S"
    np.testing.assert_array_equal(
        fitted_tiny.predict_proba(as_array), fitted_tiny.predict_proba(texts)
    )


def test_latin1_bytes_need_encoding(small_texts):
    X, y = small_texts
    latin1 = [text.encode("ascii", errors="ignore") for text in X[:40]]
    latin1[3] = "Un film très émouvant".encode("latin-1")

    with pytest.raises(ValueError, match=r"could not decode item 3 with encoding='utf-8'"):
        TextRNNClassifier(**FAST_PARAMS).fit(latin1, y[:40])

    every_word = {**FAST_PARAMS, "max_features": None}
    decoded = TextRNNClassifier(**every_word, encoding="latin-1").fit(latin1, y[:40])
    assert "très" in decoded.vocabulary_
    replaced = TextRNNClassifier(**every_word, decode_error="replace").fit(latin1, y[:40])
    assert "très" not in replaced.vocabulary_
    assert "film" in replaced.vocabulary_


def test_empty_and_unknown_texts_get_valid_probabilities(fitted_tiny):
    texts = ["", "   ", "<br /><br />", "qwzx vbnmq", "plokij uhygtf"]
    proba = fitted_tiny.predict_proba(texts)
    assert proba.shape == (5, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    # Texts without tokens and texts of two unknown words are both all out-of-vocabulary.
    np.testing.assert_array_equal(proba[0], proba[1])
    np.testing.assert_array_equal(proba[0], proba[2])
    np.testing.assert_array_equal(proba[3], proba[4])


def test_fit_on_only_empty_texts_predicts_class_prior():
    clf = TextRNNClassifier(**FAST_PARAMS).fit([""] * 30 + ["  "] * 30, [0] * 20 + [1] * 40)
    assert clf.vocabulary_ == {}
    proba = clf.predict_proba(["anything at all"])
    assert proba.shape == (1, 2)
    assert np.isfinite(proba).all()


def test_million_character_text_keeps_its_end(fitted_tiny, sample_test):
    ending = sample_test.data[0]
    huge = "filler " * 150_000 + ending
    assert len(huge) > 1_000_000
    np.testing.assert_allclose(
        fitted_tiny.predict_proba([huge]), fitted_tiny.predict_proba(["filler " * 64 + ending])
    )


CHINESE_TEXTS = ["这部电影很好看", "我很喜欢这部电影", "这部电影很难看", "我不喜欢这部电影"] * 10
EMOJI_TEXTS = ["great film 😀👍", "loved it 😀", "awful film 😡👎", "hated it 😡"] * 10
FOUR_LABELS = [1, 1, 0, 0] * 10


def test_unsegmented_script_needs_a_token_pattern():
    default = TextRNNClassifier(**FAST_PARAMS).fit(CHINESE_TEXTS, FOUR_LABELS)
    # \w+ takes a whole run of Chinese characters as one token.
    assert sorted(default.vocabulary_) == sorted(set(CHINESE_TEXTS))

    per_character = TextRNNClassifier(**FAST_PARAMS, token_pattern=r"\w").fit(
        CHINESE_TEXTS, FOUR_LABELS
    )
    assert set(per_character.vocabulary_) == set("".join(CHINESE_TEXTS))
    assert per_character.predict_proba(["好看的电影"]).shape == (1, 2)


def split_characters(text):
    return [character for character in text if not character.isspace()]


def test_tokenizer_function_replaces_pattern():
    clf = TextRNNClassifier(**FAST_PARAMS, tokenizer=split_characters).fit(
        CHINESE_TEXTS, FOUR_LABELS
    )
    assert set(clf.vocabulary_) == set("".join(CHINESE_TEXTS))


def test_emoji_are_dropped_unless_pattern_keeps_them():
    default = TextRNNClassifier(**FAST_PARAMS).fit(EMOJI_TEXTS, FOUR_LABELS)
    assert "😀" not in default.vocabulary_
    with_emoji = TextRNNClassifier(**FAST_PARAMS, token_pattern=r"\w+(?:'\w+)*|[^\w\s]").fit(
        EMOJI_TEXTS, FOUR_LABELS
    )
    assert {"😀", "👍", "😡", "👎"} <= set(with_emoji.vocabulary_)


def test_tokenizer_returning_a_string_is_rejected():
    with pytest.raises(TypeError, match="tokenizer must return a list of str"):
        TextRNNClassifier(**FAST_PARAMS, tokenizer=str.upper).fit(EMOJI_TEXTS, FOUR_LABELS)


@pytest.mark.parametrize(
    "pattern, message", [("(unclosed", "not a valid regular"), (r"(\w)(\w)", "at most one")]
)
def test_invalid_token_pattern_is_rejected(pattern, message):
    with pytest.raises(ValueError, match=message):
        TextRNNClassifier(**FAST_PARAMS, token_pattern=pattern).fit(EMOJI_TEXTS, FOUR_LABELS)


def test_bare_string_is_rejected(fitted_tiny):
    with pytest.raises(TypeError, match=r"single str\. Wrap it in a list"):
        fitted_tiny.predict("A single review.")
    with pytest.raises(TypeError, match=r"single bytes\. Wrap it in a list"):
        fitted_tiny.predict(b"A single review.")


def test_length_mismatch_is_rejected(small_texts):
    X, y = small_texts
    with pytest.raises(ValueError, match="got 10 texts but 9 labels"):
        TextRNNClassifier(**FAST_PARAMS).fit(X[:10], y[:9])


def test_empty_input_is_rejected(fitted_tiny):
    with pytest.raises(ValueError, match="found 0 texts"):
        TextRNNClassifier(**FAST_PARAMS).fit([], [])
    with pytest.raises(ValueError, match="found 0 texts"):
        fitted_tiny.predict([])


def test_single_class_is_rejected(small_texts):
    X, _ = small_texts
    with pytest.raises(ValueError, match=r"at least 2 classes in y, but got only the class 'pos'"):
        TextRNNClassifier(**FAST_PARAMS).fit(X[:10], ["pos"] * 10)


@pytest.mark.parametrize("missing", [None, np.nan])
def test_missing_label_names_its_position(missing, small_texts):
    X, _ = small_texts
    labels = np.array(["pos", "neg"] * 5, dtype=object)
    labels[7] = missing
    with pytest.raises(ValueError, match=r"1 missing value\(s\) .* in y, the first at position 7"):
        TextRNNClassifier(**FAST_PARAMS).fit(X[:10], labels)

    numeric = np.array([0.0, 1.0] * 5)
    numeric[2] = np.nan
    with pytest.raises(ValueError, match="the first at position 2"):
        TextRNNClassifier(**FAST_PARAMS).fit(X[:10], numeric)


def test_column_vector_y_warns_and_fits(small_texts):
    X, y = small_texts
    with pytest.warns(DataConversionWarning):
        clf = TextRNNClassifier(**FAST_PARAMS).fit(X[:60], np.asarray(y[:60]).reshape(-1, 1))
    assert clf.classes_.tolist() == [0, 1]


def test_two_column_y_is_rejected(small_texts):
    X, y = small_texts
    with pytest.raises(ValueError, match=r"one target per text, but y has shape \(60, 2\)"):
        TextRNNClassifier(**FAST_PARAMS).fit(X[:60], np.column_stack([y[:60], y[:60]]))


def test_misspelled_parameter_suggests_the_closest():
    with pytest.raises(
        TypeError, match=r"unexpected keyword argument 'unit'\. Did you mean 'units'\?"
    ):
        TextRNNClassifier(unit=16)
    with pytest.raises(
        ValueError, match=r"Invalid parameter 'embeding_dim' .* Did you mean 'embedding_dim'\?"
    ):
        TextRNNClassifier().set_params(embeding_dim=16)


def test_misspelled_grid_parameter_fails_early(small_texts):
    X, y = small_texts
    search = GridSearchCV(TextRNNClassifier(**FAST_PARAMS), {"learning_rte": [0.01]}, cv=2)
    with pytest.raises(ValueError, match="Did you mean 'learning_rate'"):
        search.fit(X[:40], y[:40])


# One invalid value per parameter; each must fail with scikit-learn's message shape.
INVALID_VALUES = {
    "max_features": 0,
    "max_length": -5,
    "truncating": "middle",
    "token_pattern": 5,
    "tokenizer": "split",
    "encoding": None,
    "decode_error": "skip",
    "embedding_dim": 2.5,
    "embeddings": 42,
    "trainable_embeddings": "no",
    "cell": "rnn",
    "units": True,
    "bidirectional": "yes",
    "num_layers": 0,
    "pooling": "max",
    "dropout": 1.0,
    "recurrent_dropout": -0.1,
    "optimizer": "lbfgs",
    "learning_rate": 0,
    "clipnorm": -1.0,
    "batch_size": 0,
    "epochs": 0,
    "validation_fraction": 1.5,
    "n_iter_no_change": 0,
    "class_weight": "equal",
    "random_state": "seed",
    "verbose": 5,
    "warm_start": "yes",
}


def test_every_parameter_has_an_invalid_case():
    assert set(INVALID_VALUES) == set(TextRNNClassifier().get_params())


@pytest.mark.parametrize("name, value", sorted(INVALID_VALUES.items()))
def test_invalid_value_names_parameter_and_value(name, value, small_texts):
    X, y = small_texts
    clf = TextRNNClassifier(**{name: value})
    pattern = (
        rf"^The '{name}' parameter of TextRNNClassifier must be .+\. "
        rf"Got {re.escape(repr(value))} instead\.$"
    )
    with pytest.raises(InvalidParameterError, match=pattern):
        clf.fit(X[:20], y[:20])


def test_other_column_name_at_predict_is_rejected(small_texts):
    X, y = small_texts
    clf = TextRNNClassifier(**FAST_PARAMS).fit(pd.DataFrame({"review": X[:60]}), y[:60])
    assert clf.feature_names_in_.tolist() == ["review"]
    with pytest.raises(
        ValueError, match=r"X has the column 'text', but .* fitted on the column 'review'"
    ):
        clf.predict(pd.DataFrame({"text": X[:5]}))

    with pytest.warns(UserWarning, match="does not have valid feature names"):
        from_list = clf.predict_proba(X[:5])
    np.testing.assert_array_equal(from_list, clf.predict_proba(pd.DataFrame({"review": X[:5]})))


def test_frame_after_list_fit_warns(fitted_tiny, small_texts):
    X, _ = small_texts
    with pytest.warns(UserWarning, match="fitted without feature names"):
        fitted_tiny.predict(pd.DataFrame({"review": X[:5]}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fitted_tiny.predict(pd.Series(X[:5], name="review"))


def test_unknown_encoding_is_rejected(small_texts):
    X, y = small_texts
    with pytest.raises(ValueError, match=r"The 'encoding' parameter .* Got 'no-such-codec'"):
        TextRNNClassifier(**FAST_PARAMS, encoding="no-such-codec").fit(X[:20], y[:20])


def test_baseline_text_step_checks_decoding():
    from skrnn.baselines import TextInput

    with pytest.raises(ValueError, match=r"The 'encoding' parameter of TextInput"):
        TextInput(encoding="no-such-codec").transform([b"a review"])
    with pytest.raises(ValueError, match=r"The 'decode_error' parameter of TextInput"):
        TextInput(decode_error="skip").transform([b"a review"])


def test_two_column_frame_after_one_column_fit(small_texts):
    X, y = small_texts
    clf = TextRNNClassifier(**FAST_PARAMS).fit(pd.DataFrame({"review": X[:60]}), y[:60])
    two_columns = pd.DataFrame({"review": X[:3], "extra": X[:3]})
    with pytest.raises(ValueError, match=r"exactly one column, but got shape \(3, 2\)"):
        clf.predict(two_columns)


def test_partial_fit_classes_are_checked(small_texts):
    X, y = small_texts
    clf = TextRNNClassifier(**FAST_PARAMS)
    with pytest.raises(ValueError, match=r"labels \[1\] that are not among the classes \[0, 2\]"):
        clf.partial_fit(X[:50], y[:50], classes=[0, 2])
    with pytest.raises(ValueError, match="Pass every label the batches may contain"):
        clf.partial_fit(X[:50], y[:50], classes=[0, 2])
    assert not hasattr(clf, "model_")
    with pytest.raises(ValueError, match=r"classes=\[0, 1, None\] contains a missing value"):
        clf.partial_fit(X[:50], y[:50], classes=[0, 1, None])
    with pytest.raises(ValueError, match=r"classes must be a 1-D list of labels"):
        clf.partial_fit(X[:50], y[:50], classes=[[0, 1]])
