"""Bag-of-words baselines to compare recurrent networks against.

Each function returns an unfitted :class:`TextPipeline`, a scikit-learn Pipeline
that takes raw texts, like :class:`skrnn.TextRNNClassifier`: its first step,
:class:`TextInput`, checks them with the same errors, and the vectorizer
cleans them the same way (lowercase, HTML tags removed, the same word
tokens).
"""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline
from sklearn.utils import get_tags

from ._text import TOKEN_PATTERN, clean
from ._validation import check_encoding, check_texts

__all__ = [
    "BASELINES",
    "TextInput",
    "TextPipeline",
    "count_naive_bayes",
    "tfidf_logistic_regression",
]


class TextInput(TransformerMixin, BaseEstimator):
    """Check raw texts and decode bytes, with TextRNNClassifier's errors.

    A stateless first step for pipelines of scikit-learn's vectorizers, which
    otherwise fail on a missing value deep inside their preprocessing.

    Parameters
    ----------
    encoding : str, default="utf-8"
        Encoding used to decode texts given as bytes.
    decode_error : {"strict", "ignore", "replace"}, default="strict"
        What to do with bytes that are invalid in ``encoding``.
    """

    def __init__(self, *, encoding="utf-8", decode_error="strict"):
        self.encoding = encoding
        self.decode_error = decode_error

    def fit(self, X, y=None):
        """Check ``X``; nothing is learned.

        Returns
        -------
        self : TextInput
        """
        self.transform(X)
        return self

    def transform(self, X):
        """Return the texts of ``X`` as a list of str.

        Raises
        ------
        TypeError, ValueError
            For input that is not a collection of texts; see
            :class:`skrnn.TextRNNClassifier`.
        """
        name = type(self).__name__
        check_encoding(self.encoding, owner=name, decode_error=self.decode_error)
        return check_texts(
            X,
            estimator_name=name,
            encoding=self.encoding,
            decode_error=self.decode_error,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        tags.transformer_tags.preserves_dtype = []
        return tags


class TextPipeline(Pipeline):
    """A Pipeline whose tags declare the input its first step takes.

    scikit-learn's Pipeline copies only the ``pairwise`` and ``sparse`` input
    tags from its steps, so a pipeline of text steps would not declare string
    input.
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        first = self.steps[0][1] if self.steps else None
        if first is not None and first != "passthrough":
            first_tags = get_tags(first).input_tags
            tags.input_tags.string = first_tags.string
            tags.input_tags.two_d_array = first_tags.two_d_array
        return tags


def tfidf_logistic_regression(*, C=10.0, min_df=2, max_df=0.9):
    """TF-IDF of word unigrams and bigrams + logistic regression.

    The defaults suit long reviews: sublinear term frequency so a word
    repeated ten times does not count ten times, bigrams to catch "not
    good", and a weak regularization (``C=10``), because the 25,000 IMDB
    training reviews support several hundred thousand bigram features.

    Parameters
    ----------
    C : float, default=10.0
        Inverse regularization strength of the logistic regression.
    min_df : int or float, default=2
        Ignore terms found in fewer documents than this.
    max_df : float, default=0.9
        Ignore terms found in more than this share of the documents.

    Returns
    -------
    pipeline : TextPipeline
        Steps "texts" (:class:`TextInput`), "tfidf" and "classifier".

    Examples
    --------
    >>> from skrnn.baselines import tfidf_logistic_regression
    >>> from skrnn.datasets import load_imdb_sample
    >>> train = load_imdb_sample(subset="train")
    >>> model = tfidf_logistic_regression().fit(train.data, train.target)
    >>> model.predict(["An awful, boring waste of time."])
    array([0])
    """
    return TextPipeline(
        [
            ("texts", TextInput()),
            (
                "tfidf",
                TfidfVectorizer(
                    preprocessor=clean,
                    token_pattern=TOKEN_PATTERN,
                    ngram_range=(1, 2),
                    min_df=min_df,
                    max_df=max_df,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            ("classifier", LogisticRegression(C=C, max_iter=1000)),
        ]
    )


def count_naive_bayes(*, alpha=1.0, min_df=2):
    """Word unigram and bigram counts + multinomial naive Bayes.

    A fast, classic baseline that sits below the logistic regression on
    IMDB; it shows how much a linear model's tuning adds.

    Parameters
    ----------
    alpha : float, default=1.0
        Additive smoothing of the naive Bayes model.
    min_df : int or float, default=2
        Ignore terms found in fewer documents than this.

    Returns
    -------
    pipeline : TextPipeline
        Steps "texts" (:class:`TextInput`), "counts" and "classifier".
    """
    return TextPipeline(
        [
            ("texts", TextInput()),
            (
                "counts",
                CountVectorizer(
                    preprocessor=clean,
                    token_pattern=TOKEN_PATTERN,
                    ngram_range=(1, 2),
                    min_df=min_df,
                ),
            ),
            ("classifier", MultinomialNB(alpha=alpha)),
        ]
    )


#: Baselines by the name the comparison command reports them under.
BASELINES = {
    "tfidf_logreg": tfidf_logistic_regression,
    "counts_naive_bayes": count_naive_bayes,
}
