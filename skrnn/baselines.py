"""Bag-of-words baselines to compare recurrent networks against.

Each function returns an unfitted scikit-learn :class:`~sklearn.pipeline.Pipeline`
that takes raw texts, like :class:`skrnn.TextRNNClassifier`, and cleans them
the same way (lowercase, HTML tags removed, the same word tokens).
"""

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline

from ._text import TOKEN_PATTERN, clean

__all__ = ["BASELINES", "count_naive_bayes", "tfidf_logistic_regression"]


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
    pipeline : sklearn.pipeline.Pipeline
        Steps "tfidf" and "classifier".

    Examples
    --------
    >>> from skrnn.baselines import tfidf_logistic_regression
    >>> from skrnn.datasets import load_imdb_sample
    >>> train = load_imdb_sample(subset="train")
    >>> model = tfidf_logistic_regression().fit(train.data, train.target)
    >>> model.predict(["An awful, boring waste of time."])
    array([0])
    """
    return Pipeline(
        [
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
            ("classifier", LogisticRegression(C=C, solver="liblinear")),
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
    pipeline : sklearn.pipeline.Pipeline
        Steps "counts" and "classifier".
    """
    return Pipeline(
        [
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
