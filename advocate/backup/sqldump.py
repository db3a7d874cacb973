"""``records.sql``: the records as a plain SQL dump that ``sqlite3`` loads and we parse safely.

One member serves both readers. ``sqlite3 new.db < records.sql`` builds a plain SQLite database of
the records, references, audit trail, issued reports and meta rows (evidence bytes are separate
files; the search index is rebuilt on restore). Advocate itself never executes SQL from a backup,
which is attacker-controlled input: :class:`SqlDumpParser` accepts only the exact text the writer
produces — a fixed preamble compared byte for byte, then one statement per line of the form
``INSERT INTO <known table> VALUES(<literals>);`` with as many literals as the table has columns,
each ``NULL``, an integer, a quoted string, or ``CAST(X'<hex>' AS TEXT)`` (used for text holding a
line break or NUL, so every statement stays on one line), then ``COMMIT;``. The values are then
bound as parameters by the caller.

The dump is deterministic (rows in primary-key order inside one read transaction), so the writer
can run it twice: once to learn its size and SHA-256 for the manifest, once to stream it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from advocate.backup.errors import BackupDamagedError, BackupSourceDamagedError

Value = int | str | None


@dataclass(frozen=True)
class Table:
    """A table in the dump: its columns (in order), how it is created and sorted.

    ``create`` is text of the dump file (for ``sqlite3``), never executed by Advocate; the store
    reads and loads the rows (``advocate.store.bulk``).
    """

    name: str
    columns: tuple[str, ...]
    create: str
    order_by: tuple[str, ...]
    integers: tuple[str, ...] = ()
    nullable: tuple[str, ...] = ()

    def problem(self, values: tuple[Value, ...]) -> str | None:
        """What is wrong with a row's values (count or types), or None."""
        if len(values) != len(self.columns):
            return f"a row of {self.name} has {len(values)} values, not {len(self.columns)}"
        for column, value in zip(self.columns, values, strict=True):
            if value is None and column in self.nullable:
                continue
            wanted = int if column in self.integers else str
            if not isinstance(value, wanted):
                return f"{self.name}.{column} holds a value of the wrong type"
        return None


TABLES: tuple[Table, ...] = (
    Table("meta", ("key", "value"),
          "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);", ("key",)),
    Table("records", ("rowid", "id", "kind", "case_id", "sort_key", "deadline", "created",
                      "updated", "data"),
          "CREATE TABLE records (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT"
          " NULL, case_id TEXT, sort_key TEXT NOT NULL DEFAULT '', deadline TEXT, created TEXT NOT"
          " NULL, updated TEXT NOT NULL, data TEXT NOT NULL);", ("rowid",), integers=("rowid",),
          nullable=("case_id", "deadline")),
    Table("refs", ("to_id", "from_id", "field"),
          "CREATE TABLE refs (to_id TEXT NOT NULL, from_id TEXT NOT NULL, field TEXT NOT NULL,"
          " PRIMARY KEY (to_id, from_id, field)) WITHOUT ROWID;", ("to_id", "from_id", "field")),
    Table("audit", ("seq", "at", "action", "kind", "record_id", "fields", "record_hash", "prev",
                    "hash"),
          "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL,"
          " kind TEXT NOT NULL, record_id TEXT NOT NULL, fields TEXT NOT NULL, record_hash TEXT"
          " NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);", ("seq",), integers=("seq",)),
    Table("issued_reports", ("code", "case_id", "at", "payload"),
          "CREATE TABLE issued_reports (code TEXT PRIMARY KEY, case_id TEXT NOT NULL, at TEXT NOT"
          " NULL, payload TEXT NOT NULL);", ("code",)),
)
TABLES_BY_NAME = {table.name: table for table in TABLES}

PREAMBLE = (
    "-- Advocate backup: the records of one vault. Load them into a new plain SQLite database\n"
    "-- with: sqlite3 records.db < records.sql (the evidence files are in evidence/<id>).\n"
    "BEGIN TRANSACTION;\n"
    + "".join(table.create + "\n" for table in TABLES)
).encode("utf-8")
POSTAMBLE = b"COMMIT;\n"
#: The longest statement accepted: a record holds at most a few fields of 1,000,000 characters.
MAX_STATEMENT_BYTES = 64 * 1024 * 1024
_PIECE_BYTES = 1024 * 1024
_MAX_INT = 2**63 - 1

_TEXT = rb"'[^'\n]*(?:''[^'\n]*)*'"
_VALUE = rb"NULL|-?[0-9]{1,19}|" + _TEXT + rb"|CAST\(X'(?:[0-9a-f]{2})*' AS TEXT\)"
_INSERT = re.compile(
    rb"INSERT INTO ([a-z_]{1,32}) VALUES\(((?:" + _VALUE + rb")(?:,(?:" + _VALUE + rb"))*)\);")
_NEXT_VALUE = re.compile(rb"(" + _VALUE + rb")(?:,|$)")


def literal(value: object) -> str:
    """A value as an SQL literal of the dump's grammar."""
    if value is None:
        return "NULL"
    if isinstance(value, int) and not isinstance(value, bool) and -_MAX_INT <= value <= _MAX_INT:
        return str(value)
    if isinstance(value, str):
        if "\n" in value or "\r" in value or "\0" in value:
            return f"CAST(X'{value.encode('utf-8').hex()}' AS TEXT)"
        return "'" + value.replace("'", "''") + "'"
    raise BackupSourceDamagedError(
        None,
        f"the vault holds a value of an unexpected type ({type(value).__name__})")


#: Reads a table's rows: (table, columns, order by) -> the rows (``Snapshot.rows``).
RowSource = Callable[[str, Sequence[str], Sequence[str]], Iterable[Sequence[Any]]]


def dump_pieces(rows: RowSource) -> Iterator[bytes]:
    """The dump as pieces of about 1 MiB (deterministic inside one read transaction)."""
    yield PREAMBLE
    for table in TABLES:
        head = f"INSERT INTO {table.name} VALUES("
        lines: list[str] = []
        size = 0
        for row in rows(table.name, table.columns, table.order_by):
            line = head + ",".join(literal(v) for v in row) + ");\n"
            lines.append(line)
            size += len(line)
            if size >= _PIECE_BYTES:
                yield "".join(lines).encode("utf-8")
                lines, size = [], 0
        if lines:
            yield "".join(lines).encode("utf-8")
    yield POSTAMBLE


RowHandler = Callable[[Table, tuple[Value, ...]], None]


class SqlDumpParser:
    """Parses a dump fed in pieces and hands each row to ``on_row``; refuses anything else."""

    def __init__(self, on_row: RowHandler, path: Path | None = None) -> None:
        self._on_row = on_row
        self._path = path
        self._buffer = bytearray()
        self._preamble_left = len(PREAMBLE)
        self._committed = False
        self._scanned = 0  # bytes at the start of the buffer known to hold no line break
        self.rows = 0

    def feed(self, data: bytes | memoryview) -> None:
        """Parse the next piece of the dump."""
        self._buffer += data
        if self._preamble_left:
            self._match_preamble()
            if self._preamble_left:
                return
        start = 0
        buffer = self._buffer
        while True:
            end = buffer.find(b"\n", max(start, self._scanned))
            if end < 0:
                break
            self._statement(bytes(buffer[start:end]))
            start = end + 1
        del buffer[:start]
        self._scanned = len(buffer)
        if len(buffer) > MAX_STATEMENT_BYTES:
            self._fail("a statement is longer than any record")

    def close(self) -> None:
        """The member ended: the dump must have ended with its ``COMMIT;``."""
        if self._preamble_left or self._buffer or not self._committed:
            self._fail("it ends early")

    def _match_preamble(self) -> None:
        done = len(PREAMBLE) - self._preamble_left
        take = min(self._preamble_left, len(self._buffer))
        if self._buffer[:take] != PREAMBLE[done:done + take]:
            self._fail("its opening lines are not the ones Advocate writes")
        self._preamble_left -= take
        del self._buffer[:take]

    def _statement(self, line: bytes) -> None:
        if self._committed:
            self._fail("something follows its COMMIT")
        if line + b"\n" == POSTAMBLE:
            self._committed = True
            return
        match = _INSERT.fullmatch(line)
        table = TABLES_BY_NAME.get(match.group(1).decode("ascii")) if match else None
        if match is None or table is None:
            self._fail(f"line {self.rows + 1} is not an INSERT into a known table")
        values = self._values(match.group(2))
        problem = table.problem(values)
        if problem is not None:
            self._fail(problem)
        self.rows += 1
        self._on_row(table, values)

    def _values(self, text: bytes) -> tuple[Value, ...]:
        values: list[Value] = []
        pos = 0
        while pos < len(text):
            match = _NEXT_VALUE.match(text, pos)
            if match is None:
                self._fail("a value is malformed")
            values.append(self._value(match.group(1)))
            pos = match.end()
        if text.endswith(b","):
            self._fail("a value is missing")
        return tuple(values)

    def _value(self, token: bytes) -> Value:
        try:
            if token == b"NULL":
                return None
            if token.startswith(b"'"):
                return token[1:-1].replace(b"''", b"'").decode("utf-8")
            if token.startswith(b"CAST("):
                return bytes.fromhex(token[7:-10].decode("ascii")).decode("utf-8")
        except (UnicodeDecodeError, ValueError):
            self._fail("a text value is not UTF-8")
        number = int(token)
        if not -_MAX_INT <= number <= _MAX_INT:
            self._fail("a number is out of range")
        return number

    def _fail(self, what: str) -> NoReturn:
        raise BackupDamagedError(
            self._path,
            f"The records in the backup (records.sql) cannot be read: {what}.")
