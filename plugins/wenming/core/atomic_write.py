"""Writing a content file so that nobody ever sees half of it, and writers take turns.

Two editors deciding on the same submission, or ``wenming review`` and the intake service, must
not interleave their read-check-write: each holds :func:`folder_lock` from before it reads the
file until after the new version is in place. The new version is written to a temporary file in
the same folder, flushed to disk, then renamed over the old one (``os.replace`` is atomic on
POSIX), and the folder is flushed so the rename survives a power cut. A reader (the build,
``wenming check``, a text editor) sees the old file or the new one, never an empty or partial one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_WAIT_SECONDS = 15.0


class LockTimeout(Exception):
    """Another writer held the folder's lock for longer than :data:`LOCK_WAIT_SECONDS`."""


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (``flock`` on the folder itself: no lock file to leave behind).

    Every process that changes files in the folder takes it; the lock goes with the process, so
    a writer that is killed never leaves the folder locked.
    """
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    raise
                if time.monotonic() >= deadline:
                    raise LockTimeout(str(folder)) from None
                time.sleep(0.005)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def write_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` in one step; ``mode`` (default: the old file's, else 0o644) is kept."""
    if mode is None:
        try:
            mode = stat.S_IMODE(os.lstat(path).st_mode)
        except FileNotFoundError:
            mode = 0o644
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename, a new file) to disk."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
