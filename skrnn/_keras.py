"""Lazy, quiet import of Keras and TensorFlow.

``import skrnn`` must stay light, so every module that needs Keras calls
:func:`import_keras` at the point of use.
"""

import contextlib
import logging
import os
import sys

_LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL"


@contextlib.contextmanager
def _stderr_silenced():
    """Send file descriptor 2 to /dev/null for the duration of the block.

    TensorFlow 2.21 writes its start-up lines (oneDNN, CUDA driver lookup)
    from C++ through absl before ``TF_CPP_MIN_LOG_LEVEL`` takes effect, so
    only redirecting the descriptor hides them.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        # No real descriptor 2 (some notebook and service hosts): nothing to hide.
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_keras():
    """Import and return the ``keras`` module, with TensorFlow as backend.

    TensorFlow's C++ log lines (start-up notices, and errors it only logs) are
    hidden unless the user has set ``TF_CPP_MIN_LOG_LEVEL`` themselves, which
    is how they ask to see them. Python exceptions are raised as usual.
    """
    if "keras" in sys.modules and "tensorflow" in sys.modules:
        return sys.modules["keras"]

    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    if _LOG_LEVEL_VARIABLE in os.environ:
        import tensorflow  # noqa: F401
        import keras
    else:
        # TensorFlow reads the level once, at import. The variable is removed
        # afterwards because child processes would take it for the user's own
        # setting and show the lines.
        os.environ[_LOG_LEVEL_VARIABLE] = "3"
        try:
            with _stderr_silenced():
                import tensorflow  # noqa: F401
                import keras
        finally:
            del os.environ[_LOG_LEVEL_VARIABLE]
    if keras.backend.backend() != "tensorflow":
        raise ImportError(
            "skrnn needs Keras with the TensorFlow backend, but KERAS_BACKEND="
            f"{keras.backend.backend()!r} is set. Unset KERAS_BACKEND or set it "
            "to 'tensorflow'."
        )
    return keras


@contextlib.contextmanager
def tensorflow_warnings_hidden():
    """Hide TensorFlow's Python-side warnings for the duration of the block.

    TensorFlow logs a retracing warning through the ``tensorflow`` logger
    when many models are fitted in one process, as in a grid search. Like the
    C++ lines, these stay visible when the user has set
    ``TF_CPP_MIN_LOG_LEVEL``. The logger's level is restored afterwards.
    """
    if _LOG_LEVEL_VARIABLE in os.environ:
        yield
        return
    logger = logging.getLogger("tensorflow")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
