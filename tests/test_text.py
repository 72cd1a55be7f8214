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


def test_index_tokens_maps_unknown_tokens_to_oov():
    sequences = _text.index_tokens([["a", "zzz", "b"], ["b"]], {"a": 2, "b": 3}, 10)
    assert sequences.ids.tolist() == [2, _text.OOV_INDEX, 3, 3]
    assert sequences.lengths.tolist() == [3, 1]


@pytest.mark.parametrize(
    "truncating, expected",
    [("pre", ["c", "d", "e"]), ("post", ["a", "b", "c"])],
    ids=["pre-keeps-end", "post-keeps-start"],
)
def test_index_tokens_truncates_long_texts(truncating, expected):
    vocabulary = {token: index for index, token in enumerate("abcde", start=2)}
    sequences = _text.index_tokens([list("abcde")], vocabulary, 3, truncating)
    assert sequences.ids.tolist() == [vocabulary[token] for token in expected]


def test_training_batches_group_similar_lengths():
    rng = np.random.default_rng(0)
    lengths = rng.integers(1, 500, size=1000)
    batches = _text.training_batches(lengths, 16, rng, pool_batches=8)
    rows = np.concatenate(batches)
    assert sorted(rows.tolist()) == list(range(1000))
    assert max(len(batch) for batch in batches) == 16
    # Sorting within pools leaves far less padding than random batches would.
    padded_tokens = sum(len(batch) * lengths[batch].max() for batch in batches)
    assert padded_tokens < 1.2 * lengths.sum()
    # Another epoch draws other batches in another order.
    again = _text.training_batches(lengths, 16, np.random.default_rng(1), pool_batches=8)
    assert not np.array_equal(np.concatenate(again), rows)


def test_sorted_batches_go_from_short_to_long():
    lengths = np.array([5, 1, 9, 3, 7])
    batches = _text.sorted_batches(lengths, 2)
    assert [batch.tolist() for batch in batches] == [[1, 3], [0, 4], [2]]


def test_choose_max_length_rounds_quantile_up_and_caps():
    assert _text.choose_max_length(list(range(1, 101))) == 96
    assert _text.choose_max_length([3, 3, 3]) == 8
    assert _text.choose_max_length([1000] * 10) == 400
