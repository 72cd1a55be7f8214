import numpy as np
import pytest

from skrnn import _text


def test_tokenize_removes_html_and_lowercases():
    text = "Great movie!<br /><br />I LOVED it.\nThe End"
    assert _text.tokenize(text) == ["great", "movie", "i", "loved", "it", "the", "end"]


def test_tokenize_keeps_inner_apostrophes():
    assert _text.tokenize("Don't miss the director's cut 'now'") == [
        "don't", "miss", "the", "director's", "cut", "now",
    ]


def test_build_vocabulary_orders_by_frequency_then_alphabet():
    vocabulary = _text.build_vocabulary([["b", "a", "c", "c"], ["a", "c", "d"]], None)
    assert vocabulary == {"c": 2, "a": 3, "b": 4, "d": 5}


def test_build_vocabulary_keeps_max_features():
    vocabulary = _text.build_vocabulary([["b", "a", "c", "c"], ["a", "c", "d"]], 2)
    assert vocabulary == {"c": 2, "a": 3}


def test_to_indices_maps_unknown_tokens_to_oov():
    assert _text.to_indices([["a", "zzz", "b"]], {"a": 2, "b": 3}) == [[2, _text.OOV_INDEX, 3]]


@pytest.mark.parametrize(
    "truncating, expected",
    [("pre", [3, 4, 5]), ("post", [1, 2, 3])],
    ids=["pre-keeps-end", "post-keeps-start"],
)
def test_pad_truncates_long_sequences(truncating, expected):
    padded = _text.pad([[1, 2, 3, 4, 5]], 3, truncating)
    assert padded.tolist() == [expected]


def test_pad_right_pads_short_and_empty_sequences():
    padded = _text.pad([[7, 8], []], 4)
    assert padded.dtype == np.int32
    assert padded.tolist() == [[7, 8, 0, 0], [_text.OOV_INDEX, 0, 0, 0]]


def test_choose_max_length_rounds_quantile_up_and_caps():
    assert _text.choose_max_length(list(range(1, 101))) == 96
    assert _text.choose_max_length([3, 3, 3]) == 8
    assert _text.choose_max_length([1000] * 10) == 400
