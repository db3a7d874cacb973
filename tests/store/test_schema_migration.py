"""Schema migrations 2 (the lists' sort values and the case list) and 3 (the search index with
prefix indexes) on a vault made before them."""

from __future__ import annotations

from pathlib import Path

from advocate.model import CaseStatus, Severity
from advocate.store import ListQuery, Store
from advocate.store.repository import load_record, search_body
from advocate.store.schema import MIGRATIONS
from advocate.vault import KdfParams, Vault, apply_migrations

from ..conftest import PASSPHRASE
from .factories import Factory


def _schema(conn: object) -> list[tuple[str, str]]:
    rows = conn.execute(  # type: ignore[attr-defined]
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
    return [(str(n), " ".join(str(s).split())) for n, s in rows]


_V1_SEARCH = ("CREATE VIRTUAL TABLE search USING fts5 ( body, content = '',"
              " contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2' )")


def _back_to_version_4(store: Store) -> None:
    """Undo migration 5 by hand: no table of the search index's words."""
    conn = store.vault.connection
    with store.vault.transaction():
        conn.execute("DROP TABLE search_vocab")
        conn.execute("PRAGMA user_version = 4")


def _back_to_version_3(store: Store) -> None:
    """Undo migrations 5 and 4 by hand: a case's records found through records_by_case again."""
    _back_to_version_4(store)
    conn = store.vault.connection
    with store.vault.transaction():
        conn.execute("DROP INDEX records_of_case")
        conn.execute("CREATE INDEX records_by_case ON records (case_id, kind, sort_key)")
        conn.execute("PRAGMA user_version = 3")


def _back_to_version_2(store: Store) -> None:
    """Undo migrations 5, 4 and 3 by hand: the search index as versions 1 and 2 made it,
    filled, and no index of actions by status."""
    _back_to_version_3(store)
    conn = store.vault.connection
    rows = conn.execute("SELECT rowid, data FROM records").fetchall()
    with store.vault.transaction():
        conn.execute("DROP INDEX records_by_case_kind_status")
        conn.execute("DROP TABLE search")
        conn.execute(_V1_SEARCH)
        conn.executemany("INSERT INTO search (rowid, body) VALUES (?, ?)",
                         [(rowid, search_body(load_record(data))) for rowid, data in rows])
        conn.execute("PRAGMA user_version = 2")


def _back_to_version_1(store: Store) -> None:
    """Undo migrations 3 and 2 by hand: the vault is then what version 1 wrote (checked below)."""
    _back_to_version_2(store)
    conn = store.vault.connection
    names = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND (name LIKE 'case_list_%'"
        " OR name LIKE 'records_by_kind_%' OR name = 'records_by_case_deadline')")]
    with store.vault.transaction():
        for name in names:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("DROP TABLE case_list")
        for column in ("title_key", "status", "severity", "due"):
            conn.execute(f"ALTER TABLE records DROP COLUMN {column}")
        conn.execute("PRAGMA user_version = 1")


def test_a_version_1_vault_gets_its_lists_on_opening(store: Store, make: Factory,
                                                    tmp_path: Path) -> None:
    victim = make.person()
    old = make.case(reference="OLD-2", status=CaseStatus.CLOSED, region="Алматы")
    new = make.case(reference="new-1")
    make.threat(old, victim, when="2019-04", severity=Severity.CRITICAL)
    make.threat(new, victim, when="2024-02-02", severity=Severity.LOW)
    make.action(new, filed="2025-03-14", days=15)
    expected_rows = store.cases()
    expected_threats = store.list_ids(ListQuery(kind="threat", sort="severity"))
    _back_to_version_1(store)

    fresh, _ = Vault.create(tmp_path / "v1", PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with fresh:
        apply_migrations(fresh, MIGRATIONS[:1])
        assert _schema(store.vault.connection) == _schema(fresh.connection)
    path = store.vault.path
    store.close()

    with Store.open(path, PASSPHRASE) as reopened:
        version = reopened.vault.connection.execute("PRAGMA user_version").fetchone()[0]
        assert version == MIGRATIONS[-1].version == 5
        rows = reopened.cases()
        assert [r.reference for r in rows] == ["new-1", "OLD-2"]
        # the same rows as writes made them, but for "updated" (the migration's own time)
        assert [(r.id, r.threats, r.actions, r.next_deadline, r.last_threat, r.status)
                for r in rows] == [(r.id, r.threats, r.actions, r.next_deadline, r.last_threat,
                                    r.status) for r in expected_rows]
        assert reopened.list_ids(ListQuery(kind="threat", sort="severity")) == expected_threats
        assert reopened.list_ids(ListQuery(kind="case", region="алматы")) == [old.id]
        assert not list(path.glob("*.pre-migration-*"))  # the copy went once all succeeded


def test_a_version_1_vault_opened_read_only_is_upgraded_first(store: Store,
                                                              make: Factory) -> None:
    """The CLI reads read-only: `advocate cases` must not fail on a vault from before."""
    case = make.case(reference="OLD-1")
    _back_to_version_1(store)
    path = store.vault.path
    store.close()
    with Store.open(path, PASSPHRASE, read_only=True) as reopened:
        assert reopened.vault.read_only
        assert [r.id for r in reopened.cases()] == [case.id]


def test_a_version_2_vault_gets_prefix_search_and_finds_the_same(store: Store, make: Factory,
                                                                 tmp_path: Path) -> None:
    victim = make.person("Айгерім Сейітова")
    case = make.case(reference="OLD-3")
    threat = make.threat(case, victim, when="2024-02-02")
    queries = ("А", "Ай", "Айгерім", "с", "Сей", "OLD")
    expected = {q: store.search_ids(q) for q in queries}
    assert victim.id in expected["А"] and case.id in expected["OLD"]
    _back_to_version_2(store)
    assert "prefix" not in _search_sql(store)
    path = store.vault.path
    store.close()
    with Store.open(path, PASSPHRASE) as reopened:
        assert "prefix = '1 2'" in _search_sql(reopened)
        assert {q: reopened.search_ids(q) for q in queries} == expected
        reopened.delete(threat.id)  # the index keeps working for writes: deleted, then added
        assert threat.id not in reopened.search_ids("Айгерім")
        added = reopened.add(type(victim)(full_name="Әлия Айтбаева"))
        assert reopened.search_ids("Ә")[0] == added.id
        fresh, _ = Vault.create(tmp_path / "new", PASSPHRASE, kdf=KdfParams.cheap(),
                                _allow_weak_kdf_for_tests=True)
        with fresh:
            apply_migrations(fresh, MIGRATIONS)
            assert _schema(reopened.vault.connection) == _schema(fresh.connection)


def _search_sql(store: Store) -> str:
    row = store.vault.connection.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'search'").fetchone()
    return " ".join(str(row[0]).split())


def test_a_version_3_vault_keeps_each_cases_records_together_and_reads_the_same(
        store: Store, make: Factory, tmp_path: Path) -> None:
    victim, mother = make.person("Айгерім Сейітова"), make.person("Сәуле Сейітова")
    case, other = make.case(reference="OLD-4"), make.case(reference="OTHER-4")
    make.role(case, victim)
    for when in ("2024-02-02", "2023~", "2024-05"):
        make.threat(case, victim, when=when)
        make.threat(other, mother, when=when)
    make.action(case, filed="2025-03-14")
    expected = store.case_file(case.id)
    _back_to_version_3(store)
    assert "records_of_case" not in _index_names(store)
    assert store.case_file(case.id) == expected
    path = store.vault.path
    store.close()
    with Store.open(path, PASSPHRASE) as reopened:
        assert {"records_of_case"} <= _index_names(reopened)
        assert "records_by_case" not in _index_names(reopened)
        assert reopened.case_file(case.id) == expected
        fresh, _ = Vault.create(tmp_path / "new", PASSPHRASE, kdf=KdfParams.cheap(),
                                _allow_weak_kdf_for_tests=True)
        with fresh:
            apply_migrations(fresh, MIGRATIONS)
            assert _schema(reopened.vault.connection) == _schema(fresh.connection)


def _index_names(store: Store) -> set[str]:
    return {str(r[0]) for r in store.vault.connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_a_version_4_vault_gets_the_words_of_its_index_and_finds_the_same(
        store: Store, make: Factory) -> None:
    victim = make.person("Айгерім Сейітова")
    case = make.case(reference="OLD-5", title="Жалоба прокурору")
    make.threat(case, victim, when="2024-02-02", words="Прокурор не поможет, Айгерім")
    queries = ("А", "Ай", "Айг", "Айгерім", "сей", "прок", "прокуро", "OLD", "old-5", "нет")
    expected = {q: store.search_ids(q) for q in queries}
    assert case.id in expected["прок"] and victim.id in expected["Айг"]
    words = store.vault.connection.execute("SELECT term FROM search_vocab").fetchall()
    _back_to_version_4(store)
    path = store.vault.path
    store.close()
    with Store.open(path, PASSPHRASE) as reopened:
        conn = reopened.vault.connection
        assert conn.execute("SELECT term FROM search_vocab").fetchall() == words
        assert {q: reopened.search_ids(q) for q in queries} == expected
