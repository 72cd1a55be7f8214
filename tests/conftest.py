"""Shared fixtures: the bundled sample, the full IMDB archive, small fitted models."""

import os
from pathlib import Path

import pytest

from skrnn.datasets import load_imdb_sample

# CI sets SKRNN_IMDB_PATH; a developer checkout finds the archive beside the repository.
_DEFAULT_IMDB_ARCHIVE = Path(__file__).resolve().parents[2] / "shared" / "data" / "aclImdb_v1.tar.gz"


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
