"""Recurrent networks for text classification in scikit-learn pipelines.

``TextRNNClassifier`` takes raw texts and trains a Keras LSTM or GRU on them.
``skrnn.baselines`` contains the bag-of-words models to compare it with, and
``skrnn.datasets`` the IMDB movie reviews.
"""

from ._classifier import TextRNNClassifier

__version__ = "0.1.0"

__all__ = ["TextRNNClassifier", "__version__"]
