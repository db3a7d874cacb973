"""Tar as backups use it: headers written one member at a time, a push parser that trusts nothing.

Writing: :func:`member_header` gives the 512-byte header of a regular file (GNU format, so a size
above 8 GiB fits in the same 512 bytes as base-256, which GNU tar, bsdtar and Python read), then
the data, then :func:`padding`; :func:`end_of_archive` closes the archive. Knowing every size first
is the writer's business.

Reading: :class:`TarStreamParser` is fed the decrypted stream in pieces of any size (no thread, no
seeking, nothing buffered but one header) and hands each member to a :class:`MemberSink`. Before a
member's first byte is handed on, its header is checked: a regular file (or the ``evidence``
folder), a relative path without ``..``, a size within bounds; ``tarfile.data_filter`` then
applies Python's own extraction rules as a second line of defence. Links, devices, FIFOs, GNU
long names, pax headers and sparse files are refused. Padding and the end-of-archive blocks must
be zeros; nothing may follow them.
"""

from __future__ import annotations

import tarfile
from pathlib import Path, PurePosixPath
from typing import Protocol

from advocate.backup.errors import BackupDamagedError, UnsafeMemberError

BLOCK = 512
RECORD = 20 * BLOCK  # tar's default blocking factor: archives are padded to 10 KiB
FILE_MODE = 0o600
_ZERO_BLOCK = bytes(BLOCK)
_KINDS = {
    tarfile.SYMTYPE: "a symbolic link", tarfile.LNKTYPE: "a hard link",
    tarfile.CHRTYPE: "a character device", tarfile.BLKTYPE: "a block device",
    tarfile.FIFOTYPE: "a FIFO", tarfile.CONTTYPE: "a contiguous file",
    tarfile.GNUTYPE_LONGNAME: "a GNU long name", tarfile.GNUTYPE_LONGLINK: "a GNU long link",
    tarfile.GNUTYPE_SPARSE: "a sparse file", tarfile.XHDTYPE: "a pax header",
    tarfile.XGLTYPE: "a pax global header", tarfile.SOLARIS_XHDTYPE: "a Solaris header",
}


def member_header(name: str, size: int, mtime: int) -> bytes:
    """The 512-byte header of a regular file ``name`` of ``size`` bytes, mode 0600."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = mtime
    info.mode = FILE_MODE
    info.type = tarfile.REGTYPE
    header = info.tobuf(tarfile.GNU_FORMAT, "utf-8", "strict")
    if len(header) != BLOCK:  # only a name over 100 bytes would need more; ours are short
        raise ValueError(f"tar member name too long: {name!r}")
    return header


def padding(size: int) -> bytes:
    """The zeros that bring a member of ``size`` bytes to a whole number of blocks."""
    return bytes(-size % BLOCK)


def end_of_archive(written: int) -> bytes:
    """Two zero blocks, then zeros up to a whole record, after ``written`` bytes of archive."""
    total = written + 2 * BLOCK
    return bytes(2 * BLOCK + (-total % RECORD))


class MemberSink(Protocol):
    """Receives the members of a parsed archive, in order."""

    def begin(self, info: tarfile.TarInfo) -> None:
        """A member starts (its header is already checked for safety); raise to refuse it."""

    def data(self, piece: memoryview) -> None:
        """Some of the member's bytes (valid only during the call: copy what you keep)."""

    def end(self) -> None:
        """The member's last byte was handed on."""


class TarStreamParser:
    """Parses a tar archive fed in pieces; see the module docstring for what it refuses."""

    def __init__(self, sink: MemberSink, *, max_member_size: int, what: str,
                 path: Path | None = None) -> None:
        self._sink = sink
        self._max = max_member_size
        self._what = what
        self._path = path
        self._header = bytearray()
        self._left = 0  # data bytes of the current member still to come
        self._pad = 0  # padding bytes still to come
        self._trailer = 0  # zero bytes seen after the last member
        self._ended = False  # a zero block was seen: only zeros may follow
        self.members = 0

    def feed(self, data: bytes | memoryview) -> None:
        """Parse the next piece of the archive."""
        view = memoryview(data)
        pos, size = 0, len(view)
        while pos < size:
            if self._left:
                take = min(self._left, size - pos)
                self._sink.data(view[pos:pos + take])
                self._left -= take
                pos += take
                if not self._left:
                    self._sink.end()
            elif self._pad:
                take = min(self._pad, size - pos)
                self._require_zeros(view[pos:pos + take], "padding")
                self._pad -= take
                pos += take
            elif self._ended:
                self._require_zeros(view[pos:], "end")
                self._trailer += size - pos
                pos = size
            else:
                take = min(BLOCK - len(self._header), size - pos)
                self._header += view[pos:pos + take]
                pos += take
                if len(self._header) == BLOCK:
                    block, self._header = bytes(self._header), bytearray()
                    self._header_block(block)

    def close(self) -> None:
        """The stream ended: it must have ended exactly after the end-of-archive blocks."""
        if not self._ended or self._trailer < 2 * BLOCK:
            raise BackupDamagedError(
                self._path,
                f"The contents of {self._what} end early (the archive inside is incomplete).")

    def _header_block(self, block: bytes) -> None:
        if block == _ZERO_BLOCK:
            self._ended = True
            self._trailer = BLOCK
            return
        try:
            info = tarfile.TarInfo.frombuf(block, "utf-8", "strict")
        except (tarfile.HeaderError, UnicodeDecodeError, ValueError) as exc:
            raise BackupDamagedError(
                self._path,
                f"{self._what} does not hold a valid archive (a member header is damaged: "
                f"{exc}).") from exc
        self._check(info)
        self.members += 1
        self._sink.begin(info)
        self._left = info.size
        self._pad = -info.size % BLOCK
        if not info.size:
            self._sink.end()

    def _check(self, info: tarfile.TarInfo) -> None:
        name = info.name
        kind = _KINDS.get(info.type)
        if kind is None and info.type not in (tarfile.REGTYPE, tarfile.AREGTYPE, tarfile.DIRTYPE):
            kind = f"an unknown member type {info.type!r}"
        if kind is not None:
            self._unsafe(f"the member {name!r} is {kind}")
        pure = PurePosixPath(name)
        if not name or "\\" in name or "\0" in name or pure.is_absolute() \
                or name.startswith("/") or ".." in pure.parts:
            self._unsafe(f"the member {name!r} has a path outside the backup")
        if info.size < 0 or info.size > self._max:
            raise BackupDamagedError(
                self._path,
                f"{self._what}: the member {name!r} declares {info.size:,} bytes, more than the "
                "backup can hold (a tar bomb or damage)")
        try:
            tarfile.data_filter(info, "/nonexistent/restore")
        except tarfile.FilterError as exc:
            self._unsafe(f"the member {name!r} is refused by the data filter ({exc})")

    def _unsafe(self, what: str) -> None:
        raise UnsafeMemberError(
            self._path,
            f"{self._what}: {what}.")

    def _require_zeros(self, view: memoryview, where: str) -> None:
        if view.tobytes().count(0) != len(view):
            raise BackupDamagedError(
                self._path,
                f"{self._what} holds unexpected data in the archive's {where} blocks.")
