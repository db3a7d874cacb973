"""``advocate verify``: everything that can show a vault was altered or damaged.

Checks SQLCipher's page HMACs and SQLite's integrity, the audit chain link by link, that every
record's content is what the chain last committed to (an edit behind the store's back shows), and
every evidence file's size and SHA-256 against what was recorded at intake.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advocate.errors import Problem
from advocate.i18n import N_
from advocate.progress import ProgressCallback, check_cancel, report
from advocate.store.audit import canonical_json, sha256_hex

if TYPE_CHECKING:
    from advocate.store.store import Store


@dataclass(slots=True)
class VerifyReport:
    """What verify found; ``ok`` when nothing."""

    problems: list[Problem] = field(default_factory=list)
    records: int = 0
    audit_entries: int = 0
    evidence_files: int = 0
    evidence_bytes: int = 0
    audit_head: str = ""

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def verify_store(store: Store, *, progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None) -> VerifyReport:
    """Run every check; never raises for what it finds, only lists it.

    ``progress(done, total)`` counts steps: the database check, then each record, then each
    evidence file. Setting ``cancel`` stops it with ``Cancelled`` (it changes nothing anyway).
    """
    result = VerifyReport()
    conn = store.vault.connection
    n_records = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    n_evidence = int(conn.execute(
        "SELECT count(*) FROM records WHERE kind = 'evidence'").fetchone()[0])
    total = 1 + n_records + n_evidence
    check_cancel(cancel)
    if store.vault.interrupted_rotation:
        result.problems.append(Problem(
            "verify.rotation_interrupted",
            N_("A key rotation was interrupted; open the vault normally once (not read-only) to "
               "finish it, then check it again.")))
    else:
        result.problems.extend(
            Problem("verify.database",
                    N_("The database fails its integrity check ({detail}). Restore the vault "
                       "from a backup."), detail=p)
            for p in store.vault.integrity_check())
    report(progress, 1, total)
    check_cancel(cancel)
    result.problems.extend(store.audit.verify())
    result.audit_entries = int(conn.execute("SELECT count(*) FROM audit").fetchone()[0])
    result.audit_head = store.audit.head()
    _check_records(store, result, progress, cancel, total)
    _check_evidence(store, result, progress, cancel, total)
    return result


def _check_records(store: Store, result: VerifyReport, progress: ProgressCallback | None,
                   cancel: threading.Event | None, total: int) -> None:
    """Every record's content is what the audit chain last committed to."""
    committed = store.audit.last_record_hashes()
    live: set[str] = set()
    conn = store.vault.connection
    for record_id, kind, data in conn.execute("SELECT id, kind, data FROM records"):
        live.add(str(record_id))
        result.records += 1
        actual = sha256_hex(canonical_json(json.loads(data)))
        if committed.get(str(record_id)) != actual:
            result.problems.append(Problem(
                "verify.record_differs",
                N_("The record {record_id} differs from what the audit trail recorded for it."),
                record_id=record_id, kind=kind))
        if result.records % 500 == 0:
            check_cancel(cancel)
            report(progress, 1 + result.records, total)
    report(progress, 1 + result.records, total)
    for record_id, last_hash in committed.items():
        if last_hash and record_id not in live:
            result.problems.append(Problem(
                "verify.record_missing",
                N_("The record {record_id} is missing but was never deleted."),
                record_id=record_id))


def _check_evidence(store: Store, result: VerifyReport, progress: ProgressCallback | None,
                    cancel: threading.Event | None, total: int) -> None:
    """Every evidence file's size and SHA-256 are the ones recorded at intake."""
    rows = store.vault.connection.execute(
        "SELECT id, data FROM records WHERE kind = 'evidence' ORDER BY rowid").fetchall()
    for evidence_id, data in rows:
        check_cancel(cancel)
        facts = json.loads(data)
        size, sha = store.chunks.digest(str(evidence_id))
        result.evidence_files += 1
        result.evidence_bytes += size
        if sha != facts.get("sha256") or size != facts.get("size"):
            result.problems.append(Problem(
                "verify.evidence_mismatch",
                N_("The evidence {evidence_id} ({name}) does not match its SHA-256 recorded at "
                   "intake."),
                evidence_id=evidence_id, name=str(facts.get("original_name", ""))[:60]))
        report(progress, 1 + result.records + result.evidence_files, total)
