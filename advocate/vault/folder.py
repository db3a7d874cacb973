"""The files of a vault folder: making the folder, creating the database, undoing a failed create,
telling a missing database from another vault's, removing a killed header write's leftovers.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import sqlcipher3

from advocate.errors import DatabaseDamagedError, ForeignHeaderError, StorageError, VaultExistsError
from advocate.vault import database
from advocate.vault.atomic import DIR_MODE, FILE_MODE, fsync_directory
from advocate.vault.header import DB_SALT_BYTES


def prepare_folder(path: Path) -> bool:
    """Make ``path`` an empty 0o700 folder; True if this call created it."""
    try:
        if path.exists() or path.is_symlink():
            if not path.is_dir() or any(path.iterdir()):
                raise VaultExistsError(path)
            path.chmod(DIR_MODE)
            return False
        path.mkdir(mode=DIR_MODE)
        try:
            path.chmod(DIR_MODE)  # mkdir's mode is filtered by the umask
            fsync_directory(path.parent)
        except OSError:
            # note: "nothing is left behind" holds here too (an fsync refused with EIO left the
            # new empty folder; tests/hardening/test_hard_full_disk.py).
            with contextlib.suppress(OSError):
                path.rmdir()
            raise
    except OSError as exc:
        raise StorageError.from_os(path, exc, "create") from exc
    return True


def create_database(path: Path, master_key: bytearray) -> tuple[database.OpenDatabase, bytes]:
    """Create ``vault.db`` (mode 0o600 before SQLCipher writes a byte); return it and its salt."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except OSError as exc:
        raise StorageError.from_os(path, exc, "create") from exc
    db = database.open_database(path, master_key, read_only=False)
    try:
        # Checkpoint so page 1 (whose first 16 bytes are SQLCipher's salt) is in vault.db itself.
        db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with open(path, "rb") as stream:
            salt = stream.read(DB_SALT_BYTES)
    except (sqlcipher3.Error, OSError) as exc:
        db.close()
        raise StorageError(path, str(exc), "create") from exc
    if len(salt) != DB_SALT_BYTES:
        db.close()
        raise StorageError(path, "SQLCipher did not write the file", "create")
    return db, salt


def remove_partial_vault(path: Path, created_folder: bool) -> None:
    """Undo a failed create; the folder was empty (or absent) before, so all of it is ours."""
    if created_folder:
        shutil.rmtree(path, ignore_errors=True)
        return
    for child in path.iterdir():
        with contextlib.suppress(OSError):
            child.unlink()


def check_db_salt(path: Path, expected: bytes) -> None:
    """Tell a missing or truncated database, and a header from another vault, apart."""
    try:
        with open(path, "rb") as stream:
            salt = stream.read(DB_SALT_BYTES)
    except FileNotFoundError as exc:
        raise DatabaseDamagedError(path.parent, "vault.db is missing") from exc
    except OSError as exc:
        raise StorageError.from_os(path, exc, "read") from exc
    if len(salt) < DB_SALT_BYTES:
        raise DatabaseDamagedError(path.parent, f"vault.db is truncated ({len(salt)} bytes)")
    if salt != expected:
        raise ForeignHeaderError(path.parent)


def remove_stale_header_temps(folder: Path) -> None:
    """Delete ``.vault.json.*.tmp`` files a killed header write left (we hold the lock now).

    note: they hold a wrapped key slot, never a secret in the clear, but an old passphrase's slot
    should not outlive the change that replaced it (tests/hardening found them after SIGKILL).
    """
    for stale in folder.glob(".vault.json.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
