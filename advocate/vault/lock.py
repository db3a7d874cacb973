"""The vault lock: one process (and one open ``Vault`` object) holds a vault at a time.

On POSIX the holder takes ``flock(LOCK_EX | LOCK_NB)`` on the vault *folder* itself and on
``vault.lock``, an empty file inside it. flock belongs to the open file description, so a second
open in the same process conflicts too, and the kernel drops the lock when the process dies, so a
crash never leaves a vault locked.

note: the folder lock is the one that counts. A lock on ``vault.lock`` alone was bypassed by
deleting the file while the vault was open (a user tidying up, a sync tool): the next process
created a new ``vault.lock``, locked it and got in — a second import failed with an internal
error and a master-key rotation ran while a report was being made (issue 15). A folder cannot be
deleted or replaced while it holds the vault's files, and its lock does not depend on any file.
``vault.lock`` is still locked so that an older Advocate on the same vault is refused, and so
that backup leftovers can be recognised (``advocate.backup.leftovers``).

On Windows, where a folder cannot be opened as a file, ``msvcrt.locking`` on the first byte of
``vault.lock`` does the job: a file open in a process cannot be deleted there.
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

    def __init__(self, fd: int, path: Path, folder_fd: int | None = None) -> None:
        """Wrap already locked descriptors; use ``VaultLock.acquire``."""
        self._fd: int | None = fd
        self._folder_fd = folder_fd
        self.path = path

    @classmethod
    def acquire(cls, path: Path) -> VaultLock:
        """Lock the folder of ``path`` and ``path`` itself (made empty, mode 0o600, if missing).

        Raises ``VaultLockedError`` when another holder has either, ``StorageError`` when the
        system refuses to lock.
        """
        folder_fd = _lock_folder(path)
        try:
            return cls(_lock_file(path), path, folder_fd)
        except BaseException:
            if folder_fd is not None:
                os.close(folder_fd)  # closing drops its flock
            raise

    @property
    def held(self) -> bool:
        """Whether this object still holds the lock."""
        return self._fd is not None

    def release(self) -> None:
        """Release the lock; calling it again does nothing."""
        fd, self._fd = self._fd, None
        folder_fd, self._folder_fd = self._folder_fd, None
        for descriptor in (fd, folder_fd):
            if descriptor is None:
                continue
            # Closing the descriptor releases the lock even if the explicit unlock failed.
            with contextlib.suppress(OSError):
                _unlock(descriptor)
            os.close(descriptor)


def _busy(path: Path) -> VaultLockedError:
    return VaultLockedError(path.parent)


def _lock_folder(path: Path) -> int | None:
    """flock the folder holding ``path``; None where folders cannot be opened (Windows)."""
    if sys.platform == "win32":
        return None
    try:
        fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise StorageError.from_os(path.parent, exc, "open") from exc
    try:
        _lock(fd)
    except OSError as exc:
        os.close(fd)
        if exc.errno in _BUSY:
            raise _busy(path) from exc
        raise StorageLockError(path.parent, os_reason(exc)) from exc
    return fd


def _lock_file(path: Path) -> int:
    """Open (or create) and lock ``path``; returns the descriptor."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE)
    except OSError as exc:
        raise StorageError.from_os(path, exc, "open") from exc
    try:
        _lock(fd)
    except OSError as exc:
        os.close(fd)
        if exc.errno in _BUSY:
            raise _busy(path) from exc
        raise StorageLockError(path, os_reason(exc)) from exc
    return fd


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
