"""Numbered schema migrations, each in its own transaction, with a copy kept until all succeed.

The schema version is SQLite's ``PRAGMA user_version``. Migration N takes the database from version
N-1 (or lower) to N: ``BEGIN IMMEDIATE``; apply; ``PRAGMA user_version = N``; ``COMMIT``. Before
migrating a database that already holds data (user_version > 0), ``vault.db`` is copied to
``vault.db.pre-migration-V`` (V the version before migrating; the copy is as encrypted as the
original). The copy is deleted when every migration succeeded and kept when one failed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3
from sqlcipher3.dbapi2 import Connection

from advocate.errors import (
    MigrationBusyError,
    MigrationError,
    VaultNeedsUpgradeError,
    VaultTooNewError,
)
from advocate.vault import database
from advocate.vault.atomic import atomic_copy_file, remove_file

if TYPE_CHECKING:
    from advocate.vault.vault import Vault


@dataclass(frozen=True)
class Migration:
    """One schema step: ``apply`` takes the database to ``version`` (inside a transaction)."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def pre_migration_copy_path(vault: Vault, version: int) -> Path:
    """Where the copy of ``vault.db`` at ``version`` is kept while migrating."""
    return vault.db_path.with_name(f"{vault.db_path.name}.pre-migration-{version}")


def apply_migrations(vault: Vault, migrations: Sequence[Migration]) -> int:
    """Bring the vault's schema up to the highest migration; return the final version.

    Raises ``VaultTooNewError`` if the database is newer than every migration known here,
    ``VaultReadOnlyError`` if migrations are pending on a read-only vault, ``MigrationError``
    (the failed step rolled back, earlier steps kept, the copy kept) if a step fails.
    """
    steps = _ordered(migrations)
    target = steps[-1].version if steps else 0
    connection = vault.connection
    current = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if current > target:
        raise VaultTooNewError(vault.path, current, target)
    pending = [step for step in steps if step.version > current]
    if not pending:
        if not vault.read_only:
            _remove_stale_copies(vault, current)
        return current
    if vault.read_only:
        raise VaultNeedsUpgradeError(vault.path)
    copy = _copy_before(vault, current) if current > 0 else None
    for step in pending:
        _run(vault, step, copy)
    if copy is not None:
        remove_file(copy)
    return target


def _remove_stale_copies(vault: Vault, current: int) -> None:
    """Delete copies from before a migration that has since committed.

    note: found by tests/hardening/test_hard_crash.py (a SIGKILL after the last step committed but
    before its copy was deleted): the copy stayed for ever, a whole second database holding
    records deleted later (against ``secure_delete``). Only copies of older versions go, so the
    copy kept after a *failed* step (at the current version) stays; the temporary files of an
    interrupted copy go too. The caller holds the vault's lock.
    """
    name = vault.db_path.name
    for path in vault.path.glob(f"{name}.pre-migration-*"):
        version = path.name.rpartition("-")[2]
        if version.isdigit() and int(version) < current:
            remove_file(path)
    for path in vault.path.glob(f".{name}.pre-migration-*.tmp"):
        remove_file(path)


def _ordered(migrations: Sequence[Migration]) -> list[Migration]:
    steps = sorted(migrations, key=lambda step: step.version)
    versions = [step.version for step in steps]
    if len(set(versions)) != len(versions) or (versions and versions[0] < 1):
        raise ValueError(f"migration versions must be distinct and positive: {versions}")
    return steps


def _copy_before(vault: Vault, version: int) -> Path:
    # Fold the WAL into vault.db first so the copy alone holds every committed change.
    row = vault.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if row is not None and row[0] != 0:
        raise MigrationBusyError(vault.path)
    copy = pre_migration_copy_path(vault, version)
    atomic_copy_file(vault.db_path, copy)
    return copy


def _run(vault: Vault, step: Migration, copy: Path | None) -> None:
    connection = vault.connection
    try:
        connection.execute("BEGIN IMMEDIATE")
        step.apply(connection)
        # The version is bumped inside the same transaction: the step and its number are one.
        connection.execute(f"PRAGMA user_version = {int(step.version)}")
        connection.execute("COMMIT")
    except BaseException as exc:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        if not isinstance(exc, Exception):
            raise  # KeyboardInterrupt and the like: rolled back, passed on as they are
        if isinstance(exc, sqlcipher3.Error):
            # note: a full disk or an I/O error is not a bug to report but a StorageError that
            # says to free space (tests/hardening/test_hard_full_disk.py, vault creation).
            refused = database.storage_error(exc, vault.db_path)
            if refused is not None:
                raise refused from exc
        # note: ``copy`` (None when the vault held no records) is where the old database is kept.
        raise MigrationError(
            vault.path, step.version, f"{step.description}: {exc}", copy
        ) from exc
