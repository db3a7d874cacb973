"""The database schema, as numbered migrations.

Each migration runs in its own transaction that also bumps ``PRAGMA user_version`` (see
``advocate.vault.apply_migrations``); a migration is never edited once released — a change is a new
migration.

Records are stored as canonical JSON (the same dict form as the interchange format) in one table,
with the columns that queries need (kind, case, sort key) beside it. Why one table and not a table
per kind: every record is written, audited, searched, exported and merged the same way, and the
records change shape more often than those operations do; the reference index ``refs`` gives the
joins the app needs (who is targeted by which threat) without a column per link.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlcipher3

from advocate.model.records import Case
from advocate.store.listing import record_keys, refresh_case_rows, upsert_case_row
from advocate.store.repository import load_record, search_body
from advocate.store.vocabulary import fill_from_index
from advocate.vault import Migration

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE records (
    rowid    INTEGER PRIMARY KEY,
    id       TEXT NOT NULL UNIQUE,
    kind     TEXT NOT NULL,
    case_id  TEXT,
    sort_key TEXT NOT NULL DEFAULT '',
    deadline TEXT,             -- the day an answer is due or a hearing is held (ISO), if any
    created  TEXT NOT NULL,
    updated  TEXT NOT NULL,
    data     TEXT NOT NULL
);
CREATE INDEX records_by_case ON records (case_id, kind, sort_key);
CREATE INDEX records_by_kind ON records (kind, sort_key);
CREATE INDEX records_by_deadline ON records (deadline) WHERE deadline IS NOT NULL;

-- Which record refers to which, through which field: deletion rules and reverse lookups.
CREATE TABLE refs (
    to_id   TEXT NOT NULL,
    from_id TEXT NOT NULL,
    field   TEXT NOT NULL,
    PRIMARY KEY (to_id, from_id, field)
) WITHOUT ROWID;
CREATE INDEX refs_by_from ON refs (from_id);

-- Full-text search over the folded text of every record; rowid = records.rowid (ascending, as
-- FTS5 wants its inserts: descending rowids make every insert ten times slower). Contentless:
-- the text itself lives only in records.data.
CREATE VIRTUAL TABLE search USING fts5 (
    body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

-- Evidence bytes in chunks of about 1 MiB; a rowid table because the rows are large.
CREATE TABLE evidence_chunks (
    evidence_id TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    data        BLOB NOT NULL,
    UNIQUE (evidence_id, seq)
);

-- The audit chain: hash = SHA-256(previous hash || canonical entry). Append-only.
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    action      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    fields      TEXT NOT NULL,
    record_hash TEXT NOT NULL,
    prev        TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_by_record ON audit (record_id, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Reports issued from the vault: their verification code and what it commits to.
CREATE TABLE issued_reports (
    code    TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    at      TEXT NOT NULL,
    payload TEXT NOT NULL
);
"""


def _create_v1(conn: sqlcipher3.Connection) -> None:
    for statement in _split(_V1):
        conn.execute(statement)


def _split(script: str) -> list[str]:
    """Split a script into statements (triggers hold semicolons, so split on complete ones)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        current += line
        if _complete(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def _complete(sql: str) -> bool:
    return bool(sql.strip()) and bool(sqlcipher3.complete_statement(sql))


# Migration 2: what lists sort and filter by, without decoding a record (advocate.store.listing).
# The sort values of each record sit beside it; each case has a row of the case list with its
# counts and days. Indexes are made after the values are filled in (faster on a large vault).
#: Columns of ``records`` that hold values derived from ``data`` (not in a backup's dump).
DERIVED_RECORD_COLUMNS = ("title_key", "status", "severity", "due")

_V2_COLUMNS = """
ALTER TABLE records ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN severity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN due TEXT NOT NULL DEFAULT '9999';

-- rowid = the case's records.rowid; derived data, rebuilt from the records on restore.
CREATE TABLE case_list (
    rowid         INTEGER PRIMARY KEY,
    case_id       TEXT NOT NULL UNIQUE,
    reference     TEXT NOT NULL,
    title         TEXT NOT NULL,
    ref_key       TEXT NOT NULL,
    title_key     TEXT NOT NULL,
    status        TEXT NOT NULL,
    region        TEXT NOT NULL,
    region_key    TEXT NOT NULL,
    opened        TEXT NOT NULL,
    closed        TEXT NOT NULL,
    updated       TEXT NOT NULL,
    next_deadline TEXT NOT NULL DEFAULT '9999',
    last_threat   TEXT NOT NULL DEFAULT '',
    threats       INTEGER NOT NULL DEFAULT 0,
    actions       INTEGER NOT NULL DEFAULT 0,
    evidence      INTEGER NOT NULL DEFAULT 0,
    records       INTEGER NOT NULL DEFAULT 0
);
"""

_V2_INDEXES = """
CREATE INDEX records_by_kind_created ON records (kind);
CREATE INDEX records_by_kind_title ON records (kind, title_key);
CREATE INDEX records_by_kind_status ON records (kind, status, sort_key);
CREATE INDEX records_by_kind_severity ON records (kind, severity, sort_key);
CREATE INDEX records_by_kind_due ON records (kind, due);
CREATE INDEX records_by_kind_updated ON records (kind, updated);
CREATE INDEX records_by_case_deadline ON records (case_id, deadline) WHERE deadline IS NOT NULL;
CREATE INDEX case_list_by_ref ON case_list (ref_key);
CREATE INDEX case_list_by_title ON case_list (title_key);
CREATE INDEX case_list_by_status ON case_list (status, ref_key);
CREATE INDEX case_list_by_region ON case_list (region_key, ref_key);
CREATE INDEX case_list_by_opened ON case_list (opened);
CREATE INDEX case_list_by_closed ON case_list (closed);
CREATE INDEX case_list_by_updated ON case_list (updated);
CREATE INDEX case_list_by_deadline ON case_list (next_deadline);
CREATE INDEX case_list_by_last_threat ON case_list (last_threat);
CREATE INDEX case_list_by_threats ON case_list (threats);
CREATE INDEX case_list_by_actions ON case_list (actions);
"""


def _create_v2(conn: sqlcipher3.Connection) -> None:
    for statement in _split(_V2_COLUMNS):
        conn.execute(statement)
    rebuild_list_keys(conn)
    for statement in _split(_V2_INDEXES):
        conn.execute(statement)


def record_slices(conn: sqlcipher3.Connection, columns: str = "data") -> Iterator[list[Any]]:
    """Every stored record as (rowid, *columns), 2,000 at a time in rowid order, so a vault of
    a million records is never held in memory at once (and no statement stays open while the
    caller writes between slices)."""
    # note: a backup's records.sql may carry any 64-bit rowid, negative ones too (restore checks
    # every record through this walk), so the first slice has no lower bound.
    select = f"SELECT rowid, {columns} FROM records"
    rows = conn.execute(f"{select} ORDER BY rowid LIMIT 2000").fetchall()
    while rows:
        yield rows
        rows = conn.execute(f"{select} WHERE rowid > ? ORDER BY rowid LIMIT 2000",
                            (int(rows[-1][0]),)).fetchall()


def rebuild_list_keys(conn: sqlcipher3.Connection) -> None:
    """Fill every record's sort values and every case's list row from the stored records.

    Used by migration 2 on an existing vault and by restore (the values are not in a backup).
    """
    cases: list[str] = []
    for rows in record_slices(conn):
        cases.extend(_fill_keys(conn, rows))
    refresh_case_rows(conn, cases, "")


def _fill_keys(conn: sqlcipher3.Connection, rows: list[tuple[int, str]]) -> list[str]:
    """Write the sort values of these (rowid, data) rows; the ids of the cases among them."""
    cases = []
    for rowid, data in rows:
        record = load_record(data)
        conn.execute("UPDATE records SET title_key = ?, status = ?, severity = ?, due = ?"
                     " WHERE rowid = ?", (*record_keys(record).values(), rowid))
        if isinstance(record, Case):
            upsert_case_row(conn, int(rowid), record)
            cases.append(record.id)
    return cases


# note: issue 14: FTS5 answers a prefix query ("p"*) by merging the doclists of every word
# with that prefix before it can take the newest 50; typing the first letter of a search in a
# vault of a million records took 62 ms (budget 50 ms). With prefix indexes of one and two
# characters such a query reads one doclist, newest first, and stops at 50 (0.1 ms). Longer
# prefixes match fewer words and stay as they were; the index is about twice as large.
_V3_SEARCH = """
CREATE VIRTUAL TABLE search USING fts5 (
    body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2'
);
"""


def _create_v3(conn: sqlcipher3.Connection) -> None:
    """The search index again, with prefix indexes, filled from the stored records; and an
    index that finds a case's actions in a status at once.

    note: issue 14: the dashboard's "open cases with no next action" scanned every action of
    every open case (0.4 s at 10,000 cases and a million records, on the unlock path).
    """
    conn.execute("CREATE INDEX records_by_case_kind_status ON records (case_id, kind, status)")
    conn.execute("DROP TABLE search")
    conn.execute(_V3_SEARCH)
    for rows in record_slices(conn):
        conn.executemany("INSERT INTO search (rowid, body) VALUES (?, ?)",
                         [(rowid, search_body(load_record(data))) for rowid, data in rows])


# note: issue 14: opening a case read its records through records_by_case and then the table,
# where a case's records lie among every other case's, written as the years went: at 100,000
# records the busiest case (6,423 records) cost a 16 KiB page decrypted and checked for nearly
# every record (160 ms of SQL). An index that holds the record itself keeps a case's records
# together, in the order the case file wants them (kind, date), and answers without the table:
# 5-8 ms. It costs the records' bytes a second time (the vault grows by about a third at a
# million records; a backup carries the records once, and restore rebuilds the index). It
# replaces records_by_case, of which it is a longer copy.
_V4 = """
DROP INDEX records_by_case;
CREATE INDEX records_of_case ON records (case_id, kind, sort_key, rowid, data);
"""


def _create_v4(conn: sqlcipher3.Connection) -> None:
    """A case's records kept together, in the case file's order (see the note on ``_V4``)."""
    for statement in _split(_V4):
        conn.execute(statement)


def _create_v5(conn: sqlcipher3.Connection) -> None:
    """The words of the search index in a table of their own (``advocate.store.vocabulary``),
    so that a typed prefix is searched as the words it starts (issue 14: a prefix query merged
    every matching doclist, 4.6-14 ms a keystroke at a million records)."""
    conn.execute("CREATE TABLE search_vocab (term TEXT PRIMARY KEY) WITHOUT ROWID")
    fill_from_index(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(version=1, description="records, references, search, evidence, audit",
              apply=_create_v1),
    Migration(version=2, description="sort values and the case list", apply=_create_v2),
    Migration(version=3, description="prefix indexes for search, actions by status",
              apply=_create_v3),
    Migration(version=4, description="a case's records kept together (records_of_case)",
              apply=_create_v4),
    Migration(version=5, description="the words of the search index", apply=_create_v5),
)
