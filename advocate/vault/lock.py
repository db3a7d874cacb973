"""The vault lock: one process (and one open ``Vault`` object) holds a vault at a time.

``vault.lock`` is an empty file. On POSIX the holder takes ``flock(LOCK_EX | LOCK_NB)``; flock
belongs to the open file description, so a second open in the same process conflicts too, and the
kernel drops the lock when the process dies, so a crash never leaves a vault locked. On Windows
``msvcrt.locking`` on the first byte does the same job.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path

from advocate.errors import StorageError, StorageLockError, VaultLockedError, os_reason
from advocate.vault.atomic import FILE_MODE

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

_BUSY = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK}


class VaultLock:
    """An exclusive, non-blocking lock on a vault's ``vault.lock`` file."""

    def __init__(self, fd: int, path: Path) -> None:
        """Wrap an already locked descriptor; use ``VaultLock.acquire``."""
        self._fd: int | None = fd
        self.path = path

    @classmethod
    def acquire(cls, path: Path) -> VaultLock:
        """Lock ``path`` (made empty, mode 0o600, if missing) or raise ``VaultLockedError``."""
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE)
        except OSError as exc:
            raise StorageError.from_os(path, exc, "open") from exc
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            if exc.errno in _BUSY:
                raise VaultLockedError(path.parent) from exc
            raise StorageLockError(path, os_reason(exc)) from exc
        return cls(fd, path)

    @property
    def held(self) -> bool:
        """Whether this object still holds the lock."""
        return self._fd is not None

    def release(self) -> None:
        """Release the lock; calling it again does nothing."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # Closing the descriptor releases the lock even if the explicit unlock failed.
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
