"""Recurrent networks for text classification in scikit-learn pipelines."""

__version__ = "0.1.0"
