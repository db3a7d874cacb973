"""Whole-vault reads and loads for backup and restore, so SQL stays in the store.

``Snapshot``: one read transaction on the owner's connection; everything read through it sees the
vault as it was when it began (a backup reads the dump twice and must get the same bytes). An
SQLite error met inside it — a page that fails its HMAC — is raised as ``VaultReadError``.

``BulkLoader``: rows of a checked backup written into a new, empty vault in one transaction with
no journal (the staging vault is thrown away on any failure), then the derived data (search
index, the lists' sort values and case list) rebuilt from the records. A conflict between rows or
a record that does not decode is ``LoadRejectedError``; the disk refusing is ``StorageError``.

Both are used by one thread at a time: the store's owner, or a worker of a pipeline while the
owner waits for it (``advocate.backup.pipeline``); so they are not checked per thread.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from advocate.errors import (
    AdvocateError,
    LoadRejectedError,
    StorageError,
    VaultReadError,
)
from advocate.model.codec import from_dict
from advocate.store.audit import AuditLog
from advocate.store.evidence import EvidenceChunks
from advocate.store.repository import search_body
from advocate.store.schema import rebuild_list_keys, record_slices
from advocate.store.vocabulary import fill_from_index
from advocate.vault import database

_NAME = re.compile(r"[a-z_]{1,32}")


def _names(names: Sequence[str]) -> str:
    """Identifiers joined for SQL; anything but a plain lower-case name is refused."""
    for name in names:
        if _NAME.fullmatch(name) is None:
            raise ValueError(f"not a table or column name: {name!r}")
    return ", ".join(names)


@contextlib.contextmanager
def read_snapshot(conn: sqlcipher3.Connection, path: Path) -> Iterator[Snapshot]:
    """One read transaction (see the module docstring); the caller has none open."""
    try:
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # it starts here
            yield Snapshot(conn)
        finally:
            # note: COMMIT, not ROLLBACK: only reads happened, and a failed COMMIT of a read
            # transaction has nothing to lose.
            if conn.in_transaction:
                conn.execute("COMMIT")
    except sqlcipher3.Error as exc:
        raise VaultReadError(path=path, reason=str(exc)) from exc


class Snapshot:
    """What a backup reads, inside ``read_snapshot``."""

    def __init__(self, conn: sqlcipher3.Connection) -> None:
        self._conn = conn
        self._chunks = EvidenceChunks(conn)

    def rows(self, table: str, columns: Sequence[str], order_by: Sequence[str]) -> Iterator[
            tuple[Any, ...]]:
        """Every row of a table (those columns, in that order)."""
        sql = f"SELECT {_names(columns)} FROM {_names([table])} ORDER BY {_names(order_by)}"
        yield from self._conn.execute(sql)

    def evidence_facts(self) -> list[tuple[str, dict[str, Any]]]:
        """(id, stored JSON) of every evidence record, in the order they were taken in."""
        rows = self._conn.execute(
            "SELECT id, data FROM records WHERE kind = 'evidence' ORDER BY rowid")
        return [(str(i), json.loads(data)) for i, data in rows]

    def evidence_chunks(self, evidence_id: str) -> Iterator[bytes]:
        """An evidence file's bytes, chunk by chunk."""
        return self._chunks.iter_chunks(evidence_id)

    def record_counts(self) -> dict[str, int]:
        """How many records of each kind the vault holds (kinds it has, by name)."""
        return {str(k): int(n) for k, n in self._conn.execute(
            "SELECT kind, count(*) FROM records GROUP BY kind ORDER BY kind")}

    def table_counts(self, tables: Sequence[str]) -> dict[str, int]:
        """How many rows each of these tables holds."""
        return {t: int(self._conn.execute(f"SELECT count(*) FROM {_names([t])}").fetchone()[0])
                for t in tables}

    def schema_version(self) -> int:
        """The vault's schema version (``PRAGMA user_version``)."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def audit_head(self) -> str:
        """The hash at the head of the audit chain."""
        return AuditLog(self._conn).head()


class BulkLoader:
    """Loads checked rows into a new, empty vault (see the module docstring)."""

    def __init__(self, conn: sqlcipher3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path
        # note: the staging vault is thrown away on any failure, so while loading it needs no
        # journal and no fsync (each page would otherwise be written twice, to the WAL and back);
        # finish() restores the vault's settings and the caller flushes the files to disk.
        self._run("PRAGMA journal_mode = OFF")
        self._run("PRAGMA synchronous = OFF")
        self._run("BEGIN IMMEDIATE")

    def insert(self, table: str, columns: Sequence[str], values: Sequence[object]) -> None:
        """Insert one row, its values bound as parameters (never pasted into the SQL)."""
        marks = ", ".join("?" for _ in columns)
        self._run(f"INSERT INTO {_names([table])} ({_names(columns)}) VALUES ({marks})",
                  tuple(values))

    def evidence_chunk(self, evidence_id: str, seq: int, data: bytes) -> None:
        """Store one chunk of an evidence file."""
        self._run("INSERT INTO evidence_chunks (evidence_id, seq, data) VALUES (?, ?, ?)",
                  (evidence_id, seq, data))

    def finish(self) -> None:
        """Rebuild the derived data from the records, commit, restore the vault's settings."""
        for rows in record_slices(self._conn, "id, kind, data"):
            self._search_rows(rows)
        try:
            rebuild_list_keys(self._conn)
            fill_from_index(self._conn)
        except sqlcipher3.Error as exc:
            raise self._refused(exc) from exc
        self._run("COMMIT")
        self._run("PRAGMA journal_mode = WAL")
        self._run("PRAGMA synchronous = FULL")

    def _search_rows(self, rows: list[Any]) -> None:
        """Check these loaded (rowid, id, kind, data) rows decode, and index them for search."""
        for rowid, record_id, kind, data in rows:
            try:
                record = from_dict(json.loads(data), "backup record", validate=False)
            except (AdvocateError, ValueError, RecursionError) as exc:
                raise LoadRejectedError(reason="malformed", record_id=str(record_id)) from exc
            if record.KIND != kind or record.id != record_id:
                raise LoadRejectedError(reason="misfiled", record_id=str(record_id))
            # note: as RecordRepository._index does (search rowid = records.rowid); a test
            # compares the restored index with the original's, so a change there shows.
            self._run("INSERT INTO search (rowid, body) VALUES (?, ?)",
                      (int(rowid), search_body(record)))

    def record_counts(self) -> dict[str, int]:
        """How many records of each kind were loaded (kinds present only)."""
        return {str(k): int(n) for k, n in self._conn.execute(
            "SELECT kind, count(*) FROM records GROUP BY kind")}

    def _run(self, sql: str, params: tuple[object, ...] = ()) -> None:
        try:
            self._conn.execute(sql, params)
        except sqlcipher3.IntegrityError as exc:
            raise LoadRejectedError(reason="conflict", record_id="") from exc
        except sqlcipher3.Error as exc:
            raise self._refused(exc) from exc

    def _refused(self, exc: sqlcipher3.Error) -> StorageError:
        return database.storage_error(exc, self._path) or StorageError(
            self._path, str(exc), "write")
