"""Evidence files, stored inside the encrypted database in chunks, never as plain files.

Intake streams the file in chunks of 1 MiB, hashing as it goes, so memory does not grow with the
file; the record carries the original name, media type, size, SHA-256, intake time and provenance.
Export is an explicit act: the bytes are written under a temporary name beside the destination,
checked against the SHA-256 recorded at intake, and only then renamed into place.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import sqlcipher3

from advocate.errors import (
    EvidenceDestinationExistsError,
    EvidenceHashMismatchError,
    EvidenceTooLargeError,
    EvidenceTooLargeToShowError,
    EvidenceUnreadableError,
    os_reason,
)
from advocate.inputs import ensure_regular_handle
from advocate.outputs import OutputExistsError, check_output, open_output
from advocate.progress import ProgressCallback, check_cancel, report

CHUNK_SIZE = 1024 * 1024
MAX_EVIDENCE_BYTES = 16 * 1024**3  # a 16 GiB recording is not evidence intake, it is a mistake

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"PK\x03\x04", "application/zip"),
)


def sniff_media_type(head: bytes, name: str) -> str:
    """The media type from the first bytes of a file, falling back to its name."""
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            if media_type == "application/zip":
                break  # docx, xlsx, odt are zips: the name says more than the magic
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        return "video/mp4" if not head[8:11] == b"M4A" else "audio/mp4"
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
# note: Windows also reserves CONIN$/CONOUT$ and COM/LPT with a superscript digit, and ignores
# spaces before the extension ("CON .txt" is CON); found by tests/hardening/test_hard_names.py.
_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
             *(f"com{i}" for i in "0123456789¹²³"), *(f"lpt{i}" for i in "0123456789¹²³")}
#: Longest safe name in UTF-8 bytes: file systems allow 255, and the export's temporary name
#: (``.NAME.<random>.tmp``) beside it needs room too. 120 characters of emoji were 480 bytes.
MAX_NAME_BYTES = 200


def safe_filename(name: str, fallback: str = "evidence") -> str:
    """A file name that is safe in any folder on any system, made from an untrusted name.

    Removes path separators, control characters, bidirectional overrides and other format
    characters (which can disguise ``exe.pdf`` as ``fdp.exe``), leading dots and trailing dots or
    spaces; avoids Windows device names; keeps the extension; at most 120 characters.
    """
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c) != "Cf")
    name = _UNSAFE.sub("_", name).strip().strip(".").strip()
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext[:16]
    if not stem or stem.split(".")[0].rstrip(" ").casefold() in _RESERVED:
        stem = f"{fallback}_{stem}" if stem else fallback
    stem = stem[: 120 - len(ext) - 1]
    room = MAX_NAME_BYTES - len(ext.encode("utf-8")) - 1
    while len(stem.encode("utf-8")) > room:
        stem = stem[:-1]
    stem = stem.rstrip(". ") or fallback
    return f"{stem}.{ext}" if ext else stem


class EvidenceChunks:
    """Reads and writes the chunked bytes of evidence files; the caller holds transactions."""

    def __init__(self, conn: sqlcipher3.Connection) -> None:
        self._conn = conn

    def write(
        self, evidence_id: str, source: BinaryIO, *, total: int = 0,
        progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
    ) -> tuple[int, str, bytes]:
        """Store a stream as chunks; returns (size, sha256, the first bytes for sniffing)."""
        ensure_regular_handle(source, getattr(source, "name", "evidence"))
        digest = hashlib.sha256()
        size, seq, head = 0, 0, b""
        while True:
            check_cancel(cancel)
            try:
                chunk = source.read(CHUNK_SIZE)
            except OSError as exc:
                raise EvidenceUnreadableError(getattr(source, "name", ""),
                                              os_reason(exc)) from exc
            if not chunk:
                break
            if seq == 0:
                head = chunk[:64]
            size += len(chunk)
            if size > MAX_EVIDENCE_BYTES:
                raise EvidenceTooLargeError("16 GiB")
            digest.update(chunk)
            self._conn.execute(
                "INSERT INTO evidence_chunks (evidence_id, seq, data) VALUES (?, ?, ?)",
                (evidence_id, seq, chunk))
            seq += 1
            report(progress, size, total)
        return size, digest.hexdigest(), head

    def iter_chunks(self, evidence_id: str) -> Iterator[bytes]:
        """The bytes of an evidence file, chunk by chunk (one chunk in memory at a time)."""
        seq = 0
        while True:
            row = self._conn.execute(
                "SELECT data FROM evidence_chunks WHERE evidence_id = ? AND seq = ?",
                (evidence_id, seq)).fetchone()
            if row is None:
                return
            yield bytes(row[0])
            seq += 1

    def chunk(self, evidence_id: str, seq: int) -> bytes | None:
        """Chunk ``seq`` of an evidence file, None past its end."""
        row = self._conn.execute(
            "SELECT data FROM evidence_chunks WHERE evidence_id = ? AND seq = ?",
            (evidence_id, seq)).fetchone()
        return None if row is None else bytes(row[0])

    def digest(self, evidence_id: str) -> tuple[int, str]:
        """(size, SHA-256) of the stored bytes, recomputed."""
        digest = hashlib.sha256()
        size = 0
        for chunk in self.iter_chunks(evidence_id):
            digest.update(chunk)
            size += len(chunk)
        return size, digest.hexdigest()

    def read_all(self, evidence_id: str, limit: int) -> bytes:
        """The whole file in memory, for viewing in the app; EvidenceError beyond ``limit``."""
        parts: list[bytes] = []
        size = 0
        for chunk in self.iter_chunks(evidence_id):
            size += len(chunk)
            if size > limit:
                raise EvidenceTooLargeToShowError()
            parts.append(chunk)
        return b"".join(parts)

    def export(
        self, evidence_id: str, expected_sha256: str, destination: Path, *,
        progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
        total: int = 0,
    ) -> None:
        """Write the bytes to ``destination`` (which must not exist), verified against the hash.

        ``destination`` follows the rule of ``advocate.outputs``; the file is put in place only
        once its bytes match the SHA-256 recorded at intake.
        """
        digest = hashlib.sha256()
        try:
            check_output(destination)
        except OutputExistsError:
            raise EvidenceDestinationExistsError(destination) from None
        with open_output(destination) as out:
            done = 0
            for chunk in self.iter_chunks(evidence_id):
                check_cancel(cancel)
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                report(progress, done, total)
            actual = digest.hexdigest()
            if actual != expected_sha256:
                raise EvidenceHashMismatchError(evidence_id, expected_sha256, actual)
