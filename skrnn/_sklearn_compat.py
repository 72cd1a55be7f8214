"""The private scikit-learn helpers skrnn uses, imported in one place.

scikit-learn may move or change these between releases; when it does, this
module is the only one to update.
"""

from sklearn.base import _fit_context
from sklearn.utils._param_validation import (
    Interval,
    InvalidParameterError,
    StrOptions,
    make_constraint,
)
from sklearn.utils.validation import _check_sample_weight

__all__ = [
    "Interval",
    "InvalidParameterError",
    "StrOptions",
    "_check_sample_weight",
    "_fit_context",
    "make_constraint",
]
