"""Text to padded integer sequences: clean, tokenize, index, pad.

This module is the first half of the pipeline that
:class:`skrnn.TextRNNClassifier` runs. It depends on NumPy only, so it can be
used and tested without TensorFlow.
"""

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


def to_indices(token_lists, vocabulary):
    """Replace each token by its vocabulary index, or 1 when it is unknown.

    Returns
    -------
    sequences : list of list of int
    """
    lookup = vocabulary.get
    return [[lookup(token, OOV_INDEX) for token in tokens] for tokens in token_lists]


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


def pad(sequences, max_length, truncating="pre"):
    """Right-pad integer sequences with 0 into one ``(n, max_length)`` array.

    Padding always goes at the end, so a masked recurrent layer reads every
    real token first. Longer sequences are cut to ``max_length``:
    ``truncating="pre"`` drops tokens from the start (the end of the text is
    kept) and ``"post"`` drops them from the end, as in Keras's
    ``pad_sequences``. A text without tokens becomes a single
    out-of-vocabulary token, because a recurrent layer needs at least one
    unmasked step (cuDNN rejects zero-length sequences).

    Returns
    -------
    padded : ndarray of shape (n_texts, max_length), dtype int32
    """
    padded = np.zeros((len(sequences), max_length), dtype=np.int32)
    for row, sequence in enumerate(sequences):
        if not sequence:
            sequence = [OOV_INDEX]
        elif len(sequence) > max_length:
            if truncating == "pre":
                sequence = sequence[-max_length:]
            else:
                sequence = sequence[:max_length]
        padded[row, : len(sequence)] = sequence
    return padded
