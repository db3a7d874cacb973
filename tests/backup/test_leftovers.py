"""Leftovers of a killed backup or restore are removed by the next one — unless still in use."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from advocate.backup import restore_backup, write_backup
from advocate.model import Case
from advocate.store import Store
from advocate.vault import KdfParams

PW = "backup passphrase"


def test_next_backup_removes_abandoned_temp_files_only(store: Store, tmp_path: Path) -> None:
    store.add(Case(title="x"))
    out = tmp_path / "usb" / "cases.advocate-backup"
    out.parent.mkdir()
    abandoned = out.with_name(f".{out.name}.0123456789ab.tmp")
    abandoned.write_bytes(b"encrypted leftovers")
    busy = out.with_name(f".{out.name}.ba9876543210.tmp")
    busy.write_bytes(b"another backup being written")
    fd = os.open(busy, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        write_backup(store, out, PW)
    finally:
        os.close(fd)
    assert out.exists() and not abandoned.exists() and busy.exists()


def test_next_restore_removes_an_abandoned_staging_vault(store: Store, tmp_path: Path) -> None:
    store.add(Case(title="x"))
    backup = tmp_path / "b.advocate-backup"
    write_backup(store, backup, PW)
    target = tmp_path / "restored.advocate"
    staging = tmp_path / f".{target.name}.restoring-0123456789ab"
    staging.mkdir()
    (staging / "vault.lock").write_bytes(b"")
    (staging / "vault.db").write_bytes(b"half a vault")
    restore_backup(backup, PW, target, "new pw", kdf=KdfParams.cheap(),
                   _allow_weak_kdf_for_tests=True)
    assert target.is_dir() and not staging.exists()


def test_a_damaged_vault_is_not_backed_up(tmp_path: Path) -> None:
    """A page that fails its HMAC stops the backup before anything is at the destination."""
    import pytest

    from advocate.backup.errors import BackupSourceDamagedError

    path = tmp_path / "damaged.advocate"
    store, _ = Store.create(path, "pw", kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True)
    with store:
        for i in range(300):
            store.add(Case(title=f"case {i}", summary="x" * 2000))
        conn = store.vault.connection
        root = int(conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'records'").fetchone()[0])
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    db = path / "vault.db"
    data = bytearray(db.read_bytes())
    # the middle of the records table's first page (the middle of the file may hold an index,
    # which a backup does not read: it carries the records, not what is derived from them)
    middle = (root - 1) * page_size + page_size // 2
    data[middle:middle + 8] = bytes(b ^ 0xFF for b in data[middle:middle + 8])
    db.write_bytes(bytes(data))
    out = tmp_path / "b.advocate-backup"
    with Store.open(path, "pw") as damaged, pytest.raises(BackupSourceDamagedError):
        write_backup(damaged, out, PW)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
