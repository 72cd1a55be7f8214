"""Text to padded integer sequences: clean, tokenize, index, pad.

This module is the first half of the pipeline that
:class:`skrnn.TextRNNClassifier` runs. It depends on NumPy only, so it can be
used and tested without TensorFlow.
"""

import itertools
import math
import re
from collections import Counter

import numpy as np

PADDING_INDEX = 0
OOV_INDEX = 1
FIRST_WORD_INDEX = 2

# IMDB reviews carry markup such as "<br /><br />"; any tag becomes a space so
# that the words on both sides of it stay separate tokens.
_HTML_TAG = re.compile(r"<[^>]*>")

# A word is a run of letters or digits, with apostrophes allowed inside it so
# that "don't" and "director's" stay one token.
TOKEN_PATTERN = r"\w+(?:'\w+)*"
_TOKEN = re.compile(TOKEN_PATTERN)


def clean(text):
    """Lowercase ``text`` and replace HTML tags by spaces."""
    return _HTML_TAG.sub(" ", text.lower())


def tokenize(text):
    """Split one text into lowercase word tokens.

    HTML tags are removed and line breaks act as spaces.

    Parameters
    ----------
    text : str
        One document.

    Returns
    -------
    tokens : list of str
    """
    return _TOKEN.findall(clean(text))


def build_analyzer(token_pattern=TOKEN_PATTERN, tokenizer=None):
    """Return a function that turns one text into its list of tokens.

    Every text is cleaned first (see :func:`clean`). Then ``tokenizer``, when
    given, splits it; otherwise the regular expression ``token_pattern`` finds
    the tokens, as in scikit-learn's ``CountVectorizer``. A pattern with one
    capturing group yields that group's text.

    Parameters
    ----------
    token_pattern : str, default=TOKEN_PATTERN
    tokenizer : callable or None, default=None
        Takes one cleaned str and returns a list of str tokens.

    Returns
    -------
    analyzer : callable
        Maps a str to a list of str.

    Raises
    ------
    ValueError
        If ``token_pattern`` is not a valid regular expression or has more
        than one capturing group.
    """
    if tokenizer is not None:

        def analyze(text):
            tokens = tokenizer(clean(text))
            if not isinstance(tokens, (list, tuple)) or not all(
                isinstance(token, str) for token in tokens
            ):
                raise TypeError(
                    f"tokenizer must return a list of str, but {tokenizer!r} returned "
                    f"{_shorten(repr(tokens))} for the text {_shorten(repr(text))}."
                )
            return list(tokens)

        return analyze

    if token_pattern == TOKEN_PATTERN:
        pattern = _TOKEN
    else:
        try:
            pattern = re.compile(token_pattern)
        except re.error as error:
            raise ValueError(
                f"token_pattern={token_pattern!r} is not a valid regular expression: "
                f"{error}."
            ) from None
        if pattern.groups > 1:
            raise ValueError(
                f"token_pattern={token_pattern!r} has {pattern.groups} capturing "
                "groups; at most one is allowed. Write the others as (?:...)."
            )

    def analyze(text):
        return pattern.findall(clean(text))

    return analyze


def _shorten(text, limit=80):
    return text if len(text) <= limit else text[: limit - 3] + "..."


def build_vocabulary(token_lists, max_features):
    """Map the ``max_features`` most frequent tokens to indices from 2 up.

    Index 0 is reserved for padding and 1 for out-of-vocabulary tokens. Ties
    in frequency are broken alphabetically so that the vocabulary does not
    depend on the order of the training texts.

    Parameters
    ----------
    token_lists : iterable of list of str
    max_features : int or None
        Maximum number of word entries; None keeps every token.

    Returns
    -------
    vocabulary : dict of str to int
    """
    counts = Counter()
    for tokens in token_lists:
        counts.update(tokens)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if max_features is not None:
        ranked = ranked[:max_features]
    return {
        token: index
        for index, (token, _) in enumerate(ranked, start=FIRST_WORD_INDEX)
    }


def choose_max_length(lengths, quantile=0.9, cap=400, multiple=8):
    """Pick a padded length from the training texts' token counts.

    The rule: the ``quantile`` of the lengths, rounded up to a multiple of
    ``multiple``, at least ``multiple`` and at most ``cap``.

    Parameters
    ----------
    lengths : sequence of int
        Number of tokens in each training text.

    Returns
    -------
    max_length : int
    """
    if len(lengths) == 0:
        return multiple
    length = float(np.quantile(np.asarray(lengths), quantile))
    length = multiple * max(1, math.ceil(length / multiple))
    return int(min(length, cap))


class Sequences:
    """Token indices of many texts, stored end to end without padding.

    A batch can then be padded to the length of its longest text rather than
    to one length for all texts (see :func:`skrnn._network.batch_dataset`).

    Parameters
    ----------
    ids : ndarray of shape (n_tokens,), dtype int32
        The texts' token indices, one text after the other.
    lengths : ndarray of shape (n_texts,), dtype int64
        Number of tokens of each text; every length is at least 1.
    """

    def __init__(self, ids, lengths):
        self.ids = ids
        self.lengths = lengths

    def __len__(self):
        return len(self.lengths)


def index_tokens(token_lists, vocabulary, max_length, truncating="pre"):
    """Replace tokens by vocabulary indices and cut texts to ``max_length``.

    Unknown tokens become index 1. A text longer than ``max_length`` loses
    its start with ``truncating="pre"`` (the end is kept) or its end with
    ``"post"``, as in Keras's ``pad_sequences``. A text without tokens becomes
    a single out-of-vocabulary token, because a recurrent layer needs at least
    one unmasked step (cuDNN rejects zero-length sequences).

    Parameters
    ----------
    token_lists : list of list of str
    vocabulary : dict of str to int
    max_length : int
    truncating : {"pre", "post"}, default="pre"

    Returns
    -------
    sequences : Sequences
    """
    cut_lists = []
    for tokens in token_lists:
        if len(tokens) > max_length:
            tokens = tokens[-max_length:] if truncating == "pre" else tokens[:max_length]
        # None is never a vocabulary key, so it is looked up as unknown.
        cut_lists.append(tokens or (None,))
    lengths = np.fromiter(map(len, cut_lists), dtype=np.int64, count=len(cut_lists))
    ids = np.fromiter(
        map(vocabulary.get, itertools.chain.from_iterable(cut_lists), itertools.repeat(OOV_INDEX)),
        dtype=np.int32,
        count=int(lengths.sum()),
    )
    return Sequences(ids, lengths)


def training_batches(lengths, batch_size, rng, pool_batches=50):
    """Split texts into batches of similar length, in a random order.

    The texts are shuffled, then cut into pools of ``pool_batches`` batches.
    Each pool is sorted by length and cut into batches, and the order of all
    batches is shuffled. A batch padded to its longest member then contains
    little padding, while every epoch still gets new batches in a new order.

    Parameters
    ----------
    lengths : ndarray of shape (n_texts,)
    batch_size : int
    rng : numpy.random.Generator
    pool_batches : int, default=50

    Returns
    -------
    batches : list of ndarray of int
        Row indices of each batch; together they hold every text once.
    """
    order = rng.permutation(len(lengths))
    pool_size = batch_size * pool_batches
    batches = []
    for start in range(0, len(order), pool_size):
        pool = order[start : start + pool_size]
        pool = pool[np.argsort(lengths[pool], kind="stable")]
        batches.extend(pool[i : i + batch_size] for i in range(0, len(pool), batch_size))
    return [batches[i] for i in rng.permutation(len(batches))]


def sorted_batches(lengths, batch_size):
    """Split texts into batches in order of length, for prediction.

    Returns
    -------
    batches : list of ndarray of int
        Row indices of each batch, shortest texts first.
    """
    order = np.argsort(lengths, kind="stable")
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
