"""Lazy, quiet import of Keras and TensorFlow.

``import skrnn`` must stay light, so every module that needs Keras calls
:func:`import_keras` at the point of use.
"""

import contextlib
import logging
import os
import sys

_LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL"
_threads_sized = False


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

    At the first call in a process, TensorFlow's thread pools are sized to
    ``OMP_NUM_THREADS`` when that is set (see :func:`_size_thread_pools`).
    """
    global _threads_sized
    if "keras" in sys.modules and "tensorflow" in sys.modules and _threads_sized:
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
    if not _threads_sized:
        _size_thread_pools(sys.modules["tensorflow"])
        _threads_sized = True
    if keras.backend.backend() != "tensorflow":
        raise ImportError(
            "skrnn needs Keras with the TensorFlow backend, but KERAS_BACKEND="
            f"{keras.backend.backend()!r} is set. Unset KERAS_BACKEND or set it "
            "to 'tensorflow'."
        )
    return keras


def _size_thread_pools(tensorflow):
    """Give TensorFlow ``OMP_NUM_THREADS`` threads per pool, when that is set.

    joblib's process workers and Dask's worker processes set
    ``OMP_NUM_THREADS`` to their share of the cores, but TensorFlow ignores
    it and starts one thread per core in every process, so parallel fits
    would oversubscribe the machine. ``TF_NUM_INTRAOP_THREADS`` and
    ``TF_NUM_INTEROP_THREADS``, which TensorFlow reads itself, take
    precedence. Nothing changes once TensorFlow's runtime has started.
    """
    value = os.environ.get("OMP_NUM_THREADS", "")
    if not value.isdigit() or int(value) < 1:
        return
    threads = int(value)
    threading = tensorflow.config.threading
    try:
        if "TF_NUM_INTRAOP_THREADS" not in os.environ:
            threading.set_intra_op_parallelism_threads(threads)
        if "TF_NUM_INTEROP_THREADS" not in os.environ:
            threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError:
        # The runtime started before skrnn was used: the pools are already fixed.
        pass


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


def gpu_available():
    """Return True when TensorFlow lists at least one GPU device."""
    import_keras()
    import tensorflow

    return bool(tensorflow.config.list_physical_devices("GPU"))
