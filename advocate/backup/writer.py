"""Writing a backup: one consistent snapshot of the vault, streamed into an age-encrypted tar.

The file (docs/backup-format.md) is a plain tar of ``key.age`` (a fresh X25519 identity encrypted
with the backup passphrase) and ``data.age`` (the payload streamed to that identity, and to any
extra recipients). The payload is itself a tar: ``manifest.json``, ``records.sql``, then
``evidence/<id>`` for every evidence file. Nothing but ciphertext is ever written to disk.

How sizes are known before data (a tar header needs them): the manifest's numbers come from a
first, counting pass over the SQL dump (deterministic inside the read transaction) and from the
size and SHA-256 each evidence record carries since intake; the evidence bytes are hashed again as
they stream and the backup fails if they differ. ``data.age``'s own size is known only at the end,
so its header is a 512-byte placeholder patched once the ciphertext is written.

The file is written to ``.<name>.<random>.tmp`` beside the destination (mode 0600), fsynced, and
renamed only when complete; on any error, cancellation or full disk the temp file is removed, so
nothing appears at the destination, and the vault is only ever read.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from advocate import __version__
from advocate.backup import agefile
from advocate.backup.errors import (
    BackupBusyError,
    BackupDestinationExistsError,
    BackupDestinationIsFolderError,
    BackupFolderMissingError,
    BackupSourceDamagedError,
    BackupStorageError,
)
from advocate.backup.info import BackupInfo
from advocate.backup.leftovers import hold_lock, remove_leftovers
from advocate.backup.manifest import (
    MANIFEST_NAME,
    RECORDS_NAME,
    Manifest,
    MemberEntry,
    evidence_member_name,
)
from advocate.backup.pipeline import ParallelFetcher, Prefetcher
from advocate.backup.sqldump import TABLES, dump_pieces
from advocate.backup.tarstream import BLOCK, end_of_archive, member_header, padding
from advocate.errors import VaultReadError, os_reason
from advocate.outputs import OutputExistsError, OutputNotAFileError, check_output
from advocate.progress import ProgressCallback, check_cancel, report
from advocate.store import Store
from advocate.store.bulk import Snapshot
from advocate.store.chunk_reader import ChunkReader
from advocate.vault.atomic import atomic_writer

KEY_NAME = "key.age"
DATA_NAME = "data.age"


def write_backup(
    store: Store, out: Path, passphrase: str, *, progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None, recipients: list[str] | tuple[str, ...] = (),
    overwrite: bool = False,
) -> BackupInfo:
    """Write a backup of ``store`` to ``out``, protected by ``passphrase``.

    ``recipients`` are extra age X25519 public keys (``age1…``) that can also decrypt data.age
    (an organisation's recovery key). ``progress(done, total)`` counts payload bytes; setting
    ``cancel`` stops the work (``Cancelled``). An existing ``out`` is refused unless ``overwrite``,
    and is then replaced only by a complete backup. The backup reads inside one transaction on
    the store's connection (``Store.read_snapshot``), on the store's owner thread, so no write
    can happen meanwhile (the store refuses other threads); a reader (``Store.reader``) keeps
    reading alongside. Raises the errors
    of ``advocate.backup.errors``; on any failure nothing is left at ``out``.
    """
    out = Path(out)
    extra = agefile.parse_recipients(recipients)
    _check_destination(out, overwrite)
    agefile.normalize_backup_passphrase(passphrase)  # an unusable passphrase fails here, first
    identity = agefile.new_identity()
    key = _KeyFile(identity, passphrase)  # scrypt, about a second, beside the page check
    created = datetime.now(UTC)
    try:
        return _write(store, out, key, [identity.to_public(), *extra], created, overwrite,
                      progress, cancel)
    except VaultReadError as exc:
        raise BackupSourceDamagedError(
            store.vault.path,
            f"the vault could not be read ({exc.params.get('reason', '')})") from exc


class _KeyFile:
    """key.age, made by scrypt in a thread while the database is checked on this one.

    note: both release the GIL (cryptography's scrypt, SQLite's pragma), so on a two-core laptop
    the second or so of scrypt costs no wall time.
    """

    def __init__(self, identity: Any, passphrase: str) -> None:
        self._result: bytes | BaseException = b""
        self._thread = threading.Thread(
            target=self._run, args=(identity, passphrase), name="backup-key", daemon=True)
        self._thread.start()

    def _run(self, identity: Any, passphrase: str) -> None:
        try:
            self._result = agefile.encrypt_key(identity, passphrase)
        except BaseException as exc:
            self._result = exc

    def bytes(self) -> bytes:
        """Wait for key.age; re-raise what went wrong making it."""
        self._thread.join()
        if isinstance(self._result, BaseException):
            raise self._result
        return self._result


def _write(store: Store, out: Path, key: _KeyFile, recipients: list[Any], created: datetime,
           overwrite: bool, progress: ProgressCallback | None,
           cancel: threading.Event | None) -> BackupInfo:
    """The snapshot, the checks and the file (``write_backup`` maps database errors)."""
    if store.in_transaction:
        raise BackupBusyError(store.vault.path)
    with store.read_snapshot() as snapshot:
        check_cancel(cancel)
        # note: no separate cipher_integrity_check first, against the first design. SQLCipher
        # checks the HMAC of every page as it reads it, and the backup reads every page whose
        # content it carries (the dump twice, each evidence chunk once, its hash re-checked);
        # a failed page raises and write_backup refuses with BackupSourceDamagedError. The full
        # check (free pages, the search index) is advocate verify's; before a backup it cost
        # 2.2 s of a 1 GiB backup's 6.3 s and put it over its 2x budget against age.
        manifest = _plan(store, snapshot, created, cancel)
        remove_leftovers(out.parent, out.name, ".*.tmp")
        # the last chance to cancel is before_commit: after it the backup is in place
        with atomic_writer(out, replace=overwrite, error=_write_error, readable=True,
                           folder_sync_required=False, buffering=1024 * 1024,
                           before_commit=lambda: check_cancel(cancel)) as handle:
            hold_lock(handle.fileno())  # so no other backup removes it as a leftover
            stream = _PayloadStream(store, snapshot, manifest, int(created.timestamp()),
                                    progress, cancel)
            try:
                _write_file(handle, key.bytes(), stream, recipients, int(created.timestamp()))
            finally:
                stream.close()
            handle.flush()
            size = os.fstat(handle.fileno()).st_size
    return BackupInfo.from_manifest(manifest, out, size)


def _plan(store: Store, snapshot: Snapshot, created: datetime,
          cancel: threading.Event | None) -> Manifest:
    """The manifest: counts, the SQL dump's size and hash (first pass), the evidence facts."""
    digest, size = hashlib.sha256(), 0
    for piece in dump_pieces(snapshot.rows):
        check_cancel(cancel)
        digest.update(piece)
        size += len(piece)
    members = [MemberEntry(RECORDS_NAME, size, digest.hexdigest())]
    for evidence_id, facts in snapshot.evidence_facts():
        sha, length = facts.get("sha256"), facts.get("size")
        if not isinstance(sha, str) or not isinstance(length, int) or len(sha) != 64:
            raise BackupSourceDamagedError(
                store.vault.path,
                f"the evidence record {evidence_id} has no valid size and SHA-256")
        members.append(MemberEntry(evidence_member_name(str(evidence_id)), length, sha.lower(),
                                   str(evidence_id)))
    return Manifest(
        app_version=__version__, created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        vault_id=store.vault.vault_id, schema_version=snapshot.schema_version(),
        record_counts=snapshot.record_counts(),
        table_counts=snapshot.table_counts([t.name for t in TABLES]),
        audit_head=snapshot.audit_head(), members=tuple(members))


class _PayloadStream:
    """The inner tar, produced lazily in pieces; ``read(n)`` is what age encrypts."""

    def __init__(self, store: Store, snapshot: Snapshot, manifest: Manifest, mtime: int,
                 progress: ProgressCallback | None, cancel: threading.Event | None) -> None:
        self._store = store
        self._snapshot = snapshot
        self._manifest = manifest
        self._mtime = mtime
        self._progress = progress
        self._cancel = cancel
        # note: the pieces are produced in a worker thread (reading the vault with the GIL
        # released) while age encrypts in this one; close() stops it. Evidence chunks, most of
        # the bytes, are read by two more threads on reader connections of their own (issue 14:
        # SQLCipher's page decryption and HMAC on one thread read 430 MiB/s here, the slowest
        # part of a backup). They see what the snapshot sees: the owner thread is in this
        # backup, so nothing can be written meanwhile, and every evidence file is checked
        # against the size and SHA-256 the snapshot's records carry.
        vault = store.vault
        self._fetcher: ParallelFetcher[bytes] = ParallelFetcher(
            lambda: ChunkReader(vault), lambda reader, key: reader.chunk(*key),
            lambda reader: reader.close(), workers=2, ahead=4)
        self._pieces = Prefetcher(self._generate())
        self._view = memoryview(b"")
        self._pos = 0
        self.done = 0
        body = _body(manifest)
        self.total = body + len(end_of_archive(body))

    def read(self, size: int) -> bytes:
        """At most ``size`` bytes of the payload; b"" at its end."""
        while self._pos >= len(self._view):
            check_cancel(self._cancel)  # the worker may be far ahead: ask here too
            item = self._pieces.next()
            if item is None:
                return b""
            if isinstance(item, _Check):
                item.verify()
                continue
            if isinstance(item, tuple):
                piece, digest = item
                digest.update(piece)
            else:
                piece = item
            self._view, self._pos = memoryview(piece), 0
            self.done += len(piece)
            report(self._progress, self.done, self.total)
        if self._pos == 0 and (size < 0 or size >= len(self._view)):
            self._pos = len(self._view)  # a whole piece, handed on without a copy
            return self._view.obj  # type: ignore[return-value]
        end = self._pos + (size if size > 0 else len(self._view))
        out = self._view[self._pos:end].tobytes()
        self._pos += len(out)
        return out

    def close(self) -> None:
        """Stop producing (the vault's connection is free again when this returns)."""
        self._pieces.close()
        self._fetcher.close()

    def _generate(self) -> Iterator[_Piece]:
        manifest = self._manifest.to_json()
        yield from self._member(MANIFEST_NAME, len(manifest), iter((manifest,)))
        records = self._manifest.by_name[RECORDS_NAME]
        yield from self._checked(records, dump_pieces(self._snapshot.rows))
        for entry in self._manifest.evidence:
            yield from self._checked(entry, self._fetcher.pieces(
                (entry.evidence_id, seq) for seq in itertools.count()))
        yield end_of_archive(_body(self._manifest))

    def _member(self, name: str, size: int, pieces: Iterator[bytes]) -> Iterator[bytes]:
        yield member_header(name, size, self._mtime)
        yield from pieces
        yield padding(size)

    def _checked(self, entry: MemberEntry, pieces: Iterator[bytes]) -> Iterator[_Piece]:
        """A member's bytes, each with the digest the consumer hashes it into, then the check
        against the manifest (a mismatch stops the backup).

        note: issue 14: hashed by the consumer, not here: this worker thread reading the vault
        (SQLCipher's page decryption and HMAC) was the slower side of the pipeline, and SHA-256
        added a quarter to it; the consumer, encrypting, had time to spare.
        """
        digest, done = hashlib.sha256(), 0
        yield member_header(entry.name, entry.size, self._mtime)
        for piece in pieces:
            check_cancel(self._cancel)
            done += len(piece)
            if done > entry.size:
                break
            yield piece, digest
        yield _Check(entry, digest, done, self._mismatch)
        yield padding(entry.size)

    def _mismatch(self, entry: MemberEntry) -> Exception:
        path = self._store.vault.path
        if entry.evidence_id:
            return BackupSourceDamagedError(
                path,
                f"the evidence file {entry.evidence_id} in the vault no longer matches the size "
                "and SHA-256 recorded at intake")
        return BackupBusyError(path, changed=True)


class _Check:
    """The end of a member in the payload: its size and hash, checked once all was hashed."""

    def __init__(self, entry: MemberEntry, digest: Any, done: int,
                 mismatch: Callable[[MemberEntry], Exception]) -> None:
        self.entry, self.digest, self.done, self.mismatch = entry, digest, done, mismatch

    def verify(self) -> None:
        """Raise the mismatch error when the member differs from the manifest."""
        if self.done != self.entry.size or self.digest.hexdigest() != self.entry.sha256:
            raise self.mismatch(self.entry)


_Piece = bytes | tuple[bytes, Any] | _Check


def _body(manifest: Manifest) -> int:
    """The size of the inner tar before its end-of-archive blocks."""
    sizes = [len(manifest.to_json()), *(m.size for m in manifest.members)]
    return sum(BLOCK + size + len(padding(size)) for size in sizes)


def _write_file(handle: BinaryIO, key: bytes, stream: _PayloadStream, recipients: list[Any],
                mtime: int) -> None:
    """The outer tar: key.age, then data.age streamed after a placeholder header, patched last."""
    handle.write(member_header(KEY_NAME, len(key), mtime))
    handle.write(key)
    handle.write(padding(len(key)))
    header_at = handle.tell()
    handle.write(bytes(BLOCK))
    start = handle.tell()
    agefile.encrypt_stream(stream.read, handle.write, recipients)
    size = handle.tell() - start
    handle.write(padding(size))
    handle.write(end_of_archive(start + size + len(padding(size))))
    handle.seek(header_at)
    handle.write(member_header(DATA_NAME, size, mtime))


def _check_destination(out: Path, overwrite: bool) -> None:
    """The rule of ``advocate.outputs``, in the backup's own words where they differ."""
    try:
        check_output(out, overwrite=overwrite, replaces_backup=True)
    except OutputExistsError:
        raise BackupDestinationExistsError(out) from None
    except OutputNotAFileError:
        if not out.is_dir():
            raise
        raise BackupDestinationIsFolderError(out) from None
    if not out.parent.is_dir():
        raise BackupFolderMissingError(out.parent)


def _write_error(out: Path, exc: OSError) -> Exception:
    if isinstance(exc, FileExistsError):
        return BackupDestinationExistsError(out)  # it appeared while the backup was written
    return _storage_error(out, exc)


def _storage_error(out: Path, exc: OSError) -> BackupStorageError:
    return BackupStorageError(out, os_reason(exc), "write")
