"""Checks that turn the containers users pass into a list of texts."""

import numpy as np
import scipy.sparse
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import column_or_1d


def check_texts(X, *, estimator_name):
    """Return ``X`` as a list of str, or raise an error that names the problem.

    Accepted: any iterable of strings (list, tuple, 1-D NumPy array, pandas
    Series) and 2-D input with exactly one column (a one-column DataFrame, an
    ``(n, 1)`` array, what a ColumnTransformer passes on).

    Raises
    ------
    TypeError
        For a single string, sparse input, a non-iterable, or items that are
        not str.
    ValueError
        For 2-D input with more or fewer than one column, or no texts at all.
    """
    if isinstance(X, (str, bytes)):
        raise TypeError(
            f"{estimator_name} expects a collection of texts, such as a list of "
            f"strings, but got a single {type(X).__name__}. Wrap it in a list: [text]."
        )
    if scipy.sparse.issparse(X):
        raise TypeError(
            f"{estimator_name} expects raw texts, but got a sparse matrix. Pass the "
            "texts themselves; the estimator tokenizes them."
        )

    shape = getattr(X, "shape", None)
    if shape is not None and len(shape) >= 2:
        if len(shape) > 2 or shape[1] != 1:
            raise ValueError(
                f"{estimator_name} expects one text per row: a 1-D collection or 2-D "
                f"input with exactly one column, but got shape {tuple(shape)}."
            )
        # A DataFrame's iloc and an array's indexing both select the column.
        column = X.iloc[:, 0] if hasattr(X, "iloc") else X[:, 0]
        texts = list(column)
    else:
        try:
            texts = list(X)
        except TypeError:
            raise TypeError(
                f"{estimator_name} expects a collection of texts, such as a list of "
                f"strings, but got {type(X).__name__}."
            ) from None

    if not texts:
        raise ValueError(
            f"{estimator_name} found 0 texts; at least one text is required."
        )
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(
                f"{estimator_name} expects every text to be a str, but item {position} "
                f"is {type(text).__name__}: {text!r}. Convert such items to str or "
                "drop them first."
            )
    # NumPy string arrays yield np.str_; plain str keeps later steps uniform.
    if texts and type(texts[0]) is not str:
        texts = [str(text) for text in texts]
    return texts


def check_targets(y, n_texts, *, estimator_name):
    """Return ``y`` as a 1-D array of the same length as the texts."""
    if y is None:
        raise ValueError(f"{estimator_name} requires y to be passed, but y is None.")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] != 1:
        raise ValueError(
            f"{estimator_name} supports one target per text, but y has shape "
            f"{y.shape}. Pass a 1-D array of labels."
        )
    y = column_or_1d(y, warn=True)
    if len(y) != n_texts:
        raise ValueError(
            f"{estimator_name} got {n_texts} texts but {len(y)} labels; X and y "
            "must have the same length."
        )
    check_classification_targets(y)
    return y
