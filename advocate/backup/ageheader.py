"""The header of an age file, read strictly here before pyrage sees the file.

Why a second parser: the scrypt work factor must be bounded before scrypt runs, armored input is
refused (a backup is binary), and the rage version inside pyrage accepts two malformed headers
that the age specification (and the CCTV test vectors ``stanza_missing_body``,
``stanza_missing_final_line``) say must fail: a stanza without its final short body line. The
grammar checked, from age-encryption.org/v1::

    header  = "age-encryption.org/v1" LF *stanza "---" SP 43base64 LF
    stanza  = "->" 1*(SP 1*VCHAR) LF *(64base64 LF) short-line
    short-line = 0*63base64 LF                 ; every stanza ends with one, even if empty

Everything else (base64 canonicity, stanza semantics, the MAC) is left to pyrage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from advocate.backup.errors import BackupDamagedError, NotABackupError

AGE_MAGIC = b"age-encryption.org/v1\n"
ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
#: The longest header read: one X25519 stanza is about 100 bytes; 64 KiB allows hundreds.
MAX_HEADER_BYTES = 64 * 1024
_ARGUMENT = re.compile(rb"[\x21-\x7e]+")
_BODY_LINE = re.compile(rb"[A-Za-z0-9+/]{0,64}")
_FOOTER = re.compile(rb"--- [A-Za-z0-9+/]{43}")


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza of a header: its arguments (the first is its type)."""

    args: tuple[bytes, ...]

    @property
    def type(self) -> bytes:
        """The stanza's type, e.g. ``X25519`` or ``scrypt``."""
        return self.args[0]


def check_binary_age(head: bytes, what: str, path: Path | None) -> None:
    """Refuse anything but a binary age file, telling armored age and other files apart."""
    stripped = head.lstrip()
    if stripped and ARMOR_BEGIN.startswith(stripped[: len(ARMOR_BEGIN)]):
        raise NotABackupError(
            path,
            f"The backup's {what} is armored (text) age, which Advocate backups never use; this is"
            " not an Advocate backup.")
    if head != AGE_MAGIC:
        raise NotABackupError(
            path,
            f"The backup's {what} is not an age file (age-encryption.org/v1), so this is not an "
            "Advocate backup.")


def header_length(data: bytes | bytearray) -> int | None:
    """The length of the header at the start of ``data`` (through its MAC line), if complete."""
    start = data.find(b"\n---")
    if start < 0:
        return None
    end = data.find(b"\n", start + 1)
    return None if end < 0 else end + 1


def parse_header(data: bytes, what: str, path: Path | None = None) -> list[Stanza]:
    """The stanzas of the age header at the start of ``data``; a typed error if malformed."""
    check_binary_age(data[: len(AGE_MAGIC)], what, path)
    length = header_length(data[: MAX_HEADER_BYTES])
    if length is None:
        raise BackupDamagedError(
            path,
            f"The backup's {what} is incomplete or damaged (its age header has no end).")
    lines = data[len(AGE_MAGIC): length - 1].split(b"\n")
    stanzas: list[Stanza] = []
    index = 0
    while not lines[index].startswith(b"---"):
        line = lines[index]
        args = tuple(line[3:].split(b" "))
        if not line.startswith(b"-> ") or not all(_ARGUMENT.fullmatch(a) for a in args):
            _malformed(what, path, "a stanza line is malformed")
        stanzas.append(Stanza(args))
        index = _skip_body(lines, index + 1, what, path)
    if index != len(lines) - 1 or not _FOOTER.fullmatch(lines[index]):
        _malformed(what, path, "its MAC line is malformed")
    return stanzas


def _skip_body(lines: list[bytes], index: int, what: str, path: Path | None) -> int:
    """The index after a stanza's body, which must end with a line shorter than 64 columns."""
    while index < len(lines):
        line = lines[index]
        if line.startswith((b"->", b"---")) or not _BODY_LINE.fullmatch(line):
            break
        index += 1
        if len(line) < 64:
            return index
    _malformed(what, path, "a stanza lacks its final short body line")


def _malformed(what: str, path: Path | None, detail: str) -> NoReturn:
    raise BackupDamagedError(
        path,
        f"The backup's {what} has a malformed age header ({detail}).")
