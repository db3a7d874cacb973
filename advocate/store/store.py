"""The store: one facade over an open vault, shared by the app, the reports and the CLI.

Every public method that writes runs in one transaction, so a crash or an error leaves the vault
as it was before the call.

Threads. The store has one owner: the thread that opened (or created) it, or the thread it was
handed to (``release_thread()`` on the owner, then ``bind_to_current_thread()`` on the new one;
the app opens the vault on its worker, the CLI on its only thread). Every call into the store
runs on that thread; a call from any other thread raises ``WrongThreadError`` at once, before
touching the connection, instead of nesting into a transaction the owner has open (where an
``add`` could return and later be rolled back with the owner's cancelled evidence intake). So a
front end serialises every call through its owner, as Anki's single-worker executor does. For
reads while long work runs, ``reader()`` opens a second, read-only connection, owned by the
thread that opened it, that sees only committed data and never waits for the owner
(``advocate.store.reader``). ``subscribe()`` may be called from any thread; notices are delivered
on the owner's thread, after commit (``advocate.store.changes``).
"""

from __future__ import annotations

import contextlib
import shutil
import threading
import weakref
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, TypeVar

from advocate.errors import (
    AdvocateError,
    EvidenceUnreadableError,
    VaultReadOnlyError,
    os_reason,
)
from advocate.model.deadlines import HolidayCalendar, due_date
from advocate.model.records import Action, Case, Evidence, Record, new_id, utc_now
from advocate.progress import ProgressCallback
from advocate.store.audit import AuditLog
from advocate.store.bulk import BulkLoader, Snapshot, read_snapshot
from advocate.store.changes import ChangeTracker, Subscriber
from advocate.store.evidence import EvidenceChunks, safe_filename, sniff_media_type
from advocate.store.reader import StoreReader
from advocate.store.reads import VIEW_LIMIT, CaseSummary, Deadline, RecordReads
from advocate.store.repository import RecordRepository
from advocate.store.schema import MIGRATIONS
from advocate.store.threads import owned_by_one_thread
from advocate.store.verify import VerifyReport, verify_store
from advocate.vault import KdfParams, Vault, apply_migrations

__all__ = ["VIEW_LIMIT", "CaseSummary", "Deadline", "Store"]

R = TypeVar("R", bound=Record)



@owned_by_one_thread(exempt=frozenset({"subscribe", "reader", "bind_to_current_thread",
                                        "release_thread"}))
class Store(RecordReads):
    """An open vault with its records. Use as a context manager, or call ``close()``.

    ``records``, ``audit`` and ``chunks`` are its parts, for the store package and the backup;
    they belong to the owner thread like the store itself (module docstring).
    """

    def __init__(self, vault: Vault, calendar: HolidayCalendar | None = None) -> None:
        self.vault = vault
        self._conn = vault.connection
        self._changes = ChangeTracker(self._conn)
        vault.hooks = self._changes
        self.records = RecordRepository(self._conn, self._changes)
        self.audit = AuditLog(self._conn)
        self.chunks = EvidenceChunks(self._conn)
        self.calendar = calendar or HolidayCalendar.default()
        self._readers: weakref.WeakSet[StoreReader] = weakref.WeakSet()

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path, passphrase: str, *, kdf: KdfParams | None = None,
        with_recovery_key: bool = False, _allow_weak_kdf_for_tests: bool = False,
    ) -> tuple[Store, str | None]:
        """Create a new vault with the current schema; returns the store and any recovery key.

        On failure (e.g. ``StorageError`` on a full disk) nothing is left behind.
        """
        existed = path.exists()
        vault, recovery = Vault.create(
            path, passphrase, kdf=kdf, with_recovery_key=with_recovery_key,
            _allow_weak_kdf_for_tests=_allow_weak_kdf_for_tests)
        try:
            apply_migrations(vault, MIGRATIONS)
        except BaseException:
            vault.close()
            # note: the schema is part of creating; a half-made vault (header, empty database)
            # must not stay in the way of a second try. Found by
            # tests/hardening/test_hard_full_disk.py (creating a vault on a full disk).
            _remove_new_vault(path, existed)
            raise
        return cls(vault), recovery

    @classmethod
    def open(cls, path: Path, secret: str, *, read_only: bool = False) -> Store:
        """Open a vault with its passphrase or recovery key, migrating it if needed.

        A vault that holds data at an older schema is upgraded even when asked read-only (the
        CLI reads read-only): opened writable once, migrated, then opened read-only. If it
        cannot be (damaged), the read-only open fails with ``VaultReadOnlyError`` as before.
        """
        vault = Vault.open(path, secret, read_only=read_only)
        try:
            # note: read-only too, where it changes nothing but refuses a schema that is behind
            # (VaultReadOnlyError) or ahead (VaultTooNewError) with a clear message. Found by
            # tests/hardening/test_hard_crash.py: a vault killed while being created (header
            # written, schema not yet) made `advocate verify` fail with an internal error.
            apply_migrations(vault, MIGRATIONS)
        except VaultReadOnlyError:
            vault.close()
            if not read_only or not _upgrade(path, secret):
                raise
            return cls.open(path, secret, read_only=True)
        except BaseException:
            vault.close()
            raise
        return cls(vault)

    def close(self) -> None:
        """Lock the vault: close its readers and the database, and forget the key.

        A reader still open is closed too (its connection holds the key); the app stops reading
        before it locks, and a later read raises ``ReaderClosedError``.
        """
        for reader in list(self._readers):
            reader.close()
        self.vault.close()

    # --- threads, readers and notices ---------------------------------------------------------

    def release_thread(self) -> None:
        """Give the store up (its owner only, outside a transaction) so that another thread can
        ``bind_to_current_thread()``: how a store opened on one thread is handed to a worker."""
        self.vault.release_thread()

    def bind_to_current_thread(self) -> None:
        """Make the calling thread the store's owner, once the owner released it or ended
        (module docstring); ``WrongThreadError`` while another live thread owns it."""
        self.vault.bind_to_current_thread()

    def _check_thread(self, action: str) -> None:
        self.vault.check_thread(action)

    def reader(self) -> StoreReader:
        """A read-only view of the committed records, for the calling thread (``reader``)."""
        reader = StoreReader(self.vault.open_reader())
        self._readers.add(reader)
        return reader

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback(ChangeSet)`` after every commit that changed records (``changes``);
        returns the function that unsubscribes. Callable from any thread."""
        return self._changes.subscribe(callback)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # --- records ------------------------------------------------------------------------------

    def add(self, record: R) -> R:
        """Validate and store a new record (due dates of actions are computed)."""
        with self.vault.transaction():
            return self.records.add(self._with_due_date(record))

    def add_many(self, records: list[Record]) -> list[Record]:
        """Store several new records in one transaction: all or none."""
        with self.vault.transaction():
            return [self.records.add(self._with_due_date(r)) for r in records]

    def update(self, record: R) -> R:
        """Validate and replace a record."""
        with self.vault.transaction():
            return self.records.update(self._with_due_date(record))

    def delete(self, record_id: str) -> list[str]:
        """Delete a record and what it owns (see ``advocate.store.repository``)."""
        with self.vault.transaction():
            return self.records.delete(record_id)

    def batch(self) -> AbstractContextManager[object]:
        """One transaction around several store calls: all of them happen, or none."""
        return self.vault.transaction()

    def counted_due(self, action: Action) -> date | None:
        """The day an action's answer would be due if it were saved as it is (the rule of
        ``add``: the term counted from the filing day in this store's calendar), or None when
        its filing day or term is not known; nothing is written."""
        return self._with_due_date(action).due

    def _with_due_date(self, record: R) -> R:
        """An action's answer is due a term after filing, when the term and filing day are known."""
        if isinstance(record, Action) and record.response_days and record.filed:
            filed = record.filed.exact()
            if filed is not None:
                due = due_date(filed, record.response_days, record.response_unit, self.calendar)
                return replace(record, due=due)
        return record

    # --- evidence -----------------------------------------------------------------------------

    def add_evidence(
        self, case_id: str, source: Path | BinaryIO, *, original_name: str = "",
        media_type: str = "", provenance: str = "", provided_by_id: str = "",
        description: str = "", progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Evidence:
        """Take a file in: its bytes into the vault in chunks, its facts into an Evidence record."""
        self.records.get(case_id, Case)
        evidence_id = new_id()
        with self.vault.transaction():
            if isinstance(source, Path):
                name = original_name or source.name
                try:
                    total = source.stat().st_size
                    handle: BinaryIO = source.open("rb")
                except OSError as exc:
                    raise EvidenceUnreadableError(source, os_reason(exc)) from exc
                with handle:
                    size, sha, head = self.chunks.write(evidence_id, handle, total=total,
                                                        progress=progress, cancel=cancel)
            else:
                name = original_name or "evidence"
                size, sha, head = self.chunks.write(evidence_id, source, progress=progress,
                                                    cancel=cancel)
            evidence = Evidence(
                id=evidence_id, case_id=case_id, original_name=name,
                media_type=media_type or sniff_media_type(head, name), size=size, sha256=sha,
                intake_at=utc_now(), source=provenance, provided_by_id=provided_by_id,
                description=description)
            return self.records.add(evidence)

    def export_evidence(
        self, evidence_id: str, destination: Path, *, progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Path:
        """Write an evidence file out, verified against its hash; a folder gets a safe name."""
        evidence = self.records.get(evidence_id, Evidence)
        if destination.is_dir():
            destination = destination / safe_filename(evidence.original_name)
        self.chunks.export(evidence_id, evidence.sha256, destination, progress=progress,
                           cancel=cancel, total=evidence.size)
        if not self.vault.read_only:
            with self.vault.transaction():
                self.audit.append("export", "evidence", evidence_id, (), evidence.sha256)
        return destination

    # --- integrity ----------------------------------------------------------------------------

    def audit_head(self) -> str:
        """The hash at the head of the audit chain (what reports print)."""
        return self.audit.head()

    def verify(self, *, progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None) -> VerifyReport:
        """SQLCipher's integrity check, the audit chain, record hashes and every evidence hash;
        ``cancel`` stops it with ``Cancelled`` (``advocate.store.verify``)."""
        return verify_store(self, progress=progress, cancel=cancel)

    # --- whole-vault reads and loads (backup and restore) -------------------------------------

    @property
    def in_transaction(self) -> bool:
        """Whether the owner has a transaction open (a backup then waits for it to end)."""
        return bool(self._conn.in_transaction)

    def read_snapshot(self) -> AbstractContextManager[Snapshot]:
        """One read transaction over the whole vault, for a backup (``advocate.store.bulk``)."""
        return read_snapshot(self._conn, self.vault.path)

    def bulk_loader(self) -> BulkLoader:
        """A loader of checked rows into this new, empty vault, for a restore (``bulk``)."""
        self.vault.require_writable()
        return BulkLoader(self._conn, self.vault.db_path)

    def record_issued_report(self, code: str, case_id: str, payload: str) -> None:
        """Remember a report's verification code so a printed copy can be checked later."""
        with self.vault.transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO issued_reports (code, case_id, at, payload)"
                " VALUES (?, ?, ?, ?)", (code, case_id, utc_now(), payload))
            self.audit.append("report", "case", case_id, (code,), "")
            self._changes.note("add", "issued_report", code, case_id)


def _upgrade(path: Path, secret: str) -> bool:
    """Migrate a vault that has data (schema 1 or later) by opening it writable; whether it
    worked. A vault with no schema yet (killed while being created) is left alone."""
    try:
        with Vault.open(path, secret) as vault:
            version = int(vault.connection.execute("PRAGMA user_version").fetchone()[0])
            if version < 1:
                return False
            apply_migrations(vault, MIGRATIONS)
    except AdvocateError:
        return False
    return True


def _remove_new_vault(path: Path, existed: bool) -> None:
    """Delete a vault this process has just created (an empty folder before, or absent)."""
    if not existed:
        shutil.rmtree(path, ignore_errors=True)
        return
    for child in path.iterdir():
        with contextlib.suppress(OSError):
            child.unlink()
