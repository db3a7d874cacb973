"""Reading and writing records: validation against other records, references, search, audit.

Every write goes through :class:`RecordRepository`, inside one transaction that also updates the
reference index, the search index and the audit chain, so the four never disagree.

What deleting does (the rule the UI states before it asks):

- deleting a **case** deletes everything that belongs to it (roles, incidents, threats, actions,
  proceedings, hearings, consents, notes, evidence and its bytes); the persons stay, since they may
  appear in other cases;
- deleting a **person** deletes their roles, their relations and the consents about them; it is
  refused while a threat, incident, consent (as the one who gave it) or evidence still names them;
- deleting a **proceeding** deletes its hearings; refused while an action refers to it;
- deleting **evidence** deletes its bytes; refused while a record still lists it;
- any other record is deleted alone.

"Refused" means :class:`~advocate.errors.RecordInUseError` naming the records in the way, and
nothing deleted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, TypeVar

import sqlcipher3

from advocate.errors import RecordInUseError, RecordNotFoundError, ValidationError
from advocate.i18n import N_
from advocate.model.codec import from_dict, to_dict
from advocate.model.records import RECORD_TYPES, Case, Record, utc_now
from advocate.model.text import search_fold
from advocate.store.audit import AuditLog, canonical_json, sha256_hex
from advocate.store.listing import record_keys, upsert_case_row
from advocate.store.vocabulary import forget_words, note_words

if TYPE_CHECKING:
    from advocate.store.changes import ChangeTracker

R = TypeVar("R", bound=Record)

#: (kind of the referring record, field) pairs that are deleted together with what they point to.
OWNED_BY_TARGET: frozenset[tuple[str, str]] = frozenset(
    {(kind, "case_id") for kind in RECORD_TYPES if kind != "case"}
    | {("role", "person_id"), ("relation", "person_id"), ("relation", "other_person_id"),
       ("consent", "person_id"), ("hearing", "proceeding_id")}
)

#: Fields that are not searched (ids, hashes, machine values).
_UNSEARCHED = {"id", "created", "updated", "sha256", "media_type", "intake_at"}


def search_body(record: Record) -> str:
    """The folded text of every searchable field of a record."""
    parts: list[str] = []
    for f in fields(record):
        if f.name in _UNSEARCHED or f.name.endswith("_id") or f.name.endswith("_ids"):
            continue
        value = getattr(record, f.name)
        if isinstance(value, str) and value:
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(v for v in value if isinstance(v, str))
    return search_fold("\n".join(parts))


@dataclass(frozen=True, slots=True)
class DeletePlan:
    """What deleting a record takes with it (``RecordRepository.plan_delete``)."""

    id: str
    kind: str
    #: Every id that goes, the record itself last (what ``delete`` returns).
    ids: tuple[str, ...]
    #: The other records that go with it, counted by kind ({"threat": 12, "role": 2}).
    also_deleted: dict[str, int]
    #: (kind, id) of records that refer to it and stop the delete (``RecordInUseError``).
    blocked_by: tuple[tuple[str, str], ...]

    @property
    def allowed(self) -> bool:
        """Whether the delete would go ahead."""
        return not self.blocked_by


class RecordRepository:
    """The one place that writes records; the caller holds the transaction."""

    def __init__(self, conn: sqlcipher3.Connection, tracker: ChangeTracker | None = None) -> None:
        self._conn = conn
        self.audit = AuditLog(conn)
        self._tracker = tracker

    # --- reading ------------------------------------------------------------------------------

    def get(self, record_id: str, cls: type[R] | None = None) -> R:
        """The record with this id (of this class, when given)."""
        row = self._conn.execute("SELECT data FROM records WHERE id = ?", (record_id,)).fetchone()
        kind = cls.KIND if cls is not None else ""
        if row is None:
            raise RecordNotFoundError(record_id, kind)
        record = load_record(row[0])
        if cls is not None and not isinstance(record, cls):
            raise RecordNotFoundError(record_id, kind)
        return record  # type: ignore[return-value]

    def exists(self, record_id: str) -> str | None:
        """The kind of the record with this id, or None."""
        row = self._conn.execute("SELECT kind FROM records WHERE id = ?", (record_id,)).fetchone()
        return str(row[0]) if row else None

    def list_records(self, cls: type[R], case_id: str | None = None) -> list[R]:
        """All records of a class, of one case when given, in date order."""
        if case_id is None:
            rows = self._conn.execute(
                "SELECT data FROM records WHERE kind = ? ORDER BY sort_key, rowid", (cls.KIND,))
        else:
            rows = self._conn.execute(
                "SELECT data FROM records WHERE case_id = ? AND kind = ? ORDER BY sort_key, rowid",
                (case_id, cls.KIND))
        return [load_record(r[0]) for r in rows]  # type: ignore[misc]

    def of_case(self, case_id: str) -> Iterator[Record]:
        """Every record of a case (the case itself included), in kind and date order."""
        rows = self._conn.execute(
            "SELECT data FROM records WHERE case_id = ? ORDER BY kind, sort_key, rowid", (case_id,))
        for row in rows:
            yield load_record(row[0])

    def referring(self, cls: type[R], field: str, targets: Iterable[str]) -> list[R]:
        """The records of a class whose ``field`` refers to one of ``targets``, in date order,
        found through the reference index (what it costs grows with what is found, not with
        the vault)."""
        wanted = sorted(set(targets))
        found: dict[str, tuple[str, int, str]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for record_id, sort_key, rowid, data in self._conn.execute(
                    # note: CROSS JOIN makes SQLite start from the references (it started from
                    # every record of the kind, found by the kind's index)
                    "SELECT r.id, r.sort_key, r.rowid, r.data FROM refs f"
                    " CROSS JOIN records r ON r.id = f.from_id"
                    f" WHERE f.to_id IN ({marks}) AND f.field = ? AND r.kind = ?",
                    (*chunk, field, cls.KIND)):
                found[str(record_id)] = (str(sort_key), int(rowid), str(data))
        return [load_record(data) for _, _, data in sorted(found.values())]  # type: ignore[misc]

    def with_deadline(self, until: str, since: str = "") -> list[Record]:
        """Records whose deadline falls in [since, until] (ISO days), earliest first."""
        rows = self._conn.execute(
            "SELECT data FROM records WHERE deadline IS NOT NULL AND deadline >= ?"
            " AND deadline <= ? ORDER BY deadline, rowid", (since, until))
        return [load_record(r[0]) for r in rows]

    def referrers(self, record_id: str) -> list[tuple[str, str, str]]:
        """(kind, id, field) of every record that refers to this one."""
        rows = self._conn.execute(
            "SELECT r.kind, f.from_id, f.field FROM refs f JOIN records r ON r.id = f.from_id"
            " WHERE f.to_id = ? ORDER BY r.kind, f.from_id", (record_id,))
        return [(str(k), str(i), str(f)) for k, i, f in rows]

    def count(self, kind: str) -> int:
        """How many records of a kind the vault holds."""
        row = self._conn.execute("SELECT count(*) FROM records WHERE kind = ?", (kind,)).fetchone()
        return int(row[0])

    # --- writing ------------------------------------------------------------------------------

    def add(self, record: R, *, keep_timestamps: bool = False, action: str = "create") -> R:
        """Validate and insert a new record; returns it as stored (normalised, timestamped)."""
        if self.exists(record.id):
            raise ValidationError("record.duplicate_id",
                                  N_("A record with id {record_id} already exists."),
                                  field="id", record_id=record.id)
        if not keep_timestamps or not record.created:
            now = utc_now()
            record = replace(record, created=now, updated=now)
        stored = self._prepare(record)
        data = canonical_json(to_dict(stored))
        cursor = self._conn.execute(
            "INSERT INTO records (id, kind, case_id, sort_key, deadline, created, updated, data,"
            " title_key, status, severity, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (stored.id, stored.KIND, stored.case_of(), stored.sort_key(), stored.deadline(),
             stored.created, stored.updated, data.decode(), *record_keys(stored).values()),
        )
        self._index(int(cursor.lastrowid), stored)
        self._noted("add", stored)
        changed = [f.name for f in fields(stored) if f.name not in ("id", "created", "updated")]
        self.audit.append(action, stored.KIND, stored.id, changed, sha256_hex(data))
        return stored

    def update(self, record: R) -> R:
        """Validate and replace a record; the audit entry names the fields that changed."""
        old = self.get(record.id, type(record))
        record = replace(record, created=old.created, updated=utc_now())
        stored = self._prepare(record)
        if stored.case_of() != old.case_of():
            raise ValidationError("record.moved_case",
                                  N_("A record cannot be moved to another case."),
                                  field="case_id", record_kind=stored.KIND)
        changed = [f.name for f in fields(stored)
                   if f.name not in ("created", "updated")
                   and getattr(stored, f.name) != getattr(old, f.name)]
        if not changed:
            return old
        row = self._conn.execute("SELECT rowid FROM records WHERE id = ?", (stored.id,)).fetchone()
        data = canonical_json(to_dict(stored))
        self._conn.execute(
            "UPDATE records SET sort_key = ?, deadline = ?, updated = ?, data = ?, title_key = ?,"
            " status = ?, severity = ?, due = ? WHERE id = ?",
            (stored.sort_key(), stored.deadline(), stored.updated, data.decode(),
             *record_keys(stored).values(), stored.id))
        self._conn.execute("DELETE FROM refs WHERE from_id = ?", (stored.id,))
        self._index(int(row[0]), stored, old=old)
        self._noted("update", stored)
        self.audit.append("update", stored.KIND, stored.id, changed, sha256_hex(data))
        return stored

    def delete(self, record_id: str) -> list[str]:
        """Delete a record and what it owns (module docstring); the ids deleted, owner last."""
        plan = self.plan_delete(record_id)
        if plan.blocked_by:
            raise RecordInUseError(record_id, plan.kind, list(plan.blocked_by))
        for victim in plan.ids:
            self._remove(victim)
        return list(plan.ids)

    def plan_delete(self, record_id: str) -> DeletePlan:
        """What deleting a record would do, by the same rules as ``delete``, changing nothing."""
        kind = self.exists(record_id)
        if kind is None:
            raise RecordNotFoundError(record_id)
        doomed = self._deletion_closure(record_id, kind)
        blocking = sorted({(k, i) for to_id in doomed for k, i, _ in self.referrers(to_id)
                           if i not in doomed})
        order = [i for i in doomed if i != record_id] + [record_id]
        also: dict[str, int] = {}
        for other in order[:-1]:
            also[doomed[other]] = also.get(doomed[other], 0) + 1
        return DeletePlan(record_id, kind, tuple(order), dict(sorted(also.items())),
                          tuple(blocking))

    def _deletion_closure(self, record_id: str, kind: str) -> dict[str, str]:
        """Every record deleted with this one, by id, with its kind (the record itself first)."""
        doomed: dict[str, str] = {record_id: kind}
        queue = [record_id]
        while queue:
            current = queue.pop()
            for from_kind, from_id, field in self.referrers(current):
                if (from_kind, field) in OWNED_BY_TARGET and from_id not in doomed:
                    doomed[from_id] = from_kind
                    queue.append(from_id)
        return doomed

    def _remove(self, record_id: str) -> None:
        row = self._conn.execute(
            "SELECT rowid, kind, case_id, data FROM records WHERE id = ?", (record_id,)).fetchone()
        rowid, kind, case_id = int(row[0]), str(row[1]), row[2]
        self._conn.execute("DELETE FROM search WHERE rowid = ?", (rowid,))
        forget_words(self._conn, [search_body(load_record(str(row[3])))])
        self._conn.execute("DELETE FROM refs WHERE from_id = ?", (record_id,))
        self._conn.execute("DELETE FROM records WHERE rowid = ?", (rowid,))
        if kind == "evidence":
            self._conn.execute("DELETE FROM evidence_chunks WHERE evidence_id = ?", (record_id,))
        elif kind == "case":
            self._conn.execute("DELETE FROM case_list WHERE case_id = ?", (record_id,))
        self.audit.append("delete", kind, record_id)
        if self._tracker is not None:
            self._tracker.note("delete", kind, record_id, None if case_id is None else str(case_id))

    # --- helpers ------------------------------------------------------------------------------

    def _noted(self, op: str, record: Record) -> None:
        """Keep the case list row of a case written, and note the change for the notices."""
        if isinstance(record, Case):
            row = self._conn.execute("SELECT rowid FROM records WHERE id = ?",
                                     (record.id,)).fetchone()
            upsert_case_row(self._conn, int(row[0]), record)
        if self._tracker is not None:
            self._tracker.note(op, record.KIND, record.id, record.case_of())

    def _prepare(self, record: R) -> R:
        """Normalise through the codec (which validates) and check references."""
        stored: R = from_dict(to_dict(record), record.KIND)  # type: ignore[assignment]
        for name, kinds, target in _references(stored):
            found = self.exists(target)
            if found is None or found not in kinds:
                raise ValidationError(
                    "record.dangling_reference",
                    N_("The field {field} refers to {target}, which does not exist in this "
                       "vault (it may have been deleted)."),
                    field=name, record_kind=stored.KIND, target=target, kinds=kinds)
        return stored

    def _index(self, rowid: int, record: Record, *, old: Record | None = None) -> None:
        refs = {(target, name) for name, _, target in _references(record)}
        self._conn.executemany(
            "INSERT OR IGNORE INTO refs (to_id, from_id, field) VALUES (?, ?, ?)",
            [(target, record.id, name) for target, name in refs])
        if old is not None:
            self._conn.execute("DELETE FROM search WHERE rowid = ?", (rowid,))
        body = search_body(record)
        self._conn.execute("INSERT INTO search (rowid, body) VALUES (?, ?)", (rowid, body))
        words = note_words(self._conn, [body])
        if old is not None:
            # note: the words the new text holds stay; only the others are looked up
            forget_words(self._conn, [search_body(old)], kept=words)


def _references(record: Record) -> Iterable[tuple[str, tuple[str, ...], str]]:
    """(field, allowed kinds, target id) for every non-empty reference of a record."""
    for name, kinds in record.REFERENCES.items():
        value = getattr(record, name)
        targets: list[Any] = value if isinstance(value, list) else [value]
        for target in targets:
            if target and record.KIND != "case":
                yield name, kinds, str(target)


def load_record(data: str) -> Record:
    """A record from its stored JSON (validated when written, so only type-checked here)."""
    return from_dict(json.loads(data), "stored record", validate=False)
