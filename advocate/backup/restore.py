"""Restoring a backup: always into a new vault, built in a staging folder and moved into place last.

The staging folder ``.<name>.restoring-<random>`` beside the destination holds a new, encrypted
vault (SQLCipher under the new passphrase); decrypted rows and evidence bytes go straight into it
as the payload is checked, so no plaintext ever touches the disk. Because a truncated age stream
yields plaintext before its error, nothing counts until decryption ended without error, the
manifest and every member hash checked out, the counts and the audit head matched, and the new
vault itself passed ``Store.verify`` (integrity, audit chain, record hashes, evidence hashes). Only
then is the staging folder renamed to the destination. On any failure or cancellation the staging
folder is removed completely and nothing exists at the destination.

The rows of ``records.sql`` are never executed as SQL: the strict parser of
:mod:`advocate.backup.sqldump` turns each line into values, which are bound as parameters into
fixed INSERT statements. The search index is rebuilt from the records.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import threading
from pathlib import Path
from typing import NoReturn

import sqlcipher3

from advocate.backup.errors import (
    BackupDamagedError,
    BackupDestinationExistsError,
    BackupStorageError,
)
from advocate.backup.info import BackupInfo, RestoreInfo
from advocate.backup.leftovers import remove_leftovers
from advocate.backup.manifest import Manifest, MemberEntry
from advocate.backup.pipeline import SerialWorker
from advocate.backup.reader import BackupFile, read_backup
from advocate.backup.sqldump import Table, Value
from advocate.errors import AdvocateError, ValidationError
from advocate.model.codec import from_dict
from advocate.progress import ProgressCallback, check_cancel
from advocate.store import Store
from advocate.store.evidence import CHUNK_SIZE
from advocate.store.repository import search_body
from advocate.store.schema import rebuild_list_keys
from advocate.vault import KdfParams
from advocate.vault.atomic import fsync_directory


def restore_backup(
    backup: Path, passphrase: str, new_vault: Path, new_passphrase: str, *,
    kdf: KdfParams | None = None, progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None, _allow_weak_kdf_for_tests: bool = False,
) -> RestoreInfo:
    """Restore ``backup`` (opened with ``passphrase``) into the new vault ``new_vault``.

    The new vault gets ``new_passphrase`` and ``kdf`` (calibrated on this machine when None).
    ``new_vault`` must not exist. ``progress(done, total)`` counts backup bytes decrypted;
    setting ``cancel`` stops the work (``Cancelled``). Raises the errors of
    ``advocate.backup.errors``; on any failure nothing is left at ``new_vault`` and no staging
    folder remains. ``RestoreInfo.backup.problems`` lists what was wrong in the vault that was
    backed up (a broken audit chain), restored as it was rather than refused.
    """
    backup, new_vault = Path(backup), Path(new_vault)
    _check_destination(new_vault)
    if not new_passphrase:
        raise ValidationError("The new vault's passphrase is empty; choose a passphrase of "
                              "several words.", field="passphrase")
    with BackupFile.open(backup) as opened:
        identity = opened.unlock(passphrase)
        check_cancel(cancel)
        remove_leftovers(new_vault.parent, new_vault.name, ".restoring-*")
        staging = new_vault.with_name(f".{new_vault.name}.restoring-{secrets.token_hex(6)}")
        store, _ = Store.create(staging, new_passphrase, kdf=kdf,
                                _allow_weak_kdf_for_tests=_allow_weak_kdf_for_tests)
        try:
            loader = VaultLoader(store, backup)
            try:
                manifest, problems = read_backup(opened, identity, loader, progress=progress,
                                                 cancel=cancel)
                loader.finish()
            finally:
                loader.close()
            _check_new_vault(store, manifest, backup)
            check_cancel(cancel)  # the last chance: after this the new vault is in place
            vault_id = store.vault.vault_id
            store.close()
            _flush_folder(staging)
            _move_into_place(staging, new_vault)
        except BaseException:
            store.close()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        info = BackupInfo.from_manifest(manifest, backup, opened.size, problems)
    return RestoreInfo(new_vault, vault_id, info)


class VaultLoader:
    """Writes checked rows and evidence bytes into the (staging) vault of ``store``.

    The INSERTs run in a worker thread (SQLCipher encrypts with the GIL released) while age
    decrypts the next chunks in the caller's; :meth:`close` must follow, whatever happens.
    """

    def __init__(self, store: Store, backup: Path) -> None:
        self._store = store
        self._conn = store.vault.connection
        self._backup = backup
        self._evidence_id = ""
        self._seq = 0
        self._pending = bytearray()
        # note: the staging vault is thrown away on any failure, so while loading it needs no
        # journal and no fsync (each page would otherwise be written twice, to the WAL and back);
        # finish() restores the vault's settings and the caller flushes the files to disk.
        self._guard("PRAGMA journal_mode = OFF")
        self._guard("PRAGMA synchronous = OFF")
        self._guard("BEGIN IMMEDIATE")
        self._worker = SerialWorker()

    def row(self, table: Table, values: tuple[Value, ...]) -> None:
        """Insert one row, its values bound as parameters."""
        self._worker.submit(self._guard, table.insert, values)

    def evidence_begin(self, entry: MemberEntry) -> None:
        """Start an evidence file's chunks."""
        self._evidence_id, self._seq, self._pending = entry.evidence_id, 0, bytearray()

    def evidence_data(self, piece: memoryview) -> None:
        """Collect bytes into chunks of the store's size."""
        self._pending += piece
        while len(self._pending) >= CHUNK_SIZE:
            self._chunk(bytes(self._pending[:CHUNK_SIZE]))
            del self._pending[:CHUNK_SIZE]

    def evidence_end(self, entry: MemberEntry) -> None:
        """Store the last, shorter chunk."""
        if self._pending:
            self._chunk(bytes(self._pending))
        self._pending = bytearray()

    def finish(self) -> None:
        """Wait for the inserts, rebuild the search index from the records, then commit."""
        self._worker.drain()
        rows = self._conn.execute("SELECT rowid, id, kind, data FROM records ORDER BY rowid")
        for rowid, record_id, kind, data in rows:
            try:
                record = from_dict(json.loads(data), "backup record", validate=False)
            except (AdvocateError, ValueError, RecursionError):
                self._damaged(f"the record {record_id} is malformed")
            if record.KIND != kind or record.id != record_id:
                self._damaged(f"the record {record_id} is filed under the wrong kind or id")
            # note: as RecordRepository._index does (search rowid = records.rowid); a test
            # compares the restored index with the original's, so a change there shows.
            self._guard("INSERT INTO search (rowid, body) VALUES (?, ?)",
                        (int(rowid), search_body(record)))
        # The lists' sort values and the case list are derived too (not in the backup).
        rebuild_list_keys(self._conn)
        self._guard("COMMIT")
        self._guard("PRAGMA journal_mode = WAL")
        self._guard("PRAGMA synchronous = FULL")

    def close(self) -> None:
        """Stop the worker thread (after the inserts already queued)."""
        self._worker.close()

    def _chunk(self, data: bytes) -> None:
        self._worker.submit(
            self._guard, "INSERT INTO evidence_chunks (evidence_id, seq, data) VALUES (?, ?, ?)",
            (self._evidence_id, self._seq, data))
        self._seq += 1

    def _guard(self, sql: str, params: tuple[Value, ...] | tuple[object, ...] = ()) -> None:
        """Run a statement; a constraint failure is a damaged backup, others a storage error."""
        try:
            self._conn.execute(sql, params)
        except sqlcipher3.IntegrityError as exc:
            self._damaged(f"its rows conflict with each other ({exc})")
        except sqlcipher3.Error as exc:
            raise BackupStorageError(
                f"The new vault could not be written ({exc}). Free some disk space or check the "
                "drive, then try again; nothing was left behind.", self._store.vault.path) from exc

    def _damaged(self, what: str) -> NoReturn:
        raise BackupDamagedError(
            f"The backup is damaged: {what}. Use another copy of the backup.", self._backup)


def _check_new_vault(store: Store, manifest: Manifest, backup: Path) -> None:
    """The rows landed: the new vault's record counts and audit head are the manifest's.

    Every byte was already checked on the way in (age MAC, member hashes, row types, evidence
    hashes), so the evidence is not read back here; ``advocate verify`` does that on demand.
    """
    conn = store.vault.connection
    kinds = {str(k): int(n) for k, n in
             conn.execute("SELECT kind, count(*) FROM records GROUP BY kind")}
    expected = {k: v for k, v in manifest.record_counts.items() if v}
    if kinds != expected or store.audit.head() != manifest.audit_head:
        raise BackupDamagedError(
            "The vault restored from the backup does not hold what the backup's manifest lists; "
            "it was removed. Use another copy of the backup.", backup)


def _flush_folder(folder: Path) -> None:
    """fsync every file of the closed staging vault, then the folder itself."""
    try:
        for child in folder.iterdir():
            if child.is_file():
                fd = os.open(child, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        fsync_directory(folder)
    except OSError as exc:
        raise BackupStorageError(
            f"The restored vault could not be flushed to disk: {exc.strerror or exc}. Check the "
            "drive and try again; nothing was left behind.", folder) from exc


def _check_destination(new_vault: Path) -> None:
    if new_vault.exists() or new_vault.is_symlink():
        raise BackupDestinationExistsError(
            f"{new_vault} already exists; a backup is always restored into a new vault. Choose "
            "a new name.", new_vault)
    if not new_vault.parent.is_dir():
        raise BackupStorageError(
            f"The folder {new_vault.parent} does not exist; choose where the new vault goes.",
            new_vault)


def _move_into_place(staging: Path, new_vault: Path) -> None:
    """Rename the verified staging vault to its name (never over something that appeared)."""
    _check_destination(new_vault)
    try:
        os.rename(staging, new_vault)
        with contextlib.suppress(OSError):
            fsync_directory(new_vault.parent)
    except OSError as exc:
        raise BackupStorageError(
            f"The restored vault could not be moved to {new_vault}: {exc.strerror or exc}.",
            new_vault) from exc
