"""Model files without pickle: the network in Keras's format, the rest as JSON.

A model file is a zip archive with two members:

- ``skrnn.json``: the file format and its version, the skrnn and Keras
  versions that wrote it, the estimator's parameters and its fitted state
  (classes, vocabulary, padded length, training history) as plain data.
- ``model.keras``: the network, in the file Keras's ``Model.save`` writes.

Loading parses JSON and lets Keras load the network in safe mode, so no code
stored in the file is run.
"""

import importlib.metadata
import json
import os
import tempfile
import warnings
import zipfile
import zlib

import numpy as np

from ._files import atomic_output
from ._keras import import_keras

FORMAT_NAME = "skrnn-model"
FORMAT_VERSION = 1
_METADATA_MEMBER = "skrnn.json"
_NETWORK_MEMBER = "model.keras"


def model_to_bytes(model):
    """Serialize a Keras model in the native ``.keras`` format."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        model.save(path)
        with open(path, "rb") as file:
            return file.read()


def model_from_bytes(data):
    """Load a model written by :func:`model_to_bytes`, in Keras's safe mode."""
    keras = import_keras()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        with open(path, "wb") as file:
            file.write(data)
        return keras.saving.load_model(path, safe_mode=True)


def save_estimator(estimator, path):
    """Write a fitted TextRNNClassifier to ``path``; see ``TextRNNClassifier.save``."""
    from . import __version__

    if os.path.isdir(path):
        raise IsADirectoryError(
            f"{path} is a folder; pass the path of a file to write, such as "
            f"{os.path.join(path, 'model.skrnn')}."
        )
    vocabulary = sorted(estimator.vocabulary_, key=estimator.vocabulary_.get)
    feature_names = getattr(estimator, "feature_names_in_", None)
    metadata = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "skrnn_version": __version__,
        "keras_version": importlib.metadata.version("keras"),
        "estimator": type(estimator).__name__,
        "params": {
            name: _encode_param(name, value)
            for name, value in estimator.get_params(deep=False).items()
        },
        "classes": _encode_classes(estimator.classes_),
        # Token of index 2, 3, ...: indices 0 and 1 are padding and unknown words.
        "vocabulary": vocabulary,
        "max_length": int(estimator.max_length_),
        "history": estimator.history_,
        "n_epochs": int(estimator.n_epochs_),
        "best_epoch": int(estimator.best_epoch_),
        "feature_names_in": None if feature_names is None else list(feature_names),
        "coverage": [
            getattr(estimator, "vocabulary_coverage_", None),
            getattr(estimator, "token_coverage_", None),
        ],
    }
    metadata_bytes = json.dumps(metadata, ensure_ascii=False).encode("utf-8")
    network_bytes = model_to_bytes(estimator.model_)

    with atomic_output(path) as output, zipfile.ZipFile(output, "w") as archive:
        archive.writestr(_METADATA_MEMBER, metadata_bytes, zipfile.ZIP_DEFLATED)
        # A .keras file is already a zip archive, so compressing it again gains little.
        archive.writestr(_NETWORK_MEMBER, network_bytes, zipfile.ZIP_STORED)


def load(path, *, tokenizer=None):
    """Load an estimator written by ``TextRNNClassifier.save``.

    No pickle is read and no code stored in the file is run: the parameters
    and fitted state are JSON, and Keras loads the network in safe mode.

    Parameters
    ----------
    path : str or path-like
    tokenizer : callable or None, default=None
        The tokenizer function, required when the model was fitted with one:
        the file records only the function's name, never its code.

    Returns
    -------
    estimator : TextRNNClassifier
        Fitted, with the same predictions as the estimator that was saved.

    Raises
    ------
    ValueError
        If the file is truncated or corrupted, is not a skrnn model file, was
        written in a file format this version of skrnn cannot read, or needs
        a ``tokenizer`` that was not passed.
    """
    from . import __version__
    from ._classifier import TextRNNClassifier

    metadata, network_bytes = _read_members(path)
    path = os.fspath(path)
    if metadata.get("format") != FORMAT_NAME:
        raise ValueError(
            f"{path} is not a skrnn model file: its {_METADATA_MEMBER} does not "
            f"declare the format {FORMAT_NAME!r}."
        )
    if "format_version" not in metadata:
        raise ValueError(
            f"{path} is a skrnn model file with incomplete contents: its "
            f"{_METADATA_MEMBER} has no format_version."
        )
    if metadata.get("format_version") != FORMAT_VERSION:
        raise ValueError(
            f"{path} was written by skrnn {metadata.get('skrnn_version')} in model "
            f"file format {metadata.get('format_version')}, but skrnn {__version__} "
            f"reads only format {FORMAT_VERSION}. Load it with the skrnn version "
            "that wrote it."
        )
    if metadata.get("estimator") != TextRNNClassifier.__name__:
        raise ValueError(
            f"{path} contains a {metadata.get('estimator')!r}, which this version of "
            "skrnn cannot load."
        )

    if tokenizer is not None and not isinstance(metadata.get("params", {}).get("tokenizer"), dict):
        raise ValueError(
            f"{path} was fitted without a tokenizer, so none can be passed to load it."
        )
    try:
        params = {
            name: _decode_param(name, value, tokenizer, path)
            for name, value in metadata["params"].items()
        }
        estimator = TextRNNClassifier(**params)
        estimator.classes_ = _decode_classes(metadata["classes"])
        estimator.vocabulary_ = {
            token: index for index, token in enumerate(metadata["vocabulary"], start=2)
        }
        estimator.max_length_ = int(metadata["max_length"])
        estimator.history_ = metadata["history"]
        estimator.n_epochs_ = int(metadata["n_epochs"])
        estimator.best_epoch_ = int(metadata["best_epoch"])
        vocabulary_coverage, token_coverage = metadata.get("coverage", [None, None])
        if vocabulary_coverage is not None:
            estimator.vocabulary_coverage_ = vocabulary_coverage
            estimator.token_coverage_ = token_coverage
        if metadata.get("feature_names_in") is not None:
            estimator.feature_names_in_ = np.asarray(metadata["feature_names_in"], dtype=object)
    except (KeyError, TypeError) as error:
        raise ValueError(
            f"{path} is a skrnn model file with incomplete or invalid contents "
            f"({type(error).__name__}: {error})."
        ) from None

    try:
        estimator.model_ = model_from_bytes(network_bytes)
    except Exception as error:
        raise ValueError(
            f"The network in {path} could not be loaded in Keras's safe mode: "
            f"{type(error).__name__}: {error}"
        ) from error
    return estimator


def _read_members(path):
    """Return the parsed metadata and the network's bytes from a model file."""
    if not os.path.exists(path):
        raise FileNotFoundError(f"No model file at {path}.")
    # A zip archive starts with a local file header. is_zipfile alone also accepts
    # files that merely contain a zip archive, such as a pickle of a .keras file.
    starts_like_zip = False
    if os.path.isfile(path):
        with open(path, "rb") as file:
            starts_like_zip = file.read(4) == b"PK\x03\x04"
    if not starts_like_zip or not zipfile.is_zipfile(path):
        raise ValueError(
            f"{path} is not a skrnn model file, or it is truncated: it is not a "
            "complete zip archive. skrnn.load reads files written by "
            "TextRNNClassifier.save."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if _METADATA_MEMBER not in names or _NETWORK_MEMBER not in names:
                raise ValueError(
                    f"{path} is a zip archive but not a skrnn model file: it lacks "
                    f"the members {_METADATA_MEMBER!r} and {_NETWORK_MEMBER!r}."
                )
            metadata_bytes = archive.read(_METADATA_MEMBER)
            network_bytes = archive.read(_NETWORK_MEMBER)
        metadata = json.loads(metadata_bytes.decode("utf-8"))
    except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as error:
        raise ValueError(f"{path} is corrupted: {error}.") from None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path} is corrupted: its {_METADATA_MEMBER} is not JSON ({error})."
        ) from None
    if not isinstance(metadata, dict):
        raise ValueError(f"{path} is corrupted: its {_METADATA_MEMBER} is not a JSON object.")
    return metadata, network_bytes


def _encode_param(name, value):
    """Return a parameter value as JSON data, tagging the kinds JSON lacks."""
    if isinstance(value, np.generic):
        value = value.item()
    if name == "embeddings" and not isinstance(value, (str, type(None))):
        # The source object is not plain data, and the network contains the vectors anyway.
        return {"omitted": repr(value)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {
            "dict_items": [
                [_encode_param(name, k), _encode_param(name, v)] for k, v in value.items()
            ]
        }
    if isinstance(value, np.random.RandomState):
        kind, keys, position, has_gauss, cached = value.get_state()
        return {"random_state": [kind, keys.tolist(), position, has_gauss, cached]}
    if callable(value):
        module = getattr(value, "__module__", None)
        qualname = getattr(value, "__qualname__", "")
        if module is None or "<" in qualname:
            raise ValueError(
                f"{name}={value!r} cannot be saved: only a function defined at module "
                "level can be named in a model file. Define it with def at the top "
                "of a module."
            )
        return {"function": f"{module}:{qualname}"}
    raise ValueError(
        f"{name}={value!r} cannot be saved: values of type {type(value).__name__} "
        "have no plain-data form."
    )


def _decode_param(name, value, tokenizer, path):
    if not isinstance(value, dict):
        return value
    if "omitted" in value:
        return None
    if "dict_items" in value:
        return {
            _decode_param(name, k, tokenizer, path): _decode_param(name, v, tokenizer, path)
            for k, v in value["dict_items"]
        }
    if "random_state" in value:
        kind, keys, position, has_gauss, cached = value["random_state"]
        state = np.random.RandomState()
        state.set_state((kind, np.asarray(keys, dtype=np.uint32), position, has_gauss, cached))
        return state
    if "function" in value:
        if tokenizer is None:
            raise ValueError(
                f"{path} was fitted with {name}={value['function']}, whose code is "
                f"not stored in the file. Pass it: skrnn.load(path, {name}=function)."
            )
        module = getattr(tokenizer, "__module__", None)
        qualname = getattr(tokenizer, "__qualname__", repr(tokenizer))
        passed_name = f"{module}:{qualname}" if module else qualname
        if passed_name != value["function"]:
            warnings.warn(
                f"{path} was fitted with {name}={value['function']}, but {passed_name} was "
                "passed; predictions are right only if both split texts the same way.",
                UserWarning,
                stacklevel=3,
            )
        return tokenizer
    raise TypeError(f"unknown value {value!r} for the parameter {name!r}")


def _encode_classes(classes):
    try:
        values = classes.tolist()
        json.dumps(values)
    except TypeError:
        raise ValueError(
            f"The class labels cannot be saved: labels of type "
            f"{type(classes[0]).__name__} have no plain-data form."
        ) from None
    return {"dtype": classes.dtype.str if classes.dtype != object else "object", "values": values}


def _decode_classes(encoded):
    return np.asarray(encoded["values"], dtype=np.dtype(encoded["dtype"]))
