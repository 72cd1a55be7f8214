"""TextRNNClassifier: raw texts in, a Keras recurrent network inside."""

import contextlib
import os
import random
import tempfile
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.validation import check_is_fitted

from . import _text
from ._keras import import_keras, tensorflow_warnings_hidden
from ._network import build_network
from ._sklearn_compat import Interval, StrOptions, _check_sample_weight, _fit_context
from ._validation import check_targets, check_texts

_OPTIMIZERS = {"adam", "adamw", "nadam", "rmsprop", "sgd", "adagrad"}
_FITTED_ATTRIBUTES = (
    "classes_",
    "vocabulary_",
    "max_length_",
    "model_",
    "history_",
    "n_epochs_",
    "best_epoch_",
)


class TextRNNClassifier(ClassifierMixin, BaseEstimator):
    """Recurrent neural network classifier for raw text (Keras LSTM or GRU).

    The estimator takes texts and labels and runs this pipeline:

    1. Clean and tokenize: lowercase, replace HTML tags and line breaks by
       spaces, split into words (runs of letters and digits, with inner
       apostrophes kept, so "don't" is one token).
    2. Index: map the ``max_features`` most frequent tokens of the training
       texts to integers from 2 up; 0 is padding and 1 stands for any token
       outside that vocabulary.
    3. Pad: cut or right-pad each text to ``max_length_`` tokens.
    4. Embed: learn an ``embedding_dim`` vector per index, with padding
       masked so the network never reads it.
    5. Recur: ``num_layers`` LSTM or GRU layers of ``units`` units, optionally
       bidirectional.
    6. Classify: a dense sigmoid output for two classes, softmax for more.

    Parameters
    ----------
    max_features : int or None, default=10000
        Vocabulary size: the number of most frequent training tokens that get
        their own index. None keeps every token. On IMDB, 10,000 generalized
        better to the test reviews than 20,000.
    max_length : int or None, default=None
        Number of tokens each text is padded or truncated to. None chooses it
        from the training texts: the 90th percentile of their token counts,
        rounded up to a multiple of 8 and capped at 400.
    truncating : {"pre", "post"}, default="pre"
        Which part of a text longer than ``max_length_`` is dropped, as in
        Keras's ``pad_sequences``: "pre" drops the start and keeps the end,
        "post" keeps the start.
    embedding_dim : int, default=64
        Size of the learned word vectors.
    cell : {"lstm", "gru"}, default="lstm"
        Recurrent layer type.
    units : int, default=64
        Units per recurrent layer (per direction when bidirectional).
    bidirectional : bool, default=False
        Read each text in both directions and concatenate the two states.
    num_layers : int, default=1
        Number of stacked recurrent layers.
    pooling : {"last", "mean"}, default="last"
        What the last recurrent layer passes to the output: its state after
        the last token ("last"), or the average of its states over all
        tokens, padding excluded ("mean").
    dropout : float, default=0.3
        Fraction of the recurrent layers' inputs dropped during training.
    recurrent_dropout : float, default=0.0
        Fraction of the recurrent state dropped during training. Any value
        above 0 rules out the fast cuDNN kernel on a GPU.
    optimizer : {"adam", "adamw", "nadam", "rmsprop", "sgd", "adagrad"}, \
default="adam"
        Keras optimizer.
    learning_rate : float, default=1e-3
        Optimizer learning rate.
    clipnorm : float or None, default=1.0
        Maximum norm of each weight's gradient. Larger gradients are scaled
        down to it, which keeps a recurrent network's occasional gradient
        spikes from undoing training. None leaves gradients as they are.
    batch_size : int, default=64
        Texts per gradient step.
    epochs : int, default=10
        Maximum number of passes over the training texts.
    validation_fraction : float or None, default=0.1
        Share of the training texts held out, stratified by class and
        shuffled, to stop training early: when the validation loss has not
        improved for ``n_iter_no_change`` epochs, training stops and the
        weights of the best epoch are restored. None trains on every text for
        ``epochs`` epochs.
    n_iter_no_change : int, default=2
        Epochs without improvement of the validation loss before training
        stops. Ignored when ``validation_fraction`` is None.
    class_weight : dict, "balanced" or None, default=None
        Weights per class, multiplied into the sample weights. "balanced"
        weights classes inversely to their frequency in ``y``.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialization, the validation split, shuffling and
        dropout. With an int, two fits on the same data on a CPU give
        identical predictions. The caller's global ``random`` and
        ``numpy.random`` states are left as they were.
    verbose : int, default=0
        0 prints nothing; 1 shows Keras's progress bar; 2 one line per epoch.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels, sorted as ``numpy.unique`` sorts them.
    vocabulary_ : dict of str to int
        Token to index; indices start at 2.
    max_length_ : int
        Padded length used for training and prediction.
    model_ : keras.Model
        The trained network.
    history_ : dict of str to list of float
        Per-epoch training loss and accuracy, and validation loss and
        accuracy when ``validation_fraction`` is set.
    n_epochs_ : int
        Epochs actually run.
    best_epoch_ : int
        Epoch (counted from 1) whose weights were kept.

    See Also
    --------
    skrnn.baselines.tfidf_logistic_regression : Bag-of-words baseline to
        compare against.

    Notes
    -----
    TensorFlow is imported at the first ``fit`` or ``predict``, not when
    ``skrnn`` is imported. Fitting with an int ``random_state`` sets
    TensorFlow's global seed.

    Examples
    --------
    >>> from skrnn import TextRNNClassifier
    >>> from skrnn.datasets import load_imdb_sample
    >>> train = load_imdb_sample(subset="train")
    >>> clf = TextRNNClassifier(epochs=1, units=8, embedding_dim=8, random_state=0)
    >>> clf.fit(train.data[:200], train.target[:200])
    TextRNNClassifier(embedding_dim=8, epochs=1, random_state=0, units=8)
    >>> clf.predict_proba(["A wonderful, moving film."]).shape
    (1, 2)
    """

    _parameter_constraints = {
        "max_features": [Interval(Integral, 1, None, closed="left"), None],
        "max_length": [Interval(Integral, 1, None, closed="left"), None],
        "truncating": [StrOptions({"pre", "post"})],
        "embedding_dim": [Interval(Integral, 1, None, closed="left")],
        "cell": [StrOptions({"lstm", "gru"})],
        "units": [Interval(Integral, 1, None, closed="left")],
        "bidirectional": ["boolean"],
        "num_layers": [Interval(Integral, 1, None, closed="left")],
        "pooling": [StrOptions({"last", "mean"})],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "recurrent_dropout": [Interval(Real, 0, 1, closed="left")],
        "optimizer": [StrOptions(_OPTIMIZERS)],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "clipnorm": [Interval(Real, 0, None, closed="neither"), None],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither"), None],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        max_features=10000,
        max_length=None,
        truncating="pre",
        embedding_dim=64,
        cell="lstm",
        units=64,
        bidirectional=False,
        num_layers=1,
        pooling="last",
        dropout=0.3,
        recurrent_dropout=0.0,
        optimizer="adam",
        learning_rate=1e-3,
        clipnorm=1.0,
        batch_size=64,
        epochs=10,
        validation_fraction=0.1,
        n_iter_no_change=2,
        class_weight=None,
        random_state=None,
        verbose=0,
    ):
        self.max_features = max_features
        self.max_length = max_length
        self.truncating = truncating
        self.embedding_dim = embedding_dim
        self.cell = cell
        self.units = units
        self.bidirectional = bidirectional
        self.num_layers = num_layers
        self.pooling = pooling
        self.dropout = dropout
        self.recurrent_dropout = recurrent_dropout
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.clipnorm = clipnorm
        self.batch_size = batch_size
        self.epochs = epochs
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.class_weight = class_weight
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Build the vocabulary and train the network on texts ``X``.

        Fitting again discards the previous vocabulary and network.

        Raises
        ------
        ValueError
            If the loss becomes NaN or infinite during training. The estimator
            is then left unfitted.

        Parameters
        ----------
        X : iterable of str, or 2-D input with one column
            Training texts.
        y : array-like of shape (n_samples,)
            Class labels of any kind scikit-learn accepts.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each text in the loss.

        Returns
        -------
        self : TextRNNClassifier
        """
        name = type(self).__name__
        texts = check_texts(X, estimator_name=name)
        y = check_targets(y, len(texts), estimator_name=name)
        classes, y_encoded = np.unique(y, return_inverse=True)
        if len(classes) < 2:
            raise ValueError(
                f"{name} needs samples of at least 2 classes in y, but got only "
                f"the class {classes.tolist()[0]!r}."
            )
        weights = self._training_weights(y, texts, sample_weight)
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)

        token_lists = [_text.tokenize(text) for text in texts]
        vocabulary = _text.build_vocabulary(token_lists, self.max_features)
        if self.max_length is None:
            max_length = _text.choose_max_length([len(tokens) for tokens in token_lists])
        else:
            max_length = self.max_length
        sequences = _text.pad(
            _text.to_indices(token_lists, vocabulary), max_length, self.truncating
        )

        # A refit that fails part way must not leave the previous fit behind.
        for attribute in _FITTED_ATTRIBUTES:
            self.__dict__.pop(attribute, None)
        with _seeded(seed), tensorflow_warnings_hidden():
            model, history = self._train(
                sequences,
                y_encoded,
                weights,
                n_classes=len(classes),
                input_dim=len(vocabulary) + _text.FIRST_WORD_INDEX,
                seed=seed,
            )

        self.classes_ = classes
        self.vocabulary_ = vocabulary
        self.max_length_ = max_length
        self.model_ = model
        self.history_ = {
            key: [float(value) for value in values] for key, values in history.items()
        }
        self.n_epochs_ = len(self.history_["loss"])
        if "val_loss" in self.history_:
            # EarlyStopping restored the first epoch with the lowest validation loss.
            self.best_epoch_ = int(np.argmin(self.history_["val_loss"])) + 1
        else:
            self.best_epoch_ = self.n_epochs_
        return self

    def _training_weights(self, y, texts, sample_weight):
        weights = _check_sample_weight(sample_weight, texts, dtype=np.float64)
        if self.class_weight is not None:
            weights = weights * compute_sample_weight(self.class_weight, y)
        return weights

    def _train(self, sequences, y_encoded, weights, *, n_classes, input_dim, seed):
        """Build the network and train it; return the model and Keras's history."""
        keras = import_keras()
        n_outputs = 1 if n_classes == 2 else n_classes

        fit_arguments = {}
        divergence = _divergence_monitor(keras)
        callbacks = [divergence]
        train_index = np.arange(len(sequences))
        if self.validation_fraction is not None:
            train_index, validation_index = _validation_split(
                y_encoded, self.validation_fraction, seed
            )
            fit_arguments["validation_data"] = (
                sequences[validation_index],
                y_encoded[validation_index],
                weights[validation_index],
            )
            callbacks.append(
                keras.callbacks.EarlyStopping(
                    monitor="val_loss",
                    patience=self.n_iter_no_change,
                    restore_best_weights=True,
                )
            )

        model = build_network(
            input_dim=input_dim,
            n_outputs=n_outputs,
            embedding_dim=self.embedding_dim,
            cell=self.cell,
            units=self.units,
            bidirectional=self.bidirectional,
            num_layers=self.num_layers,
            pooling=self.pooling,
            dropout=self.dropout,
            recurrent_dropout=self.recurrent_dropout,
            optimizer=self.optimizer,
            learning_rate=self.learning_rate,
            clipnorm=self.clipnorm,
        )
        history = model.fit(
            sequences[train_index],
            y_encoded[train_index],
            sample_weight=weights[train_index],
            batch_size=self.batch_size,
            epochs=self.epochs,
            shuffle=True,
            callbacks=callbacks,
            verbose=self.verbose,
            **fit_arguments,
        )
        if divergence.epoch is not None:
            raise ValueError(
                f"Training diverged: the loss became {divergence.loss} in epoch "
                f"{divergence.epoch}, so training stopped and the estimator is left "
                f"unfitted. Lower learning_rate (now {self.learning_rate!r}) or set "
                f"clipnorm (now {self.clipnorm!r})."
            )
        return model, history.history

    def predict_proba(self, X):
        """Return class probabilities for texts ``X``.

        Parameters
        ----------
        X : iterable of str, or 2-D input with one column

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``; each row sums to 1.
        """
        check_is_fitted(self)
        texts = check_texts(X, estimator_name=type(self).__name__)
        token_lists = [_text.tokenize(text) for text in texts]
        sequences = _text.pad(
            _text.to_indices(token_lists, self.vocabulary_), self.max_length_, self.truncating
        )
        with tensorflow_warnings_hidden():
            scores = self.model_.predict(
                sequences, batch_size=max(self.batch_size, 256), verbose=0
            ).astype(np.float64)
        if scores.shape[1] == 1:
            return np.hstack([1.0 - scores, scores])
        return scores / scores.sum(axis=1, keepdims=True)

    def predict(self, X):
        """Return the most probable class label for each text in ``X``.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def __getstate__(self):
        # Python 3.11+ returns the instance __dict__ itself: copy before editing.
        state = dict(super().__getstate__())
        if "model_" in state:
            state["model_"] = _model_to_bytes(state["model_"])
        return state

    def __setstate__(self, state):
        if isinstance(state.get("model_"), bytes):
            state = dict(state, model_=_model_from_bytes(state["model_"]))
        super().__setstate__(state)


def _divergence_monitor(keras):
    """Return a Keras callback that stops training once the loss is NaN or infinite.

    It checks at the end of each epoch, which costs nothing per batch; its
    ``epoch`` attribute (counted from 1) is None unless training diverged.
    """

    class DivergenceMonitor(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.epoch = None
            self.loss = None

        def on_epoch_end(self, epoch, logs=None):
            for name in ("loss", "val_loss"):
                value = (logs or {}).get(name)
                if value is not None and not np.isfinite(float(value)):
                    self.epoch = epoch + 1
                    self.loss = float(value)
                    self.model.stop_training = True
                    return

    return DivergenceMonitor()


def _validation_split(y_encoded, fraction, seed):
    """Return (train, validation) indices: a shuffled split, stratified by class.

    Keras's own ``validation_split`` takes the last fraction of the data, which
    for data sorted by class would hold out a single class.
    """
    try:
        return train_test_split(
            np.arange(len(y_encoded)),
            test_size=fraction,
            stratify=y_encoded,
            shuffle=True,
            random_state=seed,
        )
    except ValueError as error:
        raise ValueError(
            f"validation_fraction={fraction!r} cannot hold out a stratified validation "
            f"set from {len(y_encoded)} texts: {str(error).rstrip('.')}. Use more texts, "
            "a larger validation_fraction, or validation_fraction=None."
        ) from None


@contextlib.contextmanager
def _seeded(seed):
    """Seed Python, NumPy, TensorFlow and Keras, then restore Python's and NumPy's states."""
    keras = import_keras()
    python_state = random.getstate()
    numpy_state = np.random.get_state()
    try:
        keras.utils.set_random_seed(seed)
        yield
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)


def _model_to_bytes(model):
    """Serialize a Keras model in the native ``.keras`` format."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        model.save(path)
        with open(path, "rb") as file:
            return file.read()


def _model_from_bytes(data):
    """Load a model written by :func:`_model_to_bytes`, in Keras's safe mode."""
    keras = import_keras()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        with open(path, "wb") as file:
            file.write(data)
        return keras.saving.load_model(path, safe_mode=True)
