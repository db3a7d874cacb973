"""The store: one facade over an open vault, shared by the app, the reports and the CLI.

It owns the database connection. Every public method that writes runs in one transaction, so a
crash or an error leaves the vault as it was before the call.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, TypeVar

from advocate.errors import (
    AmbiguousCaseError,
    DatabaseDamagedError,
    EvidenceHashMismatchError,
    EvidenceUnreadableError,
    RecordNotFoundError,
    os_reason,
)
from advocate.model.casefile import CaseFile
from advocate.model.deadlines import HolidayCalendar, due_date
from advocate.model.records import (
    Action,
    Case,
    ComplaintDraft,
    Consent,
    Evidence,
    Hearing,
    Incident,
    Note,
    Person,
    Proceeding,
    Record,
    Relation,
    Role,
    Threat,
    new_id,
    utc_now,
)
from advocate.model.text import normalize_text
from advocate.progress import ProgressCallback
from advocate.store.audit import AuditLog
from advocate.store.evidence import EvidenceChunks, safe_filename, sniff_media_type
from advocate.store.repository import RecordRepository, load_record
from advocate.store.schema import MIGRATIONS
from advocate.store.search import SearchHit, search
from advocate.store.verify import VerifyReport, verify_store
from advocate.vault import KdfParams, Vault, apply_migrations

R = TypeVar("R", bound=Record)

#: Largest evidence file the app shows from memory (bigger ones are exported to be viewed).
VIEW_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Deadline:
    """An answer due or a hearing, for the dashboard."""

    day: date
    overdue: bool
    record: Record  # an Action (answer due) or a Hearing
    case_id: str
    case_reference: str


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """A row of the case list."""

    id: str
    reference: str
    title: str
    status: str
    region: str
    updated: str
    threats: int
    actions: int


class Store:
    """An open vault with its records. Use as a context manager, or call ``close()``."""

    def __init__(self, vault: Vault, calendar: HolidayCalendar | None = None) -> None:
        self.vault = vault
        self._conn = vault.connection
        self.records = RecordRepository(self._conn)
        self.audit = AuditLog(self._conn)
        self.chunks = EvidenceChunks(self._conn)
        self.calendar = calendar or HolidayCalendar.default()

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
        """Open a vault with its passphrase or recovery key, migrating it if needed."""
        vault = Vault.open(path, secret, read_only=read_only)
        try:
            # note: read-only too, where it changes nothing but refuses a schema that is behind
            # (VaultReadOnlyError) or ahead (VaultTooNewError) with a clear message. Found by
            # tests/hardening/test_hard_crash.py: a vault killed while being created (header
            # written, schema not yet) made `advocate verify` fail with an internal error.
            apply_migrations(vault, MIGRATIONS)
        except BaseException:
            vault.close()
            raise
        return cls(vault)

    def close(self) -> None:
        """Lock the vault: close the database and forget the key."""
        self.vault.close()

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

    def count(self, cls: type[Record]) -> int:
        """How many records of a class the vault holds."""
        return self.records.count(cls.KIND)

    def get(self, record_id: str, cls: type[R]) -> R:
        """A record by id, of the class given."""
        return self.records.get(record_id, cls)

    def list_records(self, cls: type[R], case_id: str | None = None) -> list[R]:
        """Records of a class, of one case when given, in date order."""
        return self.records.list_records(cls, case_id)

    def _with_due_date(self, record: R) -> R:
        """An action's answer is due a term after filing, when the term and filing day are known."""
        if isinstance(record, Action) and record.response_days and record.filed:
            filed = record.filed.exact()
            if filed is not None:
                due = due_date(filed, record.response_days, record.response_unit, self.calendar)
                return replace(record, due=due)
        return record

    # --- cases --------------------------------------------------------------------------------

    def cases(self) -> list[CaseSummary]:
        """Every case with its counts of threats and actions, by reference."""
        rows = self._conn.execute(
            "SELECT c.id, c.data, c.updated,"
            " (SELECT count(*) FROM records t WHERE t.case_id = c.id AND t.kind = 'threat'),"
            " (SELECT count(*) FROM records a WHERE a.case_id = c.id AND a.kind = 'action')"
            " FROM records c WHERE c.kind = 'case' ORDER BY c.sort_key, c.rowid")
        out = []
        for _case_id, data, updated, threats, actions in rows:
            case = _case_from(str(data))
            out.append(CaseSummary(case.id, case.reference, case.title, case.status.value,
                                   case.region, str(updated), int(threats), int(actions)))
        return out

    def find_case(self, key: str) -> Case:
        """A case by id, or by its reference (as the CLI's --case takes either).

        Raises ``RecordNotFoundError`` when none matches, ``AmbiguousCaseError`` (listing the
        ids) when several cases have that reference.
        """
        if self.records.exists(key) == "case":
            return self.records.get(key, Case)
        wanted = normalize_text(key).casefold()
        matches = [c for c in self.records.list_records(Case) if c.reference.casefold() == wanted]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousCaseError(key, sorted(c.id for c in matches))
        raise RecordNotFoundError(key, "case")

    def case_file(self, case_id: str) -> CaseFile:
        """A case with every record that belongs to it and the persons it mentions."""
        case = self.records.get(case_id, Case)
        cf = CaseFile(case=case)
        buckets: dict[type[Record], list[Record]] = {
            Role: cf.roles, Incident: cf.incidents, Threat: cf.threats,  # type: ignore[dict-item]
            Action: cf.actions, Proceeding: cf.proceedings,  # type: ignore[dict-item]
            Hearing: cf.hearings, Consent: cf.consents,  # type: ignore[dict-item]
            Note: cf.notes, Evidence: cf.evidence,  # type: ignore[dict-item]
            ComplaintDraft: cf.complaints,  # type: ignore[dict-item]
        }
        for record in self.records.of_case(case_id):
            bucket = buckets.get(type(record))
            if bucket is not None:
                bucket.append(record)
        person_ids = {r.person_id for r in cf.roles}
        for threat in cf.threats:
            person_ids.update(threat.target_ids)
            if threat.source_person_id:
                person_ids.add(threat.source_person_id)
        for incident in cf.incidents:
            person_ids.update(incident.person_ids)
        for consent in cf.consents:
            person_ids.update((consent.person_id, consent.given_by_id))
        person_ids.update(e.provided_by_id for e in cf.evidence if e.provided_by_id)
        for draft in cf.complaints:
            person_ids.update(p for p in (draft.applicant_id, draft.representative_id,
                                          draft.signatory_id) if p)
        for person_id in sorted(person_ids):
            cf.persons[person_id] = self.records.get(person_id, Person)
        cf.relations = [r for r in self.records.list_records(Relation)
                        if r.person_id in person_ids and r.other_person_id in person_ids]
        return cf

    def deadlines(self, *, days_ahead: int = 30, today: date | None = None) -> list[Deadline]:
        """Answers due and hearings from the past (overdue) to ``days_ahead`` days from today."""
        today = today or self.today()
        until = (today + timedelta(days=days_ahead)).isoformat()
        out = []
        for record in self.records.with_deadline(until):
            day = date.fromisoformat(str(record.deadline()))
            case = self.records.get(str(record.case_of()), Case)
            out.append(Deadline(day=day, overdue=day < today, record=record,
                                case_id=case.id, case_reference=case.reference))
        return out

    def recent_threats(self, limit: int = 20) -> list[Threat]:
        """The threats received most recently, across all cases."""
        rows = self._conn.execute(
            "SELECT data FROM records WHERE kind = 'threat' ORDER BY sort_key DESC, rowid DESC"
            " LIMIT ?", (limit,))
        return [t for t in (load_record(r[0]) for r in rows) if isinstance(t, Threat)]

    def persons(self) -> list[Person]:
        """Every person in the vault, by name."""
        return self.records.list_records(Person)

    # --- search -------------------------------------------------------------------------------

    def search(self, query: str, *, case_id: str | None = None, limit: int = 50) -> list[SearchHit]:
        """Records whose text matches every word of the query (prefixes, any alphabet)."""
        return search(self._conn, query, case_id=case_id, limit=limit)

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

    def evidence_bytes(self, evidence_id: str) -> bytes:
        """An evidence file in memory, for viewing in the app (hash-checked)."""
        evidence = self.records.get(evidence_id, Evidence)
        data = self.chunks.read_all(evidence_id, VIEW_LIMIT)
        actual = hashlib.sha256(data).hexdigest()
        if actual != evidence.sha256:
            raise EvidenceHashMismatchError(evidence_id, evidence.sha256, actual)
        return data

    # --- integrity ----------------------------------------------------------------------------

    def audit_head(self) -> str:
        """The hash at the head of the audit chain (what reports print)."""
        return self.audit.head()

    def verify(self, *, progress: ProgressCallback | None = None) -> VerifyReport:
        """SQLCipher's integrity check, the audit chain, record hashes and every evidence hash."""
        return verify_store(self, progress=progress)

    def record_issued_report(self, code: str, case_id: str, payload: str) -> None:
        """Remember a report's verification code so a printed copy can be checked later."""
        with self.vault.transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO issued_reports (code, case_id, at, payload)"
                " VALUES (?, ?, ?, ?)", (code, case_id, utc_now(), payload))
            self.audit.append("report", "case", case_id, (code,), "")

    def issued_report(self, code: str) -> tuple[str, str, str] | None:
        """(case id, time, payload) of an issued report's code, or None."""
        row = self._conn.execute(
            "SELECT case_id, at, payload FROM issued_reports WHERE code = ?", (code,)).fetchone()
        return (str(row[0]), str(row[1]), str(row[2])) if row else None

    def today(self) -> date:
        """Today's date (one place, so tests and due-date views agree)."""
        return date.today()


def _remove_new_vault(path: Path, existed: bool) -> None:
    """Delete a vault this process has just created (an empty folder before, or absent)."""
    if not existed:
        shutil.rmtree(path, ignore_errors=True)
        return
    for child in path.iterdir():
        with contextlib.suppress(OSError):
            child.unlink()


def _case_from(data: str) -> Case:
    record = load_record(data)
    if not isinstance(record, Case):
        raise DatabaseDamagedError(None, "a case row holds another kind of record")
    return record
