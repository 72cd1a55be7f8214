"""Atomic file output: a file is replaced whole or not at all."""

import contextlib
import errno
import os
import tempfile
from pathlib import Path

# Linux only; None elsewhere, where the named temporary file is used.
_O_TMPFILE = getattr(os, "O_TMPFILE", None)


@contextlib.contextmanager
def atomic_output(destination):
    """Yield a binary file that replaces ``destination`` only if the block succeeds.

    The data goes to a temporary file in the same folder, which is flushed to
    disk and renamed over ``destination`` at the end, so a reader sees either
    the old file or the complete new one. If the block raises (a full disk,
    say), the temporary file is deleted and ``destination`` is left as it was.

    On Linux the temporary file has no name until the data is complete
    (``O_TMPFILE``), so a process killed part way leaves nothing behind.
    Elsewhere, or on file systems without ``O_TMPFILE``, it is a hidden
    ``.<name>.*.part`` file, which a killed process leaves in the folder.
    """
    destination = Path(destination)
    handle = _open_unnamed(destination.parent)
    partial = None
    if handle is None:
        handle, partial = tempfile.mkstemp(
            prefix=f".{destination.name}.", suffix=".part", dir=destination.parent
        )
        os.chmod(partial, 0o644)
    try:
        with os.fdopen(handle, "wb") as output:
            yield output
            output.flush()
            os.fsync(output.fileno())
            if partial is None:
                partial = _give_name(output.fileno(), destination)
        os.replace(partial, destination)
    except BaseException:
        if partial is not None:
            Path(partial).unlink(missing_ok=True)
        raise


def _open_unnamed(folder):
    """Return a descriptor of an unnamed new file in ``folder``, or None if unsupported."""
    if _O_TMPFILE is None:
        return None
    try:
        return os.open(folder, _O_TMPFILE | os.O_WRONLY, 0o644)
    except OSError as error:
        if error.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None
        raise


def _give_name(descriptor, destination):
    """Link an ``O_TMPFILE`` file into ``destination``'s folder under a fresh name."""
    # CPython calls linkat with AT_SYMLINK_FOLLOW, which resolves the
    # /proc/self/fd link to the file, only when a dir_fd is given.
    folder = os.open(destination.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for attempt in range(100):
            name = f".{destination.name}.{os.getpid()}.{attempt}.part"
            try:
                os.link(f"/proc/self/fd/{descriptor}", name, dst_dir_fd=folder)
            except FileExistsError:
                continue
            return destination.with_name(name)
    finally:
        os.close(folder)
    raise FileExistsError(f"Could not find a free temporary name beside {destination}.")
