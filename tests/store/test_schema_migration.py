"""Schema migration 2 (the lists' sort values and the case list) on a vault made before it."""

from __future__ import annotations

from pathlib import Path

from advocate.model import CaseStatus, Severity
from advocate.store import ListQuery, Store
from advocate.store.schema import MIGRATIONS
from advocate.vault import KdfParams, Vault, apply_migrations

from ..conftest import PASSPHRASE
from .factories import Factory


def _schema(conn: object) -> list[tuple[str, str]]:
    rows = conn.execute(  # type: ignore[attr-defined]
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
    return [(str(n), " ".join(str(s).split())) for n, s in rows]


def _back_to_version_1(store: Store) -> None:
    """Undo migration 2 by hand: the vault is then what version 1 wrote (checked below)."""
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
        assert version == MIGRATIONS[-1].version == 2
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
