"""The SQLCipher connection of a vault: opening with the raw key, the settings, the checks.

Order on every open: the key first; then the cipher settings; then the connection settings that do
not read the file; then a probe (``SELECT count(*) FROM sqlite_master``) that proves the key
decrypts the database; only then ``journal_mode=WAL`` and ``synchronous=FULL``, which read page 1
and may create ``-wal``/``-shm`` files. So a database that does not decrypt is never given sidecar
files, and a failed open removes any sidecar it created.

Read-only opening uses a ``file:...?mode=ro`` URI. In this SQLCipher build (4.x on SQLite 3.5x) a
WAL database opens read-only even when no ``-shm`` exists: SQLite creates an empty ``-wal`` and a
``-shm`` (the wal-index) but never writes the database file. A read-only connection cannot delete
those on close, so ``OpenDatabase.close`` removes the ones it created, if the ``-wal`` is empty.
(``locking_mode=EXCLUSIVE`` would avoid the ``-shm`` but fails with "disk I/O error" under
``mode=ro`` when no ``-wal`` exists.)
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
from sqlcipher3.dbapi2 import Connection

from advocate.errors import CipherMissingError, DatabaseDamagedError, StorageError, VaultError

SIDECAR_SUFFIXES = ("-wal", "-shm")
#: SQLCipher page size of every vault database (bytes).
PAGE_SIZE = 16384
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14


@dataclass
class OpenDatabase:
    """A keyed, checked connection plus what is needed to close it without leaving files behind."""

    connection: Connection
    path: Path
    sidecars_before: frozenset[str]

    def close(self) -> None:
        """Close the connection and remove the empty sidecar files this open created."""
        with contextlib.suppress(sqlcipher3.Error):
            self.connection.close()
        _remove_new_sidecars(self.path, self.sidecars_before)


def open_database(path: Path, master_key: bytearray, *, read_only: bool) -> OpenDatabase:
    """Open ``path`` with the raw master key, apply the vault settings and prove it decrypts.

    Raises ``DatabaseDamagedError`` when the key is right but the database does not decrypt,
    ``StorageError`` when the operating system refuses, ``VaultError`` when the installed
    SQLCipher is not 4.x. On any failure nothing is left open and no file is left behind.
    """
    before = existing_sidecars(path)
    try:
        if read_only:
            connection = sqlcipher3.connect(
                path.resolve().as_uri() + "?mode=ro",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
        else:
            connection = sqlcipher3.connect(
                str(path), isolation_level=None, check_same_thread=False
            )
    except sqlcipher3.Error as exc:
        raise database_error(exc, path) from exc
    opened = OpenDatabase(connection, path, before)
    try:
        _configure(connection, master_key, path)
    except BaseException:
        opened.close()
        raise
    return opened


def _configure(connection: Connection, master_key: bytearray, path: Path) -> None:
    # note: the hex string and the SQL text are immutable copies of the key we cannot wipe;
    # keeping the key out of memory is best effort in Python.
    connection.execute(f"PRAGMA key = \"x'{master_key.hex()}'\"")
    # note: 16 KiB pages, not SQLCipher's 4 KiB: measured here, evidence streams in and out
    # 1.4 times faster (one HMAC and IV per page), a cold random record read costs the same
    # (26 us against 24 us). Part of the vault format: every open must say it.
    connection.execute(f"PRAGMA cipher_page_size = {PAGE_SIZE}")
    check_cipher_version(_single(connection, "PRAGMA cipher_version"), path)
    # note: cipher_memory_security stays OFF, against the first design. It wipes only SQLCipher's
    # own allocations, while this Python process holds every decrypted record in str objects it
    # cannot wipe, so it protects little; measured here it halves write speed and makes a
    # newest-first full-text query 500 times slower (540 ms instead of 1 ms at 100,000 records).
    # docs/security.md gives the memory model.
    connection.execute("PRAGMA cipher_memory_security = OFF")
    # cipher_log_level exists in this build (4.19); an SQLCipher without it ignores an unknown
    # pragma silently, so there is nothing to fail on. Set before the probe, whose HMAC failures
    # would otherwise be logged to stderr.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA secure_delete = ON")
    connection.execute("PRAGMA temp_store = MEMORY")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute("PRAGMA journal_mode = WAL").fetchone()
        connection.execute("PRAGMA synchronous = FULL")
    except sqlcipher3.Error as exc:
        raise database_error(exc, path) from exc


def check_cipher_version(version: str | None, path: Path) -> None:
    """Refuse an SQLCipher that is not 4.x (or a plain SQLite that ignores ``PRAGMA key``)."""
    if version is None or not version.startswith("4."):
        raise CipherMissingError(path.parent, version or "none (plain SQLite)")


def storage_error(exc: sqlcipher3.Error, path: Path) -> StorageError | None:
    """A ``StorageError`` if SQLite failed because the disk refused (I/O, full), else None."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary not in (_SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN):
        return None
    return StorageError(path, str(exc), "read_write")


def database_error(exc: sqlcipher3.Error, path: Path) -> VaultError:
    """Turn an SQLite error met while opening the vault database into the right typed error."""
    refused = storage_error(exc, path)
    if refused is not None:
        return refused
    return DatabaseDamagedError(path.parent, str(exc))


def integrity_check(connection: Connection, *, structure: bool = True) -> list[str]:
    """Problems found by ``cipher_integrity_check`` then ``integrity_check``; [] when fine.

    ``structure=False`` runs only ``cipher_integrity_check`` (the HMAC of every page: damage and
    tampering), which is what a backup needs before it starts and half the time of both.
    """
    problems: list[str] = []
    try:
        problems.extend(str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check"))
    except sqlcipher3.Error as exc:
        problems.append(f"cipher_integrity_check stopped: {exc}")
    if not structure:
        return problems
    try:
        rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    except sqlcipher3.Error as exc:
        rows = [f"integrity_check stopped: {exc}"]
    if rows != ["ok"]:
        problems.extend(rows)
    return problems


def existing_sidecars(path: Path) -> frozenset[str]:
    """Which of the ``-wal``/``-shm`` files of ``path`` exist now."""
    return frozenset(s for s in SIDECAR_SUFFIXES if sidecar(path, s).exists())


def sidecar(path: Path, suffix: str) -> Path:
    """The path of one of SQLite's sidecar files of ``path``."""
    return path.with_name(path.name + suffix)


def _remove_new_sidecars(path: Path, before: frozenset[str]) -> None:
    wal = sidecar(path, "-wal")
    with contextlib.suppress(OSError):
        if "-wal" not in before and wal.stat().st_size > 0:
            return  # holds committed pages: leave it for the next open to recover
    for suffix in SIDECAR_SUFFIXES:
        if suffix not in before:
            with contextlib.suppress(OSError):
                sidecar(path, suffix).unlink(missing_ok=True)


def _single(connection: Connection, sql: str) -> str | None:
    row = connection.execute(sql).fetchone()
    return None if row is None else str(row[0])
