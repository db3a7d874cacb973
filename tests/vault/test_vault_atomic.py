"""Atomic writes: the old file survives any refused step, no temporary file is left behind."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from advocate.errors import StorageError
from advocate.vault import atomic_write_bytes
from advocate.vault.atomic import atomic_copy_file


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_atomic_write_replaces_content_with_owner_only_mode(tmp_path: Path) -> None:
    target = tmp_path / "vault.json"
    target.write_bytes(b"old")
    target.chmod(0o644)
    old_umask = os.umask(0)
    try:
        atomic_write_bytes(target, b"new contents")
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"new contents"
    assert _mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault.json"]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_fsync_failure_keeps_old_file_and_removes_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    target = tmp_path / "vault.json"
    target.write_bytes(b"old header")

    def failing_fsync(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(StorageError) as excinfo:
        atomic_write_bytes(target, b"new header that must not appear")
    assert target.read_bytes() == b"old header"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault.json"]
    assert excinfo.value.path == target
    assert os.strerror(code) in excinfo.value.message


def test_replace_failure_keeps_old_file_and_removes_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "vault.json"
    target.write_bytes(b"old header")

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StorageError):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old header"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault.json"]


def test_atomic_write_into_missing_folder_is_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        atomic_write_bytes(tmp_path / "absent" / "vault.json", b"x")


def test_atomic_copy_copies_large_file_with_owner_only_mode(tmp_path: Path) -> None:
    source = tmp_path / "vault.db"
    data = os.urandom(3 * 1024 * 1024 + 17)  # several chunks and a partial one
    source.write_bytes(data)
    source.chmod(0o644)
    target = tmp_path / "vault.db.copy"
    atomic_copy_file(source, target)
    assert target.read_bytes() == data
    assert _mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault.db", "vault.db.copy"]
