import hashlib
import io
import tarfile

import numpy as np
import pytest

from skrnn.datasets import _imdb, load_imdb, load_imdb_sample

# A miniature aclImdb layout: (path inside the archive, text).
TINY_REVIEWS = [
    ("aclImdb/train/pos/0_9.txt", "A joy from start to finish.<br /><br />Loved it."),
    ("aclImdb/train/pos/3_7.txt", "Good, if a little long."),
    ("aclImdb/train/neg/1_2.txt", "Dull and far too long."),
    ("aclImdb/test/pos/5_10.txt", "Perfect."),
    ("aclImdb/test/neg/2_1.txt", "The worst film of the year."),
    ("aclImdb/train/unsup/4_0.txt", "Saw it on Tuesday. Caf\u00e9 scene was odd."),
    ("aclImdb/README", "not a review"),
]


def write_tiny_archive(path):
    with tarfile.open(path, "w:gz") as archive:
        for name, text in TINY_REVIEWS:
            data = text.encode("utf-8")
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return path


def write_tiny_folder(root):
    for name, text in TINY_REVIEWS:
        file = root / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return root / "aclImdb"


@pytest.fixture
def clean_environment(monkeypatch, tmp_path):
    """No SKRNN_IMDB_PATH, and an empty cache folder."""
    monkeypatch.delenv("SKRNN_IMDB_PATH", raising=False)
    monkeypatch.setenv("SKRNN_DATA", str(tmp_path / "home"))
    return tmp_path


# The bundled sample


def test_sample_is_balanced_real_reviews():
    train = load_imdb_sample()
    test = load_imdb_sample(subset="test")
    assert len(train.data) == 2500
    assert len(test.data) == 1000
    assert np.bincount(train.target).tolist() == [1250, 1250]
    assert np.bincount(test.target).tolist() == [500, 500]
    assert all(isinstance(text, str) and len(text) > 20 for text in train.data)
    assert train.target_names == ["neg", "pos"]
    assert "Maas" in train.DESCR


def test_sample_ratings_agree_with_labels():
    sample = load_imdb_sample(subset="all")
    assert len(sample.data) == 3500
    assert set(sample.ratings[sample.target == 0]) <= {1, 2, 3, 4}
    assert set(sample.ratings[sample.target == 1]) <= {7, 8, 9, 10}


def test_sample_rejects_unknown_subset():
    with pytest.raises(ValueError, match=r"'subset' parameter of load_imdb_sample .* Got 'unsup'"):
        load_imdb_sample(subset="unsup")


# The full archive


@pytest.mark.imdb
def test_load_imdb_reads_full_archive(imdb_path):
    for subset in ("train", "test"):
        dataset = load_imdb(subset, path=imdb_path)
        assert len(dataset.data) == 25000
        assert np.bincount(dataset.target).tolist() == [12500, 12500]
        assert set(dataset.ratings[dataset.target == 0]) == {1, 2, 3, 4}
        assert set(dataset.ratings[dataset.target == 1]) == {7, 8, 9, 10}
        assert "<br />" in " ".join(dataset.data[:200])

    unsup = load_imdb("unsup", path=imdb_path)
    assert len(unsup.data) == 50000
    assert set(unsup.target) == {-1}
    assert set(unsup.ratings) == {0}
    assert len(load_imdb("all", path=imdb_path).data) == 100000


@pytest.mark.imdb
def test_load_imdb_reads_cache_after_first_call(imdb_path, monkeypatch):
    first = load_imdb("test", path=imdb_path)

    def fail(path):
        raise AssertionError("the archive was read again")

    monkeypatch.setattr(_imdb, "_read_archive", fail)
    second = load_imdb("test", path=imdb_path)
    assert second.data == first.data
    np.testing.assert_array_equal(second.target, first.target)


# Local copies and downloads, on a miniature archive


def test_load_imdb_from_archive_argument(clean_environment):
    archive = write_tiny_archive(clean_environment / "mini.tar.gz")
    train = load_imdb("train", path=archive)
    assert train.data[0] == "Dull and far too long."
    assert train.target.tolist() == [0, 1, 1]
    assert train.ratings.tolist() == [2, 9, 7]
    assert train.ids.tolist() == [1, 0, 3]
    unsup = load_imdb("unsup", path=archive)
    assert unsup.data == ["Saw it on Tuesday. Caf\u00e9 scene was odd."]
    assert unsup.target.tolist() == [-1]


def test_load_imdb_from_folder_matches_archive(clean_environment):
    archive = write_tiny_archive(clean_environment / "mini.tar.gz")
    folder = write_tiny_folder(clean_environment / "extracted")
    from_archive = load_imdb("all", path=archive)
    for path in (folder, folder.parent):
        from_folder = load_imdb("all", path=path)
        assert from_folder.data == from_archive.data
        np.testing.assert_array_equal(from_folder.target, from_archive.target)


def test_load_imdb_reads_environment_variable(clean_environment, monkeypatch):
    archive = write_tiny_archive(clean_environment / "mini.tar.gz")
    monkeypatch.setenv("SKRNN_IMDB_PATH", str(archive))
    assert len(load_imdb("test").data) == 2


def test_load_imdb_rebuilds_cache_when_archive_changes(clean_environment):
    archive = write_tiny_archive(clean_environment / "mini.tar.gz")
    assert len(load_imdb("test", path=archive).data) == 2
    TINY_REVIEWS.append(("aclImdb/test/neg/9_3.txt", "Forgettable."))
    try:
        write_tiny_archive(archive)
        assert len(load_imdb("test", path=archive).data) == 3
    finally:
        TINY_REVIEWS.pop()


def test_load_imdb_downloads_and_verifies(clean_environment, monkeypatch):
    archive = write_tiny_archive(clean_environment / "served.tar.gz")
    checksum = hashlib.sha256(archive.read_bytes()).hexdigest()
    monkeypatch.setattr(_imdb, "ARCHIVE_URL", archive.as_uri())
    monkeypatch.setattr(_imdb, "ARCHIVE_SHA256", checksum)
    data_home = clean_environment / "home"

    train = load_imdb("train", data_home=data_home)
    assert len(train.data) == 3
    assert (data_home / "aclImdb_v1.tar.gz").read_bytes() == archive.read_bytes()

    # Later calls use the cached archive, even with downloads switched off.
    monkeypatch.setattr(_imdb, "ARCHIVE_URL", (clean_environment / "gone.tar.gz").as_uri())
    assert len(load_imdb("test", data_home=data_home, download_if_missing=False).data) == 2


def test_download_with_wrong_checksum_leaves_no_file(clean_environment, monkeypatch):
    archive = write_tiny_archive(clean_environment / "served.tar.gz")
    monkeypatch.setattr(_imdb, "ARCHIVE_URL", archive.as_uri())
    monkeypatch.setattr(_imdb, "ARCHIVE_SHA256", "0" * 64)
    data_home = clean_environment / "home"
    with pytest.raises(OSError, match="has SHA-256 .* but 0{64} was expected"):
        load_imdb("train", data_home=data_home)
    assert list(data_home.iterdir()) == []


def test_missing_archive_without_download_raises(clean_environment):
    with pytest.raises(OSError, match="not found .* download_if_missing is False"):
        load_imdb("train", download_if_missing=False)


def test_unreadable_archive_raises(clean_environment):
    broken = clean_environment / "broken.tar.gz"
    broken.write_bytes(b"this is not a tar archive")
    with pytest.raises(OSError, match="Could not read the IMDB archive"):
        load_imdb("train", path=broken)


def test_archive_without_reviews_raises(clean_environment):
    empty = clean_environment / "empty.tar.gz"
    with tarfile.open(empty, "w:gz"):
        pass
    with pytest.raises(OSError, match="No IMDB reviews were found"):
        load_imdb("train", path=empty)


def test_missing_path_raises(clean_environment):
    with pytest.raises(OSError, match="IMDB data was not found"):
        load_imdb("train", path=clean_environment / "nowhere.tar.gz")


def test_load_imdb_rejects_unknown_subset(clean_environment):
    with pytest.raises(ValueError, match=r"'subset' parameter of load_imdb .* Got 'dev'"):
        load_imdb("dev")
