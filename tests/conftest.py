"""Shared fixtures: the bundled sample, the full IMDB archive, small fitted models."""

import os
from pathlib import Path

import pytest

from skrnn import TextRNNClassifier
from skrnn.datasets import load_imdb_sample

# CI sets SKRNN_IMDB_PATH; a developer checkout finds the archive beside the repository.
_DEFAULT_IMDB_ARCHIVE = Path(__file__).resolve().parents[2] / "shared" / "data" / "aclImdb_v1.tar.gz"


# Small enough to train in seconds on two cores, large enough to learn something.
TINY_PARAMS = {
    "units": 8,
    "embedding_dim": 8,
    "max_features": 2000,
    "max_length": 64,
    "epochs": 2,
    "batch_size": 32,
    "random_state": 0,
}


@pytest.fixture(scope="session", autouse=True)
def _data_home(tmp_path_factory):
    """Keep caches written during the tests out of the user's home folder."""
    if "SKRNN_DATA" not in os.environ:
        os.environ["SKRNN_DATA"] = str(tmp_path_factory.mktemp("skrnn_data"))


@pytest.fixture(scope="session")
def imdb_path():
    """Path to the full IMDB archive, or skip the test when it is absent."""
    path = Path(os.environ.get("SKRNN_IMDB_PATH", _DEFAULT_IMDB_ARCHIVE))
    if not path.exists():
        pytest.skip(f"the IMDB archive is not at {path}; set SKRNN_IMDB_PATH")
    return path


@pytest.fixture(scope="session")
def sample_train():
    return load_imdb_sample(subset="train")


@pytest.fixture(scope="session")
def sample_test():
    return load_imdb_sample(subset="test")


@pytest.fixture(scope="session")
def small_texts(sample_train):
    """400 real reviews with binary labels."""
    return sample_train.data[:400], sample_train.target[:400]


@pytest.fixture(scope="session")
def fitted_tiny(small_texts):
    """A tiny TextRNNClassifier fitted on 400 reviews; tests must not modify it."""
    X, y = small_texts
    return TextRNNClassifier(**TINY_PARAMS).fit(X, y)
