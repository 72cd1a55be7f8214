"""Checks that turn the containers users pass into a list of texts."""

import codecs
import numbers

import numpy as np
import scipy.sparse
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import column_or_1d


def is_missing(value):
    """Return True for None, a float NaN, and pandas's NA and NaT."""
    if value is None:
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return bool(np.isnan(value))
    # pandas is optional, so its missing-value singletons are matched by type name.
    return type(value).__name__ in {"NAType", "NaTType"}


def check_encoding(encoding, *, owner, decode_error="strict"):
    """Raise a ValueError in scikit-learn's words for an unknown codec or error handler."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(
            f"The 'encoding' parameter of {owner} must be a codec name Python's "
            f"codecs module knows, such as 'utf-8' or 'latin-1'. Got {encoding!r} instead."
        ) from None
    if decode_error not in {"strict", "ignore", "replace"}:
        raise ValueError(
            f"The 'decode_error' parameter of {owner} must be a str among "
            f"{{'ignore', 'replace', 'strict'}}. Got {decode_error!r} instead."
        )


def check_texts(X, *, estimator_name, encoding="utf-8", decode_error="strict"):
    """Return ``X`` as a list of str, or raise an error that names the problem.

    Accepted: any iterable of strings or bytes (list, tuple, 1-D NumPy array,
    pandas Series) and 2-D input with exactly one column (a one-column
    DataFrame, an ``(n, 1)`` array, what a ColumnTransformer passes on).
    Bytes are decoded with ``encoding`` and ``decode_error`` as in
    :func:`bytes.decode`.

    Raises
    ------
    TypeError
        For a single string, sparse input, a non-iterable, or items that are
        neither str nor bytes.
    ValueError
        For 2-D input with more or fewer than one column, no texts at all,
        missing values (None, NaN, pandas's NA), or bytes that cannot be
        decoded.
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
    return [
        _as_str(text, position, estimator_name, encoding, decode_error)
        for position, text in enumerate(texts)
    ]


def _as_str(text, position, estimator_name, encoding, decode_error):
    # NumPy string arrays yield np.str_ and np.bytes_; plain str keeps later steps uniform.
    if isinstance(text, str):
        return str(text)
    if isinstance(text, bytes):
        try:
            return bytes(text).decode(encoding, errors=decode_error)
        except UnicodeDecodeError as error:
            raise ValueError(
                f"{estimator_name} could not decode item {position} with "
                f"encoding={encoding!r}: {error.reason} at byte {error.start}. Set "
                "encoding to the texts' encoding (for example 'latin-1'), or "
                "decode_error='replace' to replace undecodable bytes."
            ) from None
    if is_missing(text):
        raise ValueError(
            f"{estimator_name} found a missing value ({text!r}) at item {position} "
            "of X. Drop these texts or fill them, for example with an empty string."
        )
    raise TypeError(
        f"{estimator_name} expects every text to be a str or bytes, but item "
        f"{position} is {type(text).__name__}: {text!r}. Convert such items to str "
        "or drop them first."
    )


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
    if y.dtype.kind == "f":
        missing = np.flatnonzero(np.isnan(y))
    elif y.dtype.kind == "O":
        missing = np.flatnonzero([is_missing(label) for label in y])
    else:
        missing = []
    if len(missing):
        raise ValueError(
            f"{estimator_name} found {len(missing)} missing value(s) (None or NaN) "
            f"in y, the first at position {missing[0]}. Drop those texts and labels, "
            "or fill the labels in."
        )
    check_classification_targets(y)
    return y
