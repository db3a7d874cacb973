"""The read methods shared by the store (on its write connection) and its readers.

:class:`RecordReads` needs a connection and a repository over it; ``Store`` reads through the
connection it writes with (so its owner sees its own open transaction), a
:class:`~advocate.store.reader.StoreReader` through a second, read-only one (so it sees only what
was committed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

import sqlcipher3

from advocate.errors import AmbiguousCaseError, EvidenceHashMismatchError, RecordNotFoundError
from advocate.model.casefile import CaseFile
from advocate.model.dates import PartialDate
from advocate.model.enums import CaseStatus
from advocate.model.records import (
    RECORD_TYPES,
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
)
from advocate.model.text import normalize_text, search_fold, search_terms
from advocate.store import listing
from advocate.store.evidence import EvidenceChunks
from advocate.store.listing import CaseRow, Cursor, ListQuery, Page
from advocate.store.repository import DeletePlan, RecordRepository, load_record
from advocate.store.search import SearchHit, hits_for, search, search_ids

R = TypeVar("R", bound=Record)

#: Largest evidence file the app shows from memory (bigger ones are exported to be viewed).
VIEW_LIMIT = 64 * 1024 * 1024

#: A row of the case list (the name ``cases()`` has always returned).
CaseSummary = CaseRow


@dataclass(frozen=True, slots=True)
class CaseKey:
    """What the case list filters one case by, without reading it: status, region, and its
    reference and title folded for search (``search_fold``)."""

    id: str
    status: str
    region: str
    folded: str


@dataclass(frozen=True, slots=True)
class Deadline:
    """An answer due or a hearing, for the dashboard."""

    day: date
    overdue: bool
    record: Record  # an Action (answer due) or a Hearing
    case_id: str
    case_reference: str


class RecordReads:
    """Reading records, lists, cases, deadlines and search results."""

    _conn: sqlcipher3.Connection
    records: RecordRepository

    # --- records ------------------------------------------------------------------------------

    def get(self, record_id: str, cls: type[R]) -> R:
        """A record by id, of the class given."""
        return self.records.get(record_id, cls)

    def get_many(self, ids: list[str]) -> list[Record]:
        """The records with these ids, in the order given; ids no longer there are left out
        (a list may hold an id deleted since it was fetched)."""
        found: dict[str, Record] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for (data,) in self._conn.execute(
                    f"SELECT data FROM records WHERE id IN ({marks})", chunk):
                record = load_record(data)
                found[record.id] = record
        return [found[i] for i in ids if i in found]

    def count(self, cls: type[Record]) -> int:
        """How many records of a class the vault holds."""
        return self.records.count(cls.KIND)

    def counts(self) -> dict[str, int]:
        """How many records of each kind the vault holds (every kind, 0 included)."""
        found = {str(k): int(n) for k, n in
                 self._conn.execute("SELECT kind, count(*) FROM records GROUP BY kind")}
        return {kind: found.get(kind, 0) for kind in RECORD_TYPES}

    def delete_preview(self, record_id: str) -> DeletePlan:
        """What deleting a record would take with it, counted by kind, and what would stop it
        (the same rules as ``delete``), so the app can say it before asking."""
        return self.records.plan_delete(record_id)

    def list_records(self, cls: type[R], case_id: str | None = None) -> list[R]:
        """Records of a class, of one case when given, in date order."""
        return self.records.list_records(cls, case_id)

    # --- lists a table pages through ----------------------------------------------------------

    def list_ids(self, query: ListQuery, *, offset: int = 0, limit: int = 200) -> list[str]:
        """Ids of a list (``ListQuery``: kind, filters, sort), ``limit`` of them from ``offset``."""
        return listing.list_ids(self._conn, query, offset, limit)

    def list_page(self, query: ListQuery, *, after: Cursor | None = None,
                  limit: int = 200) -> Page:
        """A page of a list after a cursor (keyset paging; the first page without one)."""
        return listing.list_page(self._conn, query, after, limit)

    def count_ids(self, query: ListQuery) -> int:
        """How many rows a list has."""
        return listing.count_ids(self._conn, query)

    def case_rows(self, ids: list[str]) -> list[CaseRow]:
        """The case-list rows of these case ids, in the order given (unknown ids left out)."""
        return listing.case_rows(self._conn, ids)

    def cases(self, *, offset: int = 0, limit: int = -1) -> list[CaseRow]:
        """Cases with their counts and days, by reference; all of them unless paged."""
        query = ListQuery(kind="case", sort="reference")
        return self.case_rows(listing.list_ids(self._conn, query, offset, limit))

    # --- the case list's filter -----------------------------------------------------------------

    def case_keys(self) -> list[CaseKey]:
        """Every case's filter keys, by reference (the case list's order).

        Kept in memory until the vault changes (a commit on any connection), so that filtering
        10,000 cases as the user types costs a pass over a list, not a read and a fold of every
        case per key (measured: 45 ms of folding and reading per key, 3 ms with the keys kept).
        """
        version = (self._conn.execute("PRAGMA data_version").fetchone()[0],
                   self._conn.total_changes)
        kept: tuple[object, list[CaseKey]] | None = getattr(self, "_case_keys", None)
        if kept is not None and kept[0] == version:
            return kept[1]
        rows = self._conn.execute(
            "SELECT case_id, status, region, reference, title FROM case_list"
            " ORDER BY ref_key, rowid")
        keys = [CaseKey(str(i), str(st), str(rg), search_fold(f"{ref} {title}"))
                for i, st, rg, ref, title in rows]
        self._case_keys = (version, keys)
        return keys

    def cases_due_between(self, since: date, until: date) -> set[str]:
        """The ids of cases with an answer due or a hearing in [since, until]."""
        return {str(r[0]) for r in self._conn.execute(
            "SELECT DISTINCT case_id FROM records WHERE deadline IS NOT NULL AND deadline >= ?"
            " AND deadline <= ?", (since.isoformat(), until.isoformat()))}

    def next_deadlines(self, case_ids: list[str], since: date, until: date) -> dict[str, date]:
        """The earliest deadline in [since, until] of each of these cases that has one."""
        out: dict[str, date] = {}
        for case_id in case_ids:
            row = self._conn.execute(
                "SELECT min(deadline) FROM records WHERE case_id = ? AND deadline IS NOT NULL"
                " AND deadline >= ? AND deadline <= ?",
                (case_id, since.isoformat(), until.isoformat())).fetchone()
            if row and row[0]:
                out[case_id] = date.fromisoformat(str(row[0])[:10])
        return out

    def latest_threats(self, case_ids: list[str]) -> dict[str, PartialDate]:
        """When the latest threat of each of these cases was received (as recorded: "May
        2018" stays a month), for the cases that have a dated threat."""
        out: dict[str, PartialDate] = {}
        for case_id in case_ids:
            row = self._conn.execute(
                "SELECT data FROM records WHERE case_id = ? AND kind = 'threat'"
                " AND sort_key < ? ORDER BY sort_key DESC, rowid DESC LIMIT 1",
                (case_id, listing.NO_DAY)).fetchone()
            threat = load_record(row[0]) if row else None
            if isinstance(threat, Threat) and threat.received is not None:
                out[case_id] = threat.received
        return out

    def open_cases_without_action(self, statuses: list[str]) -> list[tuple[str, str, str]]:
        """(id, reference, title) of the open cases with no action in one of these statuses,
        by reference (one index seek per open case)."""
        marks = ", ".join("?" for _ in statuses)
        rows = self._conn.execute(
            "SELECT c.case_id, c.reference, c.title FROM case_list c WHERE c.status = ?"
            " AND NOT EXISTS (SELECT 1 FROM records r WHERE r.case_id = c.case_id"
            f" AND r.kind = 'action' AND r.status IN ({marks})) ORDER BY c.ref_key, c.rowid",
            [CaseStatus.OPEN.value, *statuses])
        return [(str(i), str(r), str(t)) for i, r, t in rows]

    def case_references(self, case_ids: list[str]) -> dict[str, str]:
        """The reference of each of these cases (search results name their case)."""
        out: dict[str, str] = {}
        unique = sorted(set(case_ids))
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            out.update((str(i), str(r)) for i, r in self._conn.execute(
                f"SELECT case_id, reference FROM case_list WHERE case_id IN ({marks})", chunk))
        return out

    # --- cases --------------------------------------------------------------------------------

    def find_case(self, key: str) -> Case:
        """A case by id, or by its reference (as the CLI's --case takes either).

        Raises ``RecordNotFoundError`` when none matches, ``AmbiguousCaseError`` (listing the
        ids) when several cases have that reference.
        """
        if self.records.exists(key) == "case":
            return self.records.get(key, Case)
        wanted = normalize_text(key).casefold()
        rows = self._conn.execute(
            "SELECT case_id FROM case_list WHERE ref_key = ? AND reference != ''",
            (wanted,)).fetchall()
        if len(rows) == 1:
            return self.records.get(str(rows[0][0]), Case)
        if rows:
            raise AmbiguousCaseError(key, sorted(str(r[0]) for r in rows))
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
        person_ids = _persons_mentioned(cf)
        for person_id in sorted(person_ids):
            cf.persons[person_id] = self.records.get(person_id, Person)
        cf.relations = [r for r in self.records.referring(Relation, "person_id", person_ids)
                        if r.other_person_id in person_ids]
        return cf

    def deadlines(self, *, days_ahead: int = 30, today: date | None = None,
                  since: date | None = None, until: date | None = None, kind: str | None = None,
                  latest: int | None = None) -> list[Deadline]:
        """Answers due and hearings from the past (overdue) to ``days_ahead`` days from today,
        earliest first; or only those from ``since`` to ``until`` (days), of one ``kind``, and
        with ``latest`` only the last that many of them (still earliest first)."""
        today = today or self.today()
        last = until or today + timedelta(days=days_ahead)
        sql = "SELECT data FROM records WHERE deadline IS NOT NULL AND deadline >= ?" \
              " AND deadline <= ?"
        params: list[object] = [since.isoformat() if since else "", last.isoformat()]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        if latest is not None:
            sql += " ORDER BY deadline DESC, rowid DESC LIMIT ?"
            params.append(latest)
        else:
            sql += " ORDER BY deadline, rowid"
        records = [load_record(r[0]) for r in self._conn.execute(sql, params)]
        if latest is not None:
            records.reverse()
        references = self.case_references([str(r.case_of()) for r in records])
        out = []
        for record in records:
            day = date.fromisoformat(str(record.deadline()))
            case_id = str(record.case_of())
            out.append(Deadline(day=day, overdue=day < today, record=record, case_id=case_id,
                                case_reference=references.get(case_id, "")))
        return out

    def count_deadlines(self, *, until: date, kind: str | None = None) -> int:
        """How many answers due and hearings (or only those of ``kind``) fall on or before
        ``until``.

        note: counted from the deadline index alone (only actions and hearings have deadlines):
        the answers are every deadline less the hearings, which are few. Reading each row for
        its kind took 6.8 s for 100,000 overdue answers; the index alone, milliseconds.
        """
        last = until.isoformat()
        every = int(self._conn.execute(
            "SELECT count(*) FROM records WHERE deadline IS NOT NULL AND deadline <= ?",
            (last,)).fetchone()[0])
        if kind is None:
            return every
        hearings = int(self._conn.execute(
            "SELECT count(*) FROM records WHERE kind = 'hearing' AND deadline IS NOT NULL"
            " AND deadline <= ?", (last,)).fetchone()[0])
        if kind == "hearing":
            return hearings
        if kind == "action":
            return every - hearings
        raise ValueError(f"only actions and hearings have deadlines, not {kind!r}")

    def recent_threats(self, limit: int = 20) -> list[Threat]:
        """The threats received most recently, across all cases."""
        rows = self._conn.execute(
            "SELECT data FROM records WHERE kind = 'threat' ORDER BY sort_key DESC, rowid DESC"
            " LIMIT ?", (limit,))
        return [t for t in (load_record(r[0]) for r in rows) if isinstance(t, Threat)]

    def persons(self) -> list[Person]:
        """Every person in the vault, by name."""
        return self.records.list_records(Person)

    def persons_matching(self, text: str, *, limit: int = 20,
                         first: Collection[str] = ()) -> list[Person]:
        """At most ``limit`` persons whose name (full name, else pseudonym) matches every word of
        ``text``, each word the start of a word of the name in any alphabet (``search_fold``:
        "kairat" finds Қайрат), by name; the matching persons of ``first`` (a case's own) come
        before the others. No words typed, no persons.

        note: a person picker asks this as the user types, so it reads ``limit`` records, not
        the vault's persons (20,000 of them took 314 ms to read and 54 ms to put in a combo); the
        names are matched against keys kept in memory until the vault changes (``case_keys``).
        """
        terms = search_terms(text)
        if not terms or limit <= 0:
            return []
        wanted = [" " + term for term in terms]
        preferred = sorted(
            (p for p in self.get_many(sorted(set(first))) if isinstance(p, Person)
             and all(w in _name_words((p.full_name or p.pseudonym).casefold()) for w in wanted)),
            key=lambda p: ((p.full_name or p.pseudonym).casefold(), p.id))[:limit]
        rowids: list[int] = []
        for rowid, words in self._person_keys():
            if all(w in words for w in wanted):
                rowids.append(rowid)
                if len(rowids) == limit + len(preferred):
                    break
        taken = {p.id for p in preferred}
        others: list[Person] = []
        for start in range(0, len(rowids), 500):
            chunk = rowids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            loaded = {int(rowid): load_record(data) for rowid, data in self._conn.execute(
                f"SELECT rowid, data FROM records WHERE rowid IN ({marks})", chunk)}
            others += [p for p in (loaded.get(r) for r in chunk)
                       if isinstance(p, Person) and p.id not in taken]
        return [*preferred, *others][:limit]

    def read_person_names(self) -> int:
        """Read every person's name into memory now, as ``persons_matching`` would at its first
        question after a change (a picker asks this when it takes the focus, so the first key
        typed is answered at once); returns how many persons the vault holds."""
        return len(self._person_keys())

    def _person_keys(self) -> list[tuple[int, str]]:
        """(rowid, the name's folded words) of every person, by name; kept until the vault
        changes. Read from the index of names alone (no record decoded)."""
        version = (self._conn.execute("PRAGMA data_version").fetchone()[0],
                   self._conn.total_changes)
        kept: tuple[object, list[tuple[int, str]]] | None = getattr(self, "_person_keys_kept",
                                                                     None)
        if kept is not None and kept[0] == version:
            return kept[1]
        rows = self._conn.execute(
            "SELECT rowid, title_key FROM records WHERE kind = 'person' ORDER BY title_key, rowid")
        keys = [(int(rowid), _name_words(str(name))) for rowid, name in rows]
        self._person_keys_kept = (version, keys)
        return keys

    # --- search -------------------------------------------------------------------------------

    def search(self, query: str, *, case_id: str | None = None, limit: int = 50,
               offset: int = 0) -> list[SearchHit]:
        """Records whose text matches every word of the query (prefixes, any alphabet), newest
        first, ``limit`` of them from ``offset``."""
        return search(self._conn, query, case_id=case_id, limit=limit, offset=offset)

    def search_ids(self, query: str, *, case_id: str | None = None, limit: int = 50,
                   offset: int = 0) -> list[str]:
        """The ids ``search`` would return, no record decoded (a results table's ids)."""
        return search_ids(self._conn, query, case_id=case_id, limit=limit, offset=offset)

    def search_hits(self, ids: list[str], query: str) -> list[SearchHit]:
        """The hits (label, excerpt) of these ids for a query, in order (the rows shown)."""
        return hits_for(self._conn, ids, query)

    # --- evidence -----------------------------------------------------------------------------

    def evidence_bytes(self, evidence_id: str) -> bytes:
        """An evidence file in memory, for viewing in the app (hash-checked)."""
        evidence = self.records.get(evidence_id, Evidence)
        data = EvidenceChunks(self._conn).read_all(evidence_id, VIEW_LIMIT)
        actual = hashlib.sha256(data).hexdigest()
        if actual != evidence.sha256:
            raise EvidenceHashMismatchError(evidence_id, evidence.sha256, actual)
        return data

    # --- reports ------------------------------------------------------------------------------

    def issued_report(self, code: str) -> tuple[str, str, str] | None:
        """(case id, time, payload) of an issued report's code, or None."""
        row = self._conn.execute(
            "SELECT case_id, at, payload FROM issued_reports WHERE code = ?", (code,)).fetchone()
        return (str(row[0]), str(row[1]), str(row[2])) if row else None

    def issued_report_codes(self) -> list[str]:
        """The verification code of every report issued from the vault."""
        return [str(r[0]) for r in self._conn.execute(
            "SELECT code FROM issued_reports ORDER BY code")]

    def today(self) -> date:
        """Today's date (one place, so tests and due-date views agree)."""
        return date.today()


def _name_words(name: str) -> str:
    """A name's folded words, each after a space (" kairat nurlanov"): a typed word matches
    the start of one of them when " " + the word is in it."""
    return " " + " ".join(search_terms(name))


def _persons_mentioned(cf: CaseFile) -> set[str]:
    """The ids of every person a case's records name."""
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
    return person_ids
