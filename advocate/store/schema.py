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

import sqlcipher3

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


MIGRATIONS: tuple[Migration, ...] = (
    Migration(version=1, description="records, references, search, evidence, audit",
              apply=_create_v1),
)
