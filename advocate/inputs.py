"""Files the user names as input (an import document, evidence, a backup): ordinary files only.

``stat`` says 0 bytes for ``/dev/zero``, ``/dev/urandom`` or a pipe, so a size limit checked on
``stat`` let an import read ``/dev/zero`` until the system ran out of memory, and opening a pipe
nobody writes to blocks forever — with the vault locked. So an input is opened without blocking
(``O_NONBLOCK``), refused unless it is an ordinary file, and limits are counted on the bytes
actually read (``read_limited``), not on what ``stat`` claims.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from advocate.errors import AdvocateError, os_reason
from advocate.i18n import N_

_PIECE = 16 * 1024 * 1024


class InputError(AdvocateError):
    """A file named as input cannot be used; nothing was read into the vault."""

    code = "input.refused"


class InputNotAFileError(InputError):
    """The input is a device, a pipe, a socket or a folder."""

    code = "input.not_a_file"
    template = N_("{path} is a device, a pipe or a folder, not an ordinary file; "
                  "it was not read.")

    def __init__(self, path: Path) -> None:
        super().__init__(path=str(path))
        self.path = path


class InputTooLargeError(InputError):
    """More bytes were read than the limit allows."""

    code = "input.too_large"
    template = N_("{path} is larger than {limit}; it was not read.")

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(path=str(path), limit=human_size(limit))
        self.path = path


class InputUnreadableError(InputError):
    """The operating system refused to open or read the input."""

    code = "input.unreadable"
    template = N_("{path} could not be read: {reason}.")

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path=str(path), reason=reason)
        self.path = path


def human_size(n: int) -> str:
    """``4 GiB``, ``16 MiB``, ``512 bytes``: sizes as limits are spoken of."""
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} bytes"


def check_regular(path: Path) -> None:
    """Raise ``InputNotAFileError`` unless ``path`` is (a link to) an ordinary file.

    A check by name, made before a vault is opened; ``open_regular`` checks the opened file again.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputUnreadableError(Path(path), os_reason(exc)) from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputNotAFileError(Path(path))


def open_regular(path: Path) -> BinaryIO:
    """Open an ordinary file for reading, never blocking on a pipe; ``InputError`` otherwise."""
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputUnreadableError(path, os_reason(exc)) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputNotAFileError(path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise


def ensure_regular_handle(handle: BinaryIO, name: str) -> None:
    """Refuse an already open stream that is a device or pipe (when it has a descriptor)."""
    try:
        fd = handle.fileno()
    except (AttributeError, OSError, ValueError):
        return  # an in-memory stream: bounded by whoever made it
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        raise InputNotAFileError(Path(name))


def read_limited(handle: BinaryIO, limit: int, path: Path) -> bytes:
    """All bytes of ``handle``, or ``InputTooLargeError`` as soon as more than ``limit`` came."""
    parts: list[bytes] = []
    size = 0
    while True:
        try:
            # note: pieces, not read(limit + 1): that would allocate the whole limit up front.
            piece = handle.read(_PIECE)
        except OSError as exc:
            raise InputUnreadableError(path, os_reason(exc)) from exc
        if not piece:
            return b"".join(parts)
        size += len(piece)
        if size > limit:
            raise InputTooLargeError(path, limit)
        parts.append(piece)
