"""Crash-safe file writes: a file is either its old bytes or its new bytes, never half of each.

The pattern (as in Electrum's storage): a temporary file in the same folder, created with
owner-only permissions *before* any byte is written, written in full, flushed and fsynced, then
``os.replace``-d over the target, and finally the folder itself fsynced so the rename survives a
power cut. On any ``OSError`` the temporary file is removed, the target is left as it was, and a
``StorageError`` is raised.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterator
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
    with _atomic_target(path) as out:
        out.write(data)


def atomic_copy_file(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` atomically, in chunks, so memory does not grow with size.

    The copy gets mode 0o600 whatever the source's mode. Raises ``StorageError`` as
    ``atomic_write_bytes`` does; a partial copy never appears under ``target``.
    """
    with _atomic_target(target) as out:
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


@contextlib.contextmanager
def _atomic_target(path: Path) -> Iterator[BinaryIO]:
    """Yield a private temporary file next to ``path``; on success it replaces ``path``."""
    # The random part keeps two writers (or a leftover from a crash) from colliding; O_EXCL makes
    # sure we never write into a file someone else created, e.g. a planted symlink.
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temp, flags, FILE_MODE)
    except OSError as exc:
        raise StorageError.from_os(path, exc, "write") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StorageError.from_os(path, exc, "write") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    try:
        fsync_directory(path.parent)
    except OSError as exc:
        # The new file is in place; only its durability across a power cut is in doubt.
        raise StorageFlushError(path, os_reason(exc)) from exc
