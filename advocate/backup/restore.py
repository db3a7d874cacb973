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
import os
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from advocate.backup.errors import (
    BackupDamagedError,
    BackupDestinationExistsError,
    BackupFolderMissingError,
    BackupStorageError,
)
from advocate.backup.info import BackupInfo, RestoreInfo
from advocate.backup.leftovers import remove_leftovers
from advocate.backup.manifest import Manifest, MemberEntry
from advocate.backup.pipeline import SerialWorker
from advocate.backup.reader import BackupFile, read_backup
from advocate.backup.sqldump import Table, Value
from advocate.errors import (
    LoadRejectedError,
    StorageError,
    ValidationError,
    os_reason,
)
from advocate.i18n import N_
from advocate.progress import ProgressCallback, check_cancel
from advocate.store import Store
from advocate.store.evidence import CHUNK_SIZE
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
        raise ValidationError(
            "passphrase.empty",
            N_("The passphrase is empty; choose a passphrase of several words."),
            field="passphrase",
        )
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
            _check_new_vault(loader, store, manifest, backup)
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

    The store's bulk loader does the writing (``advocate.store.bulk``). The INSERTs run in a
    worker thread (SQLCipher encrypts with the GIL released) while age decrypts the next chunks
    in the caller's; :meth:`close` must follow, whatever happens.
    """

    def __init__(self, store: Store, backup: Path) -> None:
        self._store = store
        self._backup = backup
        self._evidence_id = ""
        self._seq = 0
        self._pending = bytearray()
        with self._mapped():
            self._loader = store.bulk_loader()
        self._worker = SerialWorker()

    def row(self, table: Table, values: tuple[Value, ...]) -> None:
        """Insert one row, its values bound as parameters."""
        self._worker.submit(self._guard, self._loader.insert, table.name, table.columns, values)

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
        """Wait for the inserts, rebuild the derived data from the records, then commit."""
        self._worker.drain()
        self._guard(self._loader.finish)

    def close(self) -> None:
        """Stop the worker thread (after the inserts already queued)."""
        self._worker.close()

    def record_counts(self) -> dict[str, int]:
        """How many records of each kind were loaded."""
        return self._loader.record_counts()

    def _chunk(self, data: bytes) -> None:
        self._worker.submit(self._guard, self._loader.evidence_chunk, self._evidence_id,
                            self._seq, data)
        self._seq += 1

    def _guard(self, fn: Callable[..., None], *args: Any) -> None:
        """Run a step of the loader; its errors become the backup's."""
        with self._mapped():
            fn(*args)

    @contextlib.contextmanager
    def _mapped(self) -> Iterator[None]:
        """A conflict or a broken record is a damaged backup; the disk refusing, storage."""
        try:
            yield
        except LoadRejectedError as exc:
            what = {"conflict": "its rows conflict with each other",
                    "misfiled": f"the record {exc.record_id} is filed under the wrong kind or id",
                    }.get(exc.reason, f"the record {exc.record_id} is malformed")
            raise BackupDamagedError(self._backup, f"The backup is damaged: {what}.") from exc
        except StorageError as exc:
            raise BackupStorageError(self._store.vault.path, exc.params.get("reason", exc.code),
                                     "write") from exc


def _check_new_vault(loader: VaultLoader, store: Store, manifest: Manifest,
                     backup: Path) -> None:
    """The rows landed: the new vault's record counts and audit head are the manifest's.

    Every byte was already checked on the way in (age MAC, member hashes, row types, evidence
    hashes), so the evidence is not read back here; ``advocate verify`` does that on demand.
    """
    kinds = loader.record_counts()
    expected = {k: v for k, v in manifest.record_counts.items() if v}
    if kinds != expected or store.audit.head() != manifest.audit_head:
        raise BackupDamagedError(
            backup,
            "The vault restored from the backup does not hold what the backup's manifest lists; it"
            " was removed.")


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
        raise BackupStorageError(folder, os_reason(exc), "flush") from exc


def _check_destination(new_vault: Path) -> None:
    if new_vault.exists() or new_vault.is_symlink():
        raise BackupDestinationExistsError(new_vault)
    if not new_vault.parent.is_dir():
        raise BackupFolderMissingError(new_vault.parent)


def _move_into_place(staging: Path, new_vault: Path) -> None:
    """Rename the verified staging vault to its name (never over something that appeared)."""
    _check_destination(new_vault)
    try:
        os.rename(staging, new_vault)
        with contextlib.suppress(OSError):
            fsync_directory(new_vault.parent)
    except OSError as exc:
        raise BackupStorageError(new_vault, os_reason(exc), "move") from exc
