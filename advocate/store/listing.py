"""Lists a table can page through: ids in a chosen order, filtered, a page at a time.

A desktop table holds ids and fetches the rows it shows (Anki's browser model). Sorting and
filtering never decode the stored JSON: the values a list sorts by are kept beside each record
(the columns ``title_key``, ``status``, ``severity``, ``due`` of ``records``, added by schema
migration 2 and written by :class:`~advocate.store.repository.RecordRepository`), and each case has
a row in ``case_list`` with what the case list shows (reference, title, status, region, next
deadline, last threat, counts), kept up to date at the end of every transaction that touched the
case. Every sort has an index, so the first page costs the same at 10 cases and at 10,000.

A missing date sorts last (stored as ``"9999"``, as ``Record.sort_key`` does for undated records).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

import sqlcipher3

from advocate.model.records import Action, Case, Evidence, Person, Record, Threat

#: How a missing day is stored in a sort column: after every real day.
NO_DAY = "9999"
#: Threat severity as a number, so "most severe first" is an index scan.
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}

#: Sort names of the case list and the ``case_list`` columns each one orders by (the columns of
#: one index, in its order, so that the first page is read straight from the index; the rowid
#: last, which every index holds, breaks ties).
CASE_SORTS: dict[str, tuple[str, ...]] = {
    "reference": ("ref_key",), "title": ("title_key",), "status": ("status", "ref_key"),
    "region": ("region_key", "ref_key"), "opened": ("opened",), "closed": ("closed",),
    "updated": ("updated",), "next_deadline": ("next_deadline",),
    "last_threat": ("last_threat",), "threats": ("threats",), "actions": ("actions",),
}
#: Sort names of every other list and the ``records`` columns each one orders by (as above; the
#: index starts with ``kind``). No sort by ``deadline``: it may be NULL, which no index orders
#: usefully (4.7 s at a million records); an action's answer sorts by "due", a hearing by "date".
RECORD_SORTS: dict[str, tuple[str, ...]] = {
    "date": ("sort_key",), "title": ("title_key",), "status": ("status", "sort_key"),
    "severity": ("severity", "sort_key"), "due": ("due",), "updated": ("updated",),
    "created": (),
}


@dataclass(frozen=True, slots=True)
class ListQuery:
    """Which records a list shows, and in what order.

    ``kind`` is a record kind ("case", "threat", ...); ``sort`` a name of ``CASE_SORTS`` (cases)
    or ``RECORD_SORTS`` (the rest), empty for the kind's usual order; ``region`` filters cases
    only; ``has_deadline`` keeps cases with a next deadline, or records with a deadline.
    """

    kind: str = "case"
    sort: str = ""
    descending: bool = False
    case_id: str | None = None
    status: str | None = None
    region: str | None = None
    has_deadline: bool | None = None


class CaseRow(NamedTuple):
    """A row of the case list, computed by SQL (no record decoded).

    note: a named tuple, not a frozen dataclass (issue 14): a page builds 50 of these, and a
    frozen dataclass's ``__init__`` sets each of its 14 fields through ``object.__setattr__``
    (1.2 µs a row, as much as the page's SQL); a named tuple is built in one C call (0.2 µs),
    and is as immutable, compares and hashes by value the same way.
    """

    id: str
    reference: str
    title: str
    status: str
    region: str
    opened: str  # the opening day's sort key (ISO), "" when unknown
    closed: str
    updated: str  # the last change to the case or any of its records (UTC, ISO)
    next_deadline: date | None  # the earliest answer due or hearing not yet held, overdue included
    last_threat: date | None  # the earliest day of the latest threat received
    threats: int
    actions: int
    evidence: int
    records: int  # every record of the case but the case itself


@dataclass(frozen=True, slots=True)
class RecordKeys:
    """The sort values of a record, stored beside it (see the module docstring)."""

    title_key: str
    status: str
    severity: int
    due: str

    def values(self) -> tuple[str, str, int, str]:
        """The values in column order (title_key, status, severity, due)."""
        return (self.title_key, self.status, self.severity, self.due)


def record_keys(record: Record) -> RecordKeys:
    """What a record sorts by in a list."""
    if isinstance(record, Person):
        title = record.full_name or record.pseudonym
    elif isinstance(record, Evidence):
        title = record.original_name
    elif isinstance(record, Case):
        title = record.reference or record.title
    else:
        title = str(getattr(record, "title", "") or "")
    status = getattr(record, "status", "")
    severity = SEVERITY_RANK.get(str(record.severity), 0) if isinstance(record, Threat) else 0
    due = record.due.isoformat() if isinstance(record, Action) and record.due else NO_DAY
    return RecordKeys(title.casefold(), str(status), severity, due)


def case_columns(case: Case) -> dict[str, Any]:
    """The columns of a case's ``case_list`` row that come from the case record itself."""
    return {
        "rowid": None, "case_id": case.id, "reference": case.reference, "title": case.title,
        "ref_key": (case.reference or case.title).casefold(), "title_key": case.title.casefold(),
        "status": str(case.status), "region": case.region, "region_key": case.region.casefold(),
        "opened": case.opened.sort_key() if case.opened else NO_DAY,
        "closed": case.closed.sort_key() if case.closed else NO_DAY, "updated": case.updated,
    }


def upsert_case_row(conn: sqlcipher3.Connection, rowid: int, case: Case) -> None:
    """Write the case's own columns of its ``case_list`` row (its counts stay)."""
    cols = case_columns(case)
    cols["rowid"] = rowid
    names = list(cols)
    updates = ", ".join(f"{n} = excluded.{n}" for n in names if n not in ("rowid", "case_id"))
    conn.execute(
        f"INSERT INTO case_list ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
        f" ON CONFLICT (case_id) DO UPDATE SET {updates}", [cols[n] for n in names])


_REFRESH = """
UPDATE case_list SET
  next_deadline = coalesce((SELECT min(deadline) FROM records
                            WHERE case_id = ?1 AND deadline IS NOT NULL), '9999'),
  last_threat = coalesce((SELECT max(sort_key) FROM records
                          WHERE case_id = ?1 AND kind = 'threat'), ''),
  threats = (SELECT count(*) FROM records WHERE case_id = ?1 AND kind = 'threat'),
  actions = (SELECT count(*) FROM records WHERE case_id = ?1 AND kind = 'action'),
  evidence = (SELECT count(*) FROM records WHERE case_id = ?1 AND kind = 'evidence'),
  records = (SELECT count(*) FROM records WHERE case_id = ?1) - 1,
  updated = max(updated, ?2)
WHERE case_id = ?1
"""


def refresh_case_rows(conn: sqlcipher3.Connection, case_ids: Iterable[str], now: str) -> None:
    """Recompute the counts and days of these cases' rows (deleted cases have none)."""
    conn.executemany(_REFRESH, [(case_id, now) for case_id in case_ids])


#: The ``case_list`` columns of a ``CaseRow``, in its order. A missing day comes out of SQL as
#: the row shows it ("" or NULL), so that Python only turns the two days into dates.
_CASE_ROW_COLUMNS = (
    "case_id, reference, title, status, region,"
    f" iif(opened = '{NO_DAY}', '', opened), iif(closed = '{NO_DAY}', '', closed), updated,"
    f" iif(next_deadline IN ('', '{NO_DAY}'), NULL, substr(next_deadline, 1, 10)),"
    f" iif(last_threat IN ('', '{NO_DAY}'), NULL, substr(last_threat, 1, 10)),"
    " threats, actions, evidence, records")


def case_rows(conn: sqlcipher3.Connection, ids: list[str]) -> list[CaseRow]:
    """The case-list rows of these case ids, in the order given (unknown ids left out)."""
    found: dict[str, CaseRow] = {}
    day = date.fromisoformat
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for (case_id, reference, title, status, region, opened, closed, updated, next_deadline,
             last_threat, threats, actions, evidence, records) in conn.execute(
                f"SELECT {_CASE_ROW_COLUMNS} FROM case_list WHERE case_id IN ({marks})", chunk):
            # note: issue 14: the columns come typed from SQLite (TEXT as str, counts as int)
            # and missing days already blank, so no other conversion per row
            found[case_id] = CaseRow(
                case_id, reference, title, status, region, opened, closed, updated,
                None if next_deadline is None else day(next_deadline),
                None if last_threat is None else day(last_threat),
                threats, actions, evidence, records)
    return [found[i] for i in ids if i in found]


def _where(query: ListQuery) -> tuple[str, list[object]]:
    """The WHERE clause of a list and its parameters."""
    if query.kind == "case":
        clauses: list[str] = ["1"]
        params: list[object] = []
        if query.status is not None:
            clauses.append("status = ?")
            params.append(query.status)
        if query.region is not None:
            clauses.append("region_key = ?")
            params.append(query.region.casefold())
        if query.has_deadline is not None:
            clauses.append("next_deadline < '9999'" if query.has_deadline
                           else "next_deadline = '9999'")
        return " AND ".join(clauses), params
    clauses = ["kind = ?"]
    params = [query.kind]
    if query.case_id is not None:
        clauses.append("case_id = ?")
        params.append(query.case_id)
    if query.status is not None:
        clauses.append("status = ?")
        params.append(query.status)
    if query.has_deadline is not None:
        clauses.append("deadline IS NOT NULL" if query.has_deadline else "deadline IS NULL")
    return " AND ".join(clauses), params


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page of a list ended: the sort values and rowid of its last row (keyset paging:
    the next page costs the same at the end of a million rows as at the start; measured 0.9 ms
    against 139 ms by offset, 90% into 400,000 threats)."""

    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """A page of a list: its ids and the cursor of the next page (None after the last)."""

    ids: list[str]
    next: Cursor | None


def _select(query: ListQuery) -> tuple[str, tuple[str, ...], str, list[object]]:
    """(SELECT ... WHERE ..., the ORDER BY columns with rowid, the direction, the params)."""
    where, params = _where(query)
    sorts = CASE_SORTS if query.kind == "case" else RECORD_SORTS
    columns = sorts.get(query.sort or next(iter(sorts)))
    if columns is None:
        raise ValueError(f"{query.kind} lists cannot sort by {query.sort!r}; they sort by "
                         f"{', '.join(sorts)}")
    key = "case_id" if query.kind == "case" else "id"
    table = "case_list" if query.kind == "case" else "records"
    ordered = (*columns, "rowid")
    sql = f"SELECT {key}, {', '.join(ordered)} FROM {table} WHERE {where}"
    return sql, ordered, "DESC" if query.descending else "ASC", params


def list_ids(conn: sqlcipher3.Connection, query: ListQuery, offset: int = 0,
             limit: int = 200) -> list[str]:
    """Ids of a list in its order, ``limit`` of them (all when negative) from ``offset``."""
    sql, ordered, direction, params = _select(query)
    order = ", ".join(f"{column} {direction}" for column in ordered)
    sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
    params += [limit if limit >= 0 else -1, max(0, offset)]
    return [str(row[0]) for row in conn.execute(sql, params)]


def list_page(conn: sqlcipher3.Connection, query: ListQuery, after: Cursor | None = None,
              limit: int = 200) -> Page:
    """A page of a list after a cursor (the first page without one)."""
    sql, ordered, direction, params = _select(query)
    if after is not None:
        # note: every sort column is NOT NULL, so the row-value comparison never drops a row
        compare = "<" if direction == "DESC" else ">"
        sql += f" AND ({', '.join(ordered)}) {compare} ({', '.join('?' for _ in ordered)})"
        params += list(after.values)
    order = ", ".join(f"{column} {direction}" for column in ordered)
    sql += f" ORDER BY {order} LIMIT ?"
    params.append(max(1, limit))
    rows = conn.execute(sql, params).fetchall()
    ids = [str(row[0]) for row in rows]
    cursor = Cursor(tuple(rows[-1][1:])) if len(rows) == max(1, limit) else None
    return Page(ids, cursor)


def count_ids(conn: sqlcipher3.Connection, query: ListQuery) -> int:
    """How many rows a list has (its ``rowCount``)."""
    where, params = _where(query)
    table = "case_list" if query.kind == "case" else "records"
    return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0])
