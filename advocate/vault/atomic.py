"""Crash-safe file writes: a file is either its old bytes or its new bytes, never half of each.

The pattern (as in Electrum's storage): a temporary file in the same folder, created with
owner-only permissions *before* any byte is written, written in full, flushed and fsynced, then
``os.replace``-d over the target, and finally the folder itself fsynced so the rename survives a
power cut. On any ``OSError`` the temporary file is removed, the target is left as it was, and a
``StorageError`` is raised.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from advocate.errors import StorageError, StorageFlushError, os_reason

FILE_MODE = 0o600
DIR_MODE = 0o700
_COPY_CHUNK = 1024 * 1024


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; the file ends up with mode 0o600.

    Raises ``StorageError`` (the old file intact, no temporary file left) when the operating
    system refuses any step: disk full, I/O error, read-only medium.
    """
    with atomic_writer(path) as out:
        out.write(data)


def atomic_copy_file(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` atomically, in chunks, so memory does not grow with size.

    The copy gets mode 0o600 whatever the source's mode. Raises ``StorageError`` as
    ``atomic_write_bytes`` does; a partial copy never appears under ``target``.
    """
    with atomic_writer(target) as out:
        try:
            with open(source, "rb") as src:
                while chunk := src.read(_COPY_CHUNK):
                    out.write(chunk)
        except OSError as exc:
            raise StorageError.from_os(source, exc, "read") from exc


def fsync_directory(folder: Path) -> None:
    """Flush a folder's entries (new, renamed or removed files) to disk.

    Windows cannot open a folder as a file; NTFS journals renames itself, so this is a no-op there.
    """
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_file(path: Path) -> None:
    """Delete ``path`` (if present) and fsync its folder; raise ``StorageError`` on failure."""
    try:
        path.unlink(missing_ok=True)
        fsync_directory(path.parent)
    except OSError as exc:
        raise StorageError.from_os(path, exc, "remove") from exc


#: Maps an ``OSError`` met while writing ``path`` to the error the caller raises.
ErrorMapper = Callable[[Path, OSError], Exception]


def _storage_error(path: Path, exc: OSError) -> Exception:
    return StorageError.from_os(path, exc, "write")


@contextlib.contextmanager
def atomic_writer(
    path: Path, *, replace: bool = True, error: ErrorMapper = _storage_error,
    folder_sync_required: bool = True, before_commit: Callable[[], None] | None = None,
    readable: bool = False, buffering: int = -1,
) -> Iterator[BinaryIO]:
    """Yield a private temporary file beside ``path``; when the block ends, it becomes ``path``.

    This is the one crash-safe writer of the core (headers, exports, reports, evidence exports,
    backups): ``.<name>.<random>.tmp`` created with ``O_EXCL`` and mode 0o600 before any byte,
    written, flushed, fsynced, put in place, then the folder fsynced. With ``replace=False`` an
    entry that appeared at ``path`` meanwhile is never replaced (``FileExistsError`` goes to
    ``error``). ``before_commit`` runs after the fsync, before the rename (a last cancel check).
    ``readable`` opens the file for reading too (a backup patches a header it wrote earlier).
    On any failure, or an exception from the block, the temporary file is removed and ``path`` is
    untouched; an ``OSError`` becomes ``error(path, exc)`` (a ``StorageError`` by default).
    A folder that cannot be fsynced (some FAT and network drives) fails the write only when
    ``folder_sync_required``: the file itself is complete and fsynced either way.
    """
    # The random part keeps two writers (or a leftover from a crash) from colliding; O_EXCL makes
    # sure we never write into a file someone else created, e.g. a planted symlink.
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = (os.O_CREAT | os.O_EXCL | (os.O_RDWR if readable else os.O_WRONLY)
             | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(temp, flags, FILE_MODE)
    except OSError as exc:
        raise error(path, exc) from exc
    try:
        # note: not ``with``: tests wrap os.fdopen in objects that are only file-like
        out = os.fdopen(fd, "w+b" if readable else "wb", buffering=buffering)
        try:
            yield out
            out.flush()
            os.fsync(out.fileno())
        finally:
            out.close()
        if before_commit is not None:
            before_commit()
        _put_in_place(temp, path, replace)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise error(path, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    try:
        fsync_directory(path.parent)
    except OSError as exc:
        if folder_sync_required:
            # The new file is in place; only its durability across a power cut is in doubt.
            raise StorageFlushError(path, os_reason(exc)) from exc


def _put_in_place(temp: Path, path: Path, replace: bool) -> None:
    """Rename ``temp`` to ``path``; without ``replace``, never over an existing entry."""
    if replace:
        os.replace(temp, path)
        return
    try:
        # note: link() fails with EEXIST when anything is at ``path``, atomically; rename()
        # would silently replace a file that appeared since the caller checked.
        os.link(temp, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:
        # FAT and some network drives have no hard links: check, then rename (a small window).
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(temp, path)
        return
    with contextlib.suppress(OSError):
        temp.unlink()  # the file is in place under its name; a leftover link changes nothing
