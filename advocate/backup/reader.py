"""Reading a backup: the outer tar, key.age, and data.age checked member by member as it decrypts.

:class:`BackupFile` parses the outer tar by hand (``key.age`` then ``data.age``, regular files,
sizes within the file, zeros after), so nothing is extracted and nothing trusted. :meth:`unlock`
decrypts key.age in memory after bounding its scrypt work factor. :meth:`BackupFile.decrypt`
streams data.age through age into a :class:`~advocate.backup.tarstream.TarStreamParser` whose sink,
:class:`PayloadChecker`, requires ``manifest.json`` first, then accepts only the members the
manifest lists, with the declared sizes, hashes each one, parses ``records.sql`` strictly, checks
the audit chain link by link, and hands rows and evidence bytes to a :class:`Loader` (nothing, for
``verify``; the staging vault, for ``restore``).

Nothing counts until the end: a truncated age stream yields its first chunks before failing, so a
caller treats everything it was handed as provisional until :meth:`PayloadChecker.finish` passed
after decryption ended without error.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tarfile
import threading
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, NoReturn, Protocol

from advocate.backup import agefile
from advocate.backup.errors import (
    BackupDamagedError,
    BackupStorageError,
    NotABackupError,
    UnsafeMemberError,
)
from advocate.backup.info import BackupInfo
from advocate.backup.manifest import (
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    RECORDS_NAME,
    Manifest,
    MemberEntry,
)
from advocate.backup.sqldump import SqlDumpParser, Table, Value
from advocate.backup.tarstream import BLOCK, RECORD, TarStreamParser, padding
from advocate.errors import Problem, os_reason
from advocate.i18n import N_
from advocate.progress import ProgressCallback, check_cancel, report
from advocate.store.audit import GENESIS, AuditEntry

KEY_NAME = "key.age"
DATA_NAME = "data.age"
_MAX_TRAILER = 4 * RECORD
_READ_PIECE = 1024 * 1024


class Loader(Protocol):
    """Receives what a backup holds, as it is checked (verify's loader keeps nothing)."""

    def row(self, table: Table, values: tuple[Value, ...]) -> None:
        """One row of records.sql (its count and types already checked)."""

    def evidence_begin(self, entry: MemberEntry) -> None:
        """An evidence file starts."""

    def evidence_data(self, piece: memoryview) -> None:
        """Some of its bytes (valid only during the call)."""

    def evidence_end(self, entry: MemberEntry) -> None:
        """Its last byte was handed on (its hash is checked after this)."""


class NullLoader:
    """A loader that keeps nothing: for checking a backup without restoring it."""

    def row(self, table: Table, values: tuple[Value, ...]) -> None:
        """Nothing to do."""

    def evidence_begin(self, entry: MemberEntry) -> None:
        """Nothing to do."""

    def evidence_data(self, piece: memoryview) -> None:
        """Nothing to do."""

    def evidence_end(self, entry: MemberEntry) -> None:
        """Nothing to do."""


def _open_regular(path: Path) -> BinaryIO:
    """Open an ordinary file for reading, never blocking on a pipe.

    note: ``/dev/zero``, ``/dev/urandom`` or a FIFO as a backup (issue 15): ``stat`` says 0 bytes
    and a pipe nobody writes to blocks the open forever; both are refused here, first.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise BackupStorageError(path, os_reason(exc), "open") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotABackupError(path, "not an ordinary file (a device, a pipe or a folder)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        # age reads 8 KiB at a time: a 1 MiB buffer saves 127 system calls in 128
        return os.fdopen(fd, "rb", buffering=_READ_PIECE)
    except BaseException:
        os.close(fd)
        raise


class BackupFile:
    """An open backup file whose outer tar was checked; use as a context manager."""

    def __init__(self, path: Path) -> None:
        """Open ``path`` and check its outer structure (``BackupFile.open`` is the usual way)."""
        self.path = path
        self._file: BinaryIO = _open_regular(path)
        try:
            self.size = os.fstat(self._file.fileno()).st_size
            self.key, self.data_offset, self.data_size = self._parse()
        except BaseException:
            self._file.close()
            raise

    @classmethod
    def open(cls, path: Path) -> BackupFile:
        """Open and check the outer tar of a backup file."""
        return cls(Path(path))

    def close(self) -> None:
        """Close the file."""
        self._file.close()

    def __enter__(self) -> BackupFile:
        """Use in a ``with`` block."""
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Close the file."""
        self.close()

    def unlock(self, passphrase: str) -> Any:
        """The identity in key.age (scrypt bounded first); WrongBackupPassphraseError if not."""
        return agefile.decrypt_key(self.key, passphrase, self.path)

    def decrypt(self, identity: Any, write: agefile.Write, *,
                progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
                progress_total: int = 0) -> None:
        """Stream data.age's plaintext to ``write``; progress counts ciphertext bytes read."""
        self._file.seek(self.data_offset)
        left = self.data_size
        total = progress_total or self.data_size

        def read(size: int) -> bytes:
            """At most ``size`` bytes of data.age, never beyond its end."""
            nonlocal left
            check_cancel(cancel)
            piece = self._file.read(min(size, left)) if left else b""
            left -= len(piece)
            report(progress, self.data_size - left, total)
            return piece

        agefile.decrypt_stream(read, write, identity, self.path)

    def _parse(self) -> tuple[bytes, int, int]:
        """(key.age's bytes, data.age's offset, its size), after checking the outer tar."""
        key_info = self._member_header(0, KEY_NAME)
        if key_info.size > agefile.MAX_KEY_FILE_BYTES:
            raise BackupDamagedError(
                self.path,
                f"The backup's key (key.age) is {key_info.size:,} bytes, far more than a backup "
                "key; the file was altered.")
        key = self._file.read(key_info.size)
        gap = self._file.read(len(padding(key_info.size)))
        if len(key) != key_info.size or len(gap) != len(padding(key_info.size)):
            self._truncated()
        if gap.count(0) != len(gap):
            self._altered("between key.age and data.age")
        data_header = BLOCK + key_info.size + len(padding(key_info.size))
        data_info = self._member_header(data_header, DATA_NAME)
        offset = data_header + BLOCK
        end = offset + data_info.size + len(padding(data_info.size))
        if end + 2 * BLOCK > self.size:
            self._truncated()
        if self.size - end > _MAX_TRAILER:
            raise NotABackupError(
                self.path,
                f"{self.path} holds more than key.age and data.age, so it is not an Advocate "
                "backup (or it was altered).")
        self._file.seek(offset + data_info.size)
        tail = self._file.read()
        if tail.count(0) != len(tail):
            self._altered("after data.age")
        return key, offset, data_info.size

    def _altered(self, where: str) -> NoReturn:
        raise BackupDamagedError(
            self.path,
            f"{self.path} holds unexpected bytes {where}; it was altered.")

    def _member_header(self, offset: int, name: str) -> tarfile.TarInfo:
        self._file.seek(offset)
        block = self._file.read(BLOCK)
        if len(block) < BLOCK:
            if offset:
                self._truncated()
            raise NotABackupError(
                self.path,
                f"{self.path} is too short to be a backup ({self.size} bytes).")
        try:
            info = tarfile.TarInfo.frombuf(block, "utf-8", "strict")
        except (tarfile.HeaderError, UnicodeDecodeError, ValueError) as exc:
            if offset:
                raise BackupDamagedError(
                    self.path,
                    f"the header of {name} is unreadable") from exc
            raise NotABackupError(
                self.path,
                f"{self.path} is not an Advocate backup (it is not a tar archive).") from exc
        if info.name != name or not info.isreg():
            raise NotABackupError(
                self.path,
                f"{self.path} is a tar archive but not an Advocate backup (expected {name} as "
                f"member {(2 if offset else 1)}, found {info.name[:60]!r}).")
        return info

    def _truncated(self) -> NoReturn:
        raise BackupDamagedError(
            self.path,
            f"The backup {self.path} is truncated ({self.size:,} bytes); it was not copied "
            "completely.")


class PayloadChecker:
    """The sink of the inner tar: checks members against the manifest and feeds a loader."""

    def __init__(self, loader: Loader, data_size: int, path: Path | None) -> None:
        self._loader = loader
        self._data_size = data_size
        self._path = path
        self.manifest: Manifest | None = None
        self._raw_manifest = bytearray()
        self._entry: MemberEntry | None = None
        self._digest = hashlib.sha256()
        self._seen: set[str] = set()
        self._sql: SqlDumpParser | None = None
        self._tables: Counter[str] = Counter()
        self._kinds: Counter[str] = Counter()
        self._evidence_ids: set[str] = set()
        self._audit_prev, self._audit_seq = GENESIS, 1
        self._ignored = False
        #: Problems of the vault's content that the backup faithfully carries (a broken audit
        #: chain): reported, never a reason to refuse a restore — it may be the only copy.
        self.problems: list[Problem] = []

    # --- MemberSink -----------------------------------------------------------------------

    def begin(self, info: tarfile.TarInfo) -> None:
        """Accept the manifest first, then only members it lists, with their declared size."""
        self._ignored = False
        if info.isdir():
            if self.manifest is None or info.name.rstrip("/") != "evidence":
                self._unexpected(info.name)
            self._ignored = True
            return
        if self.manifest is None:
            if info.name != MANIFEST_NAME:
                raise NotABackupError(
                    self._path,
                    "The file is an age-encrypted archive but not an Advocate backup (it does not "
                    "start with a manifest).")
            if info.size > MAX_MANIFEST_BYTES:
                self._damaged("its manifest is larger than any manifest Advocate writes")
            return
        entry = self.manifest.by_name.get(info.name)
        if entry is None:
            self._unexpected(info.name)
        if info.name in self._seen:
            self._damaged(f"the member {info.name} appears twice")
        if info.size != entry.size:
            self._damaged(f"the member {info.name} declares {info.size:,} bytes but the manifest "
                          f"says {entry.size:,} (a tar bomb or damage)")
        self._seen.add(info.name)
        self._entry, self._digest = entry, hashlib.sha256()
        if entry.name == RECORDS_NAME:
            self._sql = SqlDumpParser(self._row, self._path)
        else:
            self._loader.evidence_begin(entry)

    def data(self, piece: memoryview) -> None:
        """Hash the member's bytes and hand them on."""
        if self._ignored:
            return
        if self._entry is None:
            self._raw_manifest += piece
            return
        self._digest.update(piece)
        if self._sql is not None:
            self._sql.feed(piece)
        else:
            self._loader.evidence_data(piece)

    def end(self) -> None:
        """Check the member's hash (or read the manifest)."""
        if self._ignored:
            return
        if self.manifest is None:
            self._read_manifest()
            return
        entry = self._entry
        assert entry is not None
        if self._sql is not None:
            self._sql.close()
            self._sql = None
        else:
            self._loader.evidence_end(entry)
        if self._digest.hexdigest() != entry.sha256:
            self._damaged(f"the member {entry.name} does not match its SHA-256 in the manifest")
        self._entry = None

    # --- the end --------------------------------------------------------------------------

    def finish(self) -> Manifest:
        """After decryption succeeded: every member present, counts and audit head as declared."""
        manifest = self.manifest
        if manifest is None:
            raise NotABackupError(
                self._path,
                "The file is an age-encrypted archive but not an Advocate backup (no manifest).")
        missing = [m.name for m in manifest.members if m.name not in self._seen]
        if missing:
            self._damaged(f"the member {missing[0]} listed in the manifest is missing")
        if dict(self._tables) != {k: v for k, v in manifest.table_counts.items() if v}:
            self._damaged("the number of rows differs from the manifest")
        if dict(self._kinds) != {k: v for k, v in manifest.record_counts.items() if v}:
            self._damaged("the number of records differs from the manifest")
        if self._evidence_ids != {m.evidence_id for m in manifest.evidence}:
            self._damaged("the evidence files do not match the evidence records")
        if self._audit_prev != manifest.audit_head:
            self._damaged("the audit trail's head differs from the manifest")
        return manifest

    # --- helpers --------------------------------------------------------------------------

    def _read_manifest(self) -> None:
        manifest = Manifest.from_json(bytes(self._raw_manifest), self._path)
        self._raw_manifest = bytearray()
        if manifest.payload_bytes > self._data_size:
            self._damaged("its manifest declares more data than the file holds (a tar bomb)")
        self.manifest = manifest

    def _row(self, table: Table, values: tuple[Value, ...]) -> None:
        self._tables[table.name] += 1
        if table.name == "records":
            kind = str(values[2])
            self._kinds[kind] += 1
            if kind == "evidence":
                self._evidence_ids.add(str(values[1]))
        elif table.name == "audit":
            self._check_audit(values)
        self._loader.row(table, values)

    def _check_audit(self, values: tuple[Value, ...]) -> None:
        """Recompute the chain link; a broken link is a problem of the vault, not of the file."""
        seq, at, action, kind, record_id, fields, record_hash, prev, digest = values
        try:
            names = json.loads(str(fields))
        except json.JSONDecodeError:
            names = None
        intact = isinstance(names, list)
        if intact:
            entry = AuditEntry(int(str(seq)), str(at), str(action), str(kind), str(record_id),
                               tuple(str(n) for n in names), str(record_hash), str(prev),
                               str(digest))
            intact = entry.seq == self._audit_seq and entry.prev == self._audit_prev \
                and entry.hash == entry.expected_hash()
        if not intact and len(self.problems) < 20:
            self.problems.append(Problem(
                "backup.audit_broken",
                N_("Audit entry {seq} does not follow the entry before it or was altered (it "
                   "was so in the vault that was backed up)."), seq=seq))
        self._audit_prev, self._audit_seq = str(digest), int(str(seq)) + 1

    def _unexpected(self, name: str) -> NoReturn:
        raise UnsafeMemberError(
            self._path,
            f"the backup holds an unexpected member {name[:80]!r}")

    def _damaged(self, what: str) -> NoReturn:
        raise BackupDamagedError(
            self._path,
            f"The backup is damaged: {what}.")


def read_backup(backup: BackupFile, identity: Any, loader: Loader, *,
                progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
                progress_total: int = 0) -> tuple[Manifest, tuple[Problem, ...]]:
    """Decrypt and check the whole payload, feeding ``loader``.

    Returns the checked manifest and the problems of the vault's content found on the way (a
    broken audit chain), which do not stop a restore.
    """
    checker = PayloadChecker(loader, backup.data_size, backup.path)
    parser = TarStreamParser(checker, max_member_size=backup.data_size, what="data.age",
                             path=backup.path)
    backup.decrypt(identity, parser.feed, progress=progress, cancel=cancel,
                   progress_total=progress_total)
    parser.close()
    return checker.finish(), tuple(checker.problems)


def verify_backup(backup: Path, passphrase: str, *, progress: ProgressCallback | None = None,
                  cancel: threading.Event | None = None) -> BackupInfo:
    """Check a backup completely without restoring it: age MAC, manifest, every hash, counts.

    Raises the errors of ``advocate.backup.errors`` (``WrongBackupPassphraseError``,
    ``BackupDamagedError``, ``NotABackupError``, …) or ``Cancelled``; writes nothing anywhere.
    """
    with BackupFile.open(Path(backup)) as opened:
        identity = opened.unlock(passphrase)
        manifest, problems = read_backup(opened, identity, NullLoader(), progress=progress,
                                         cancel=cancel)
        return BackupInfo.from_manifest(manifest, opened.path, opened.size, problems)
