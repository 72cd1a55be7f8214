"""Recurrent networks for text classification in scikit-learn pipelines.

``TextRNNClassifier`` takes raw texts and trains a Keras LSTM or GRU on them;
``load`` reads back a model written by its ``save`` method.
``skrnn.baselines`` contains the bag-of-words models to compare it with, and
``skrnn.datasets`` the IMDB movie reviews.
"""

from ._classifier import TextRNNClassifier
from ._persistence import load

__version__ = "0.1.0"

__all__ = ["TextRNNClassifier", "load", "__version__"]
