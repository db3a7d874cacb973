"""Schema migrations: one transaction per step, a copy kept until all steps succeed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlcipher3.dbapi2 import Connection

from advocate.errors import MigrationError, VaultReadOnlyError, VaultTooNewError
from advocate.vault import Migration, Vault, apply_migrations

CreateVault = Callable[..., tuple[Vault, str | None]]
OpenVault = Callable[..., Vault]


def _create_case(connection: Connection) -> None:
    connection.execute("CREATE TABLE case_file(id INTEGER PRIMARY KEY, title TEXT NOT NULL)")


def _add_status(connection: Connection) -> None:
    connection.execute("ALTER TABLE case_file ADD COLUMN status TEXT DEFAULT 'open'")


def _broken(connection: Connection) -> None:
    connection.execute("CREATE TABLE half_done(x)")
    connection.execute("UPDATE case_file SET title = 'clobbered'")
    raise RuntimeError("step 3 is broken")


M1 = Migration(1, "case files", _create_case)
M2 = Migration(2, "case status", _add_status)
M3_BROKEN = Migration(3, "a broken step", _broken)


def _version(vault: Vault) -> int:
    return int(vault.connection.execute("PRAGMA user_version").fetchone()[0])


def _copies(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".pre-migration-" in p.name)


def test_fresh_vault_migrates_to_the_last_version_without_a_copy(
    create_vault: CreateVault, vault_dir: Path
) -> None:
    vault, _ = create_vault()
    seen: list[list[str]] = []

    def spy(connection: Connection) -> None:
        seen.append(_copies(vault_dir))
        _add_status(connection)

    assert apply_migrations(vault, [Migration(2, "status", spy), M1]) == 2  # any order given
    assert _version(vault) == 2
    assert seen == [[]]  # nothing to lose at version 0, so no copy
    vault.connection.execute("INSERT INTO case_file(title) VALUES ('x')")
    assert vault.connection.execute("SELECT status FROM case_file").fetchone() == ("open",)
    assert apply_migrations(vault, [M1, M2]) == 2  # nothing pending: nothing done


def test_migrating_data_keeps_a_copy_until_success(
    create_vault: CreateVault, vault_dir: Path
) -> None:
    vault, _ = create_vault()
    apply_migrations(vault, [M1])
    seen: list[list[str]] = []

    def spy(connection: Connection) -> None:
        seen.append(_copies(vault_dir))
        _add_status(connection)

    assert apply_migrations(vault, [M1, Migration(2, "status", spy)]) == 2
    assert seen == [["vault.db.pre-migration-1"]]
    assert _copies(vault_dir) == []


def test_failed_migration_rolls_back_its_step_and_keeps_the_copy(
    create_vault: CreateVault, open_vault: OpenVault, vault_dir: Path
) -> None:
    vault, _ = create_vault()
    apply_migrations(vault, [M1])
    with vault.transaction() as connection:
        # Left in the WAL, not yet in vault.db: the copy must still hold it (checkpoint first).
        connection.execute("INSERT INTO case_file(title) VALUES ('Ақжол v. district office')")
    with pytest.raises(MigrationError) as excinfo:
        apply_migrations(vault, [M1, M2, M3_BROKEN])
    copy = vault_dir / "vault.db.pre-migration-1"
    assert excinfo.value.code == "vault.upgrade_failed"
    assert excinfo.value.params["copy"] == copy
    assert excinfo.value.params["step"] == 3
    assert isinstance(excinfo.value.__cause__, RuntimeError)
    assert _version(vault) == 2  # step 2 committed, step 3 undone
    assert not vault.connection.in_transaction
    tables = {r[0] for r in vault.connection.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    assert vault.connection.execute("SELECT title FROM case_file").fetchall() == [
        ("Ақжол v. district office",)
    ]
    assert _copies(vault_dir) == [copy.name]
    assert copy.read_bytes()[:16] == vault.header.db_salt  # encrypted under the same key
    vault.close()

    # Restoring by hand from the copy gives back the vault as it was before upgrading.
    copy.replace(vault_dir / "vault.db")
    restored = open_vault()
    assert _version(restored) == 1
    assert restored.connection.execute("SELECT title FROM case_file").fetchall() == [
        ("Ақжол v. district office",)
    ]


def test_database_newer_than_known_migrations_is_refused(create_vault: CreateVault) -> None:
    vault, _ = create_vault()
    apply_migrations(vault, [M1, M2])
    with pytest.raises(VaultTooNewError):
        apply_migrations(vault, [M1])
    assert _version(vault) == 2


def test_pending_migrations_on_read_only_vault_are_refused(
    create_vault: CreateVault, open_vault: OpenVault
) -> None:
    vault, _ = create_vault()
    apply_migrations(vault, [M1])
    vault.close()
    read_only = open_vault(read_only=True)
    assert apply_migrations(read_only, [M1]) == 1  # up to date: fine
    with pytest.raises(VaultReadOnlyError):
        apply_migrations(read_only, [M1, M2])
    assert _version(read_only) == 1


def test_duplicate_migration_versions_are_a_programming_error(create_vault: CreateVault) -> None:
    vault, _ = create_vault()
    with pytest.raises(ValueError):
        apply_migrations(vault, [M1, Migration(1, "again", _add_status)])
    assert _version(vault) == 0
