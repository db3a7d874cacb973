"""Interrupted backups and restores: cancelled, disk full, killed. Nothing half-done remains.

A killed backup may leave its temp file ``.<name>.<random>.tmp`` (nothing runs after SIGKILL to
remove it); it is never at the destination name and it holds only ciphertext, which the test
checks.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from advocate.backup import BackupStorageError, write_backup
from advocate.backup import restore as restore_module
from advocate.errors import Cancelled
from advocate.store import Store
from advocate.vault import KdfParams

from .conftest import BACKUP_PASSPHRASE, SENTINEL, Filled, fill, leftovers, restore

ROOT = Path(__file__).resolve().parents[2]


def _vault_files(folder: Path) -> dict[str, bytes]:
    """The vault's files that a read must never change (SQLite's -shm index may)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.endswith("-shm")}


def _store_still_works(store: Store) -> None:
    case = store.find_case("A-1")
    store.add_evidence(case.id, io.BytesIO(b"written after the interruption"))
    assert store.verify().ok


@pytest.mark.parametrize("at", [0.0, 0.1, 0.5, 0.99])
def test_cancelled_backup_leaves_nothing(at: float, filled: Filled, tmp_path: Path) -> None:
    before = _vault_files(filled.path)
    cancel = threading.Event()
    if at == 0.0:
        cancel.set()

    def progress(done: int, total: int) -> None:
        if done >= at * total:
            cancel.set()

    out = tmp_path / "b.bak"
    with pytest.raises(Cancelled):
        write_backup(filled.store, out, BACKUP_PASSPHRASE, progress=progress, cancel=cancel)
    assert leftovers(tmp_path, "b.bak") == []
    assert _vault_files(filled.path) == before
    _store_still_works(filled.store)


@pytest.mark.parametrize("at", [0.0, 0.3, 0.9])
def test_cancelled_restore_leaves_nothing(at: float, backup: Path, tmp_path: Path) -> None:
    cancel = threading.Event()
    if at == 0.0:
        cancel.set()

    def progress(done: int, total: int) -> None:
        if done >= at * total:
            cancel.set()

    with pytest.raises(Cancelled):
        restore(backup, tmp_path / "r.advocate", progress=progress, cancel=cancel)
    assert leftovers(tmp_path, "r.advocate") == []


class _FullDisk:
    """A file whose writes fail with ENOSPC once ``room`` bytes were written."""

    def __init__(self, real: Any, room: int) -> None:
        self._real = real
        self._room = room

    def write(self, data: bytes) -> int:
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return int(self._real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.mark.parametrize("room", [0, 600, 200_000, 1_000_000])
def test_disk_full_while_writing_leaves_nothing(room: int, filled: Filled, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    before = _vault_files(filled.path)
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k), room))
    with pytest.raises(BackupStorageError, match="No space left"):  # the system's reason
        write_backup(filled.store, tmp_path / "b.bak", BACKUP_PASSPHRASE)
    monkeypatch.undo()
    assert leftovers(tmp_path, "b.bak") == []
    assert _vault_files(filled.path) == before
    _store_still_works(filled.store)


def test_disk_full_at_fsync_leaves_nothing(filled: Filled, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(BackupStorageError) as caught:
        write_backup(filled.store, tmp_path / "b.bak", BACKUP_PASSPHRASE)
    assert caught.value.code == "backup.storage"
    assert caught.value.params["reason"] == os.strerror(errno.ENOSPC)
    monkeypatch.undo()
    assert leftovers(tmp_path, "b.bak") == []


class _FullConnection:
    """A connection whose evidence inserts fail as SQLite does when the disk is full."""

    def __init__(self, real: Any, room: int) -> None:
        self._real = real
        self._room = room

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith("INSERT INTO evidence_chunks"):
            self._room -= 1
            if self._room < 0:
                import sqlcipher3
                raise sqlcipher3.OperationalError("database or disk is full")
        return self._real.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.mark.parametrize("room", [0, 1])
def test_disk_full_while_restoring_leaves_nothing(room: int, backup: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real_init = restore_module.VaultLoader.__init__

    def init(self: Any, store: Store, path: Path) -> None:
        real_init(self, store, path)
        self._loader._conn = _FullConnection(self._loader._conn, room)

    monkeypatch.setattr(restore_module.VaultLoader, "__init__", init)
    with pytest.raises(BackupStorageError) as caught:
        restore(backup, tmp_path / "r.advocate")
    assert caught.value.code == "backup.storage"
    assert leftovers(tmp_path, "r.advocate") == []


_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from advocate.backup import agefile, write_backup
from advocate.store import Store
agefile.SCRYPT_LOG_N = 10
with Store.open(Path(sys.argv[2]), sys.argv[3]) as store:
    print("open", flush=True)
    write_backup(store, Path(sys.argv[4]), sys.argv[5])
print("done", flush=True)
"""


def test_killed_backup_leaves_no_file_at_the_destination(tmp_path: Path) -> None:
    vault = tmp_path / "v.advocate"
    store, _ = Store.create(vault, "pw", kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True)
    with store:
        fill(store, evidence_sizes=(48 * 1024 * 1024,))
    before = _vault_files(vault)
    out = tmp_path / "killed.advocate-backup"
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(ROOT), str(vault), "pw",
                              str(out), BACKUP_PASSPHRASE], stdout=subprocess.PIPE)
    temp = _wait_for_temp_file(tmp_path, child, min_size=4 * 1024 * 1024)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not out.exists()
    assert temp.name.startswith(".killed.advocate-backup.") and temp.name.endswith(".tmp")
    assert leftovers(tmp_path, "killed.advocate-backup") == [temp.name]
    data = temp.read_bytes()
    for encoded in (SENTINEL.encode(), SENTINEL.encode("utf-16-le"), b"SENTINEL-"):
        assert encoded not in data
    after = _vault_files(vault)
    assert after.pop("vault.db-wal", b"") == b""  # SQLite's, left empty by the killed reader
    assert after == before
    with Store.open(vault, "pw") as reopened:
        assert reopened.verify().ok


def _wait_for_temp_file(folder: Path, child: subprocess.Popen[bytes], min_size: int) -> Path:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for path in folder.glob(".killed.advocate-backup.*.tmp"):
            if path.stat().st_size >= min_size:
                return path
        assert child.poll() is None, "the backup finished before it could be killed"
        time.sleep(0.005)
    child.kill()
    raise AssertionError("the backup did not start writing")
