"""Model files written by TextRNNClassifier.save and read by skrnn.load."""

import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

import skrnn
from skrnn import TextRNNClassifier

from conftest import TINY_PARAMS

FAST_PARAMS = {**TINY_PARAMS, "epochs": 1, "validation_fraction": None}


def rewrite_metadata(source, destination, change):
    """Copy a model file, passing its parsed skrnn.json through ``change``."""
    with zipfile.ZipFile(source) as archive:
        metadata = json.loads(archive.read("skrnn.json"))
        network = archive.read("model.keras")
    change(metadata)
    with zipfile.ZipFile(destination, "w") as archive:
        archive.writestr("skrnn.json", json.dumps(metadata))
        archive.writestr("model.keras", network)


@pytest.fixture(scope="module")
def saved_tiny(fitted_tiny, tmp_path_factory):
    path = tmp_path_factory.mktemp("models") / "tiny.skrnn"
    fitted_tiny.save(path)
    return path


def test_load_gives_identical_probabilities(fitted_tiny, saved_tiny, sample_test):
    loaded = skrnn.load(saved_tiny)
    np.testing.assert_array_equal(
        loaded.predict_proba(sample_test.data[:200]),
        fitted_tiny.predict_proba(sample_test.data[:200]),
    )
    assert loaded.get_params() == fitted_tiny.get_params()
    assert loaded.vocabulary_ == fitted_tiny.vocabulary_
    assert loaded.max_length_ == fitted_tiny.max_length_
    assert loaded.history_ == fitted_tiny.history_
    assert (loaded.n_epochs_, loaded.best_epoch_) == (
        fitted_tiny.n_epochs_,
        fitted_tiny.best_epoch_,
    )


def test_file_holds_json_and_keras_network_only(saved_tiny):
    with zipfile.ZipFile(saved_tiny) as archive:
        assert sorted(archive.namelist()) == ["model.keras", "skrnn.json"]
        metadata = json.loads(archive.read("skrnn.json"))
        network = archive.read("model.keras")
    assert metadata["format"] == "skrnn-model"
    assert metadata["skrnn_version"] == skrnn.__version__
    assert zipfile.is_zipfile(io.BytesIO(network))
    # Pickle protocol 2+ streams start with b"\x80"; neither member is one.
    assert not network.startswith(b"\x80")


@pytest.mark.parametrize(
    "labels",
    [["neg", "pos"], [False, True], [-1.0, 2.0]],
    ids=["str", "bool", "float"],
)
def test_labels_and_column_name_round_trip(labels, small_texts, sample_test, tmp_path):
    X, y = small_texts
    mapped = np.asarray(labels)[y[:80]]
    clf = TextRNNClassifier(**FAST_PARAMS, class_weight={labels[0]: 2.0, labels[1]: 1.0})
    clf.fit(pd.DataFrame({"review": X[:80]}), mapped)
    clf.save(tmp_path / "model.skrnn")
    loaded = skrnn.load(tmp_path / "model.skrnn")
    np.testing.assert_array_equal(loaded.classes_, clf.classes_)
    assert loaded.classes_.dtype == clf.classes_.dtype
    assert loaded.class_weight == clf.class_weight
    assert loaded.feature_names_in_.tolist() == ["review"]
    frame = pd.DataFrame({"review": sample_test.data[:20]})
    np.testing.assert_array_equal(loaded.predict(frame), clf.predict(frame))


def test_random_state_instance_round_trips(small_texts, tmp_path):
    X, y = small_texts
    clf = TextRNNClassifier(**{**FAST_PARAMS, "random_state": np.random.RandomState(7)})
    clf.fit(X[:60], y[:60])
    clf.save(tmp_path / "model.skrnn")
    loaded = skrnn.load(tmp_path / "model.skrnn")
    assert loaded.random_state.randint(10**9) == clf.random_state.randint(10**9)


def split_on_spaces(text):
    return text.split()


def test_tokenizer_is_stored_by_name_and_passed_back(small_texts, sample_test, tmp_path):
    X, y = small_texts
    clf = TextRNNClassifier(**FAST_PARAMS, tokenizer=split_on_spaces).fit(X[:60], y[:60])
    clf.save(tmp_path / "model.skrnn")
    with pytest.raises(ValueError, match=r"fitted with tokenizer=.*split_on_spaces.*Pass it"):
        skrnn.load(tmp_path / "model.skrnn")
    loaded = skrnn.load(tmp_path / "model.skrnn", tokenizer=split_on_spaces)
    np.testing.assert_array_equal(
        loaded.predict_proba(sample_test.data[:20]), clf.predict_proba(sample_test.data[:20])
    )
    with pytest.warns(UserWarning, match="predictions are right only if"):
        skrnn.load(tmp_path / "model.skrnn", tokenizer=str.split)


def test_lambda_tokenizer_cannot_be_saved(small_texts, tmp_path):
    X, y = small_texts
    clf = TextRNNClassifier(**FAST_PARAMS, tokenizer=lambda text: text.split()).fit(X[:60], y[:60])
    with pytest.raises(ValueError, match="only a function defined at module level"):
        clf.save(tmp_path / "model.skrnn")
    assert not os.listdir(tmp_path)


def test_tokenizer_for_model_without_one_is_rejected(saved_tiny):
    with pytest.raises(ValueError, match="fitted without a tokenizer"):
        skrnn.load(saved_tiny, tokenizer=str.split)


def test_unfitted_estimator_cannot_be_saved(tmp_path):
    with pytest.raises(NotFittedError):
        TextRNNClassifier().save(tmp_path / "model.skrnn")


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="No model file at"):
        skrnn.load(tmp_path / "absent.skrnn")


def test_truncated_file_is_reported(saved_tiny, tmp_path):
    data = saved_tiny.read_bytes()
    for size in (0, 100, len(data) // 2, len(data) - 10):
        path = tmp_path / f"cut_{size}.skrnn"
        path.write_bytes(data[:size])
        with pytest.raises(ValueError, match="not a skrnn model file, or it is truncated"):
            skrnn.load(path)


def test_corrupted_file_is_reported(saved_tiny, tmp_path):
    data = bytearray(saved_tiny.read_bytes())
    with zipfile.ZipFile(saved_tiny) as archive:
        network = archive.getinfo("model.keras")
    # Flip bytes inside the stored network, past its local header.
    middle = network.header_offset + 100 + network.compress_size // 2
    data[middle : middle + 8] = bytes(255 - byte for byte in data[middle : middle + 8])
    path = tmp_path / "corrupt.skrnn"
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"corrupted: Bad CRC-32 for file 'model.keras'"):
        skrnn.load(path)


def test_other_files_are_not_models(tmp_path, fitted_tiny):
    import pickle

    pickled = tmp_path / "model.pkl"
    pickled.write_bytes(pickle.dumps(fitted_tiny))
    with pytest.raises(
        ValueError, match="not a skrnn model file, or it is truncated: it is not a complete zip"
    ):
        skrnn.load(pickled)

    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValueError, match="lacks the members 'skrnn.json' and 'model.keras'"):
        skrnn.load(other_zip)


def test_other_json_format_is_not_a_model(saved_tiny, tmp_path):
    path = tmp_path / "other.skrnn"
    rewrite_metadata(saved_tiny, path, lambda metadata: metadata.update(format="something"))
    with pytest.raises(ValueError, match="does not declare the format 'skrnn-model'"):
        skrnn.load(path)


def test_newer_file_format_is_reported(saved_tiny, tmp_path):
    path = tmp_path / "future.skrnn"
    rewrite_metadata(
        saved_tiny, path, lambda metadata: metadata.update(format_version=2, skrnn_version="9.0")
    )
    with pytest.raises(
        ValueError,
        match=r"written by skrnn 9\.0 in model file format 2, but skrnn .* reads only format 1",
    ):
        skrnn.load(path)


def test_incomplete_metadata_is_reported(saved_tiny, tmp_path):
    path = tmp_path / "incomplete.skrnn"
    rewrite_metadata(saved_tiny, path, lambda metadata: metadata.pop("vocabulary"))
    with pytest.raises(
        ValueError, match=r"incomplete or invalid contents \(KeyError: 'vocabulary'\)"
    ):
        skrnn.load(path)


def test_network_with_code_is_refused(saved_tiny, tmp_path):
    """A file whose network contains Python code (a Lambda layer) must not run it."""
    from skrnn._keras import import_keras

    keras = import_keras()
    marker = tmp_path / "code_ran"
    # The path is a literal inside the code, so Keras stores no closure to serialize.
    touch_marker = eval(f"lambda x: (__import__('pathlib').Path({str(marker)!r}).touch(), x)[1]")
    inputs = keras.Input(shape=(4,))
    outputs = keras.layers.Lambda(touch_marker)(inputs)
    marker.unlink()
    keras.Model(inputs, outputs).save(tmp_path / "lambda.keras")

    path = tmp_path / "lambda.skrnn"
    with zipfile.ZipFile(saved_tiny) as source, zipfile.ZipFile(path, "w") as target:
        target.writestr("skrnn.json", source.read("skrnn.json"))
        target.writestr("model.keras", (tmp_path / "lambda.keras").read_bytes())
    with pytest.raises(ValueError, match="could not be loaded in Keras's safe mode"):
        skrnn.load(path)
    assert not marker.exists()


def test_failed_save_keeps_previous_file(fitted_tiny, saved_tiny, tmp_path, monkeypatch):
    path = tmp_path / "model.skrnn"
    path.write_bytes(saved_tiny.read_bytes())
    before = path.read_bytes()
    original = zipfile.ZipFile.writestr

    def write_then_fail(archive, name, data, *args, **kwargs):
        if name == "model.keras":
            raise OSError(28, "No space left on device")
        return original(archive, name, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", write_then_fail)
    with pytest.raises(OSError, match="No space left"):
        fitted_tiny.save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["model.skrnn"]


def test_killed_save_keeps_previous_file(saved_tiny, tmp_path):
    """A process killed in the middle of a save leaves the old file and nothing else."""
    path = tmp_path / "model.skrnn"
    path.write_bytes(saved_tiny.read_bytes())
    before = path.read_bytes()
    script = textwrap.dedent(
        f"""
        import os, signal, zipfile
        import skrnn

        original = zipfile.ZipFile.writestr

        def write_then_die(archive, name, data, *args, **kwargs):
            original(archive, name, data, *args, **kwargs)
            archive.fp.flush()
            os.kill(os.getpid(), signal.SIGKILL)

        clf = skrnn.load({str(saved_tiny)!r})
        zipfile.ZipFile.writestr = write_then_die
        clf.save({str(path)!r})
        """
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert completed.returncode == -9, completed.stderr.decode()[-2000:]
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["model.skrnn"]


def test_save_to_folder_names_the_problem(fitted_tiny, tmp_path):
    with pytest.raises(IsADirectoryError, match="is a folder; pass the path of a file"):
        fitted_tiny.save(tmp_path)
    assert os.listdir(tmp_path) == []


def test_missing_format_version_is_reported(saved_tiny, tmp_path):
    path = tmp_path / "old.skrnn"
    rewrite_metadata(saved_tiny, path, lambda metadata: metadata.pop("format_version"))
    with pytest.raises(ValueError, match="incomplete contents: its skrnn.json has no format_ver"):
        skrnn.load(path)


def test_folder_is_not_a_model(tmp_path):
    with pytest.raises(ValueError, match="not a skrnn model file"):
        skrnn.load(tmp_path)
