"""Movie reviews to train and compare text classifiers on."""

from ._imdb import get_data_home, load_imdb
from ._sample import load_imdb_sample

__all__ = ["get_data_home", "load_imdb", "load_imdb_sample"]
