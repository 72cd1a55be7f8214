"""A small sample of real IMDB reviews shipped inside the package."""

import gzip
import json
from importlib import resources

import numpy as np
from sklearn.utils import Bunch

from ._imdb import DESCR as IMDB_DESCR

_SAMPLE_FILE = "imdb_sample.json.gz"

SAMPLE_DESCR = """\
IMDB sample
-----------

A class-balanced random sample of the Large Movie Review Dataset, shipped
with skrnn so that examples and tests run without a download: 2,500
reviews drawn from the train split (1,250 per class) and 1,000 from the
test split (500 per class). scripts/make_imdb_sample.py draws it with a
fixed seed.

"""


def load_imdb_sample(subset="train"):
    """Load the sample of real IMDB reviews bundled with skrnn.

    Parameters
    ----------
    subset : {"train", "test", "all"}, default="train"
        "train" has 2,500 reviews from the IMDB train split, "test" 1,000
        from the test split, "all" both, train first.

    Returns
    -------
    dataset : sklearn.utils.Bunch
        The same fields as :func:`skrnn.datasets.load_imdb`: ``data``,
        ``target`` (0 = neg, 1 = pos), ``target_names``, ``ratings``,
        ``ids`` and ``DESCR``.
    """
    subsets = ("train", "test", "all")
    if subset not in subsets:
        raise ValueError(
            "The 'subset' parameter of load_imdb_sample must be one of "
            f"{list(subsets)}. Got {subset!r} instead."
        )
    source = resources.files(__package__) / "data" / _SAMPLE_FILE
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as file:
        sample = json.load(file)
    reviews = sample["train"] + sample["test"] if subset == "all" else sample[subset]
    return Bunch(
        data=[review["text"] for review in reviews],
        target=np.array([review["target"] for review in reviews], dtype=np.int64),
        ratings=np.array([review["rating"] for review in reviews], dtype=np.int64),
        ids=np.array([review["id"] for review in reviews], dtype=np.int64),
        target_names=["neg", "pos"],
        DESCR=SAMPLE_DESCR + IMDB_DESCR,
    )
