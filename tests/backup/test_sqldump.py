"""records.sql: what the writer produces, sqlite3 loads and our strict parser reads back exactly."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocate.backup import BackupDamagedError
from advocate.backup.sqldump import (
    MAX_STATEMENT_BYTES,
    PREAMBLE,
    TABLES,
    TABLES_BY_NAME,
    RowSource,
    SqlDumpParser,
    Table,
    Value,
    dump_pieces,
    literal,
)
from advocate.store.schema import DERIVED_RECORD_COLUMNS

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
RECORDS = TABLES_BY_NAME["records"]


RECORDS_SELECT = f"SELECT {', '.join(RECORDS.columns)} FROM records ORDER BY rowid"


def _database(rows: list[tuple[Value, ...]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    for table in TABLES:
        conn.execute(table.create)
    marks = ", ".join("?" for _ in RECORDS.columns)
    conn.executemany(f"INSERT INTO records ({', '.join(RECORDS.columns)}) VALUES ({marks})", rows)
    return conn


def _rows(conn: sqlite3.Connection) -> RowSource:
    """What ``Snapshot.rows`` gives, from a plain sqlite3 database."""
    def rows(table: str, columns: Sequence[str], order_by: Sequence[str]) -> Any:
        return conn.execute(f"SELECT {', '.join(columns)} FROM {table}"
                            f" ORDER BY {', '.join(order_by)}")
    return rows


def _parse(dump: bytes, piece: int = 7) -> list[tuple[str, tuple[Value, ...]]]:
    rows: list[tuple[str, tuple[Value, ...]]] = []
    parser = SqlDumpParser(lambda table, values: rows.append((table.name, values)))
    for start in range(0, len(dump), piece):
        parser.feed(dump[start:start + piece])
    parser.close()
    return rows


@st.composite
def record_rows(draw: st.DrawFn) -> list[tuple[Value, ...]]:
    count = draw(st.integers(0, 5))
    rows = []
    for rowid in range(1, count + 1):
        case_id = draw(st.none() | texts)
        rows.append((rowid, f"id-{rowid}", draw(texts), case_id, draw(texts),
                     draw(st.none() | texts), draw(texts), draw(texts), draw(texts)))
    return rows


@settings(max_examples=150, deadline=None)
@given(record_rows(), st.integers(1, 50))
def test_any_text_round_trips_through_the_parser_and_sqlite3(
        rows: list[tuple[Value, ...]], piece: int) -> None:
    dump = b"".join(dump_pieces(_rows(_database(rows))))
    assert _parse(dump, piece) == [("records", row) for row in rows]
    loaded = sqlite3.connect(":memory:")
    loaded.executescript(dump.decode("utf-8"))
    assert loaded.execute(RECORDS_SELECT).fetchall() == rows


def test_each_statement_is_one_line_and_line_breaks_become_hex() -> None:
    assert literal("a\nb") == "CAST(X'610a62' AS TEXT)"
    assert literal("a\0b") == "CAST(X'610062' AS TEXT)"
    assert literal("it's") == "'it''s'"
    assert literal(None) == "NULL" and literal(-5) == "-5"
    row = (1, "x", "k", None, "", None, "", "", "l1\r\nl2")
    dump = b"".join(dump_pieces(_rows(_database([row]))))
    assert dump.startswith(PREAMBLE) and dump.endswith(b"COMMIT;\n")
    assert dump.count(b"\n") == PREAMBLE.count(b"\n") + 2


@pytest.mark.parametrize("dump", [
    PREAMBLE.replace(b"BEGIN", b"BEGIN;DROP TABLE x;--") + b"COMMIT;\n",
    PREAMBLE + b"INSERT INTO records VALUES(1);\nCOMMIT;\n",
    PREAMBLE + b"insert into records values(1,'a','b',NULL,'',NULL,'','','');\nCOMMIT;\n",
    PREAMBLE + b"INSERT INTO records VALUES(1,'a','b',NULL,'',NULL,'','','') ;\nCOMMIT;\n",
    PREAMBLE + b"INSERT INTO records VALUES('1','a','b',NULL,'',NULL,'','','');\nCOMMIT;\n",
    PREAMBLE + b"INSERT INTO records VALUES(1,'a','b',NULL,'',NULL,'','',x'00');\nCOMMIT;\n",
    PREAMBLE + b"INSERT INTO records VALUES(1,'a','b',NULL,'',NULL,'','','\xff');\nCOMMIT;\n",
    PREAMBLE + b"INSERT INTO records VALUES(99999999999999999999,'a','b',NULL,'',NULL,'','','');\n",
    PREAMBLE + b"INSERT INTO records VALUES(1,'a','b',NULL,'',NULL,'','',''),(2,'b');\nCOMMIT;\n",
    PREAMBLE + b"COMMIT;\nINSERT INTO meta VALUES('a','b');\n",
    PREAMBLE + b"COMMIT;\nCOMMIT;\n",
    PREAMBLE,
    PREAMBLE[:-5],
    b"",
], ids=["preamble", "short-row", "lowercase", "space", "wrong-type", "blob", "not-utf8",
        "huge-number", "two-rows", "after-commit", "two-commits", "no-commit", "cut-preamble",
        "empty"])
def test_anything_but_the_grammar_is_refused(dump: bytes) -> None:
    with pytest.raises(BackupDamagedError) as caught:
        _parse(dump, 64)
    assert "records.sql" in caught.value.params["detail"]


def test_an_endless_line_is_refused_without_growing_forever() -> None:
    parser = SqlDumpParser(lambda table, values: None)
    parser.feed(PREAMBLE + b"INSERT INTO meta VALUES('")
    piece = b"x" * (1024 * 1024)
    with pytest.raises(BackupDamagedError) as caught:
        for _ in range(MAX_STATEMENT_BYTES // len(piece) + 2):
            parser.feed(piece)
    assert "longer than any record" in caught.value.params["detail"]


def test_tables_match_the_vault_schema(store: object) -> None:
    conn = store.vault.connection  # type: ignore[attr-defined]
    for table in TABLES:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table.name})")]
        if table.name == "records":
            # the sort values of lists are derived, rebuilt on restore, never dumped
            derived = columns[len(table.columns):]
            assert tuple(derived) == DERIVED_RECORD_COLUMNS
            columns = ["rowid", *columns[1:len(table.columns)]]
        assert tuple(columns) == table.columns, table.name


def test_row_checks_name_the_problem() -> None:
    table: Table = TABLES_BY_NAME["audit"]
    assert table.problem((1,)) is not None
    assert "seq" in (table.problem(("1", *["x"] * 8)) or "")
    assert table.problem((1, *["x"] * 8)) is None
