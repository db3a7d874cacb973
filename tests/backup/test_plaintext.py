"""No plaintext on disk: sentinel strings never appear in any file, during or after the work.

The vault holds a sentinel in its records (UTF-8) and its evidence (UTF-8, UTF-16 LE and BE).
While a backup and then a restore run, every file under the test's folder (the vault, the
destination folder, the temp folder pointed to by TMPDIR) is scanned again and again from the
progress callback, so a temporary file that exists only for a moment is caught too; then once
more at the end, the backup file included.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from advocate.backup import write_backup
from advocate.store import Store

from .conftest import BACKUP_PASSPHRASE, NEW_PASSPHRASE, SENTINEL, Filled, restore

NEEDLES = [SENTINEL.encode(), SENTINEL.encode("utf-16-le"), SENTINEL.encode("utf-16-be"),
           b"SENTINEL-", "SENTINEL-".encode("utf-16-le"), "Сейітқызы".encode(),
           "Сейітқызы".encode("utf-16-le"), b"DROP TABLE records", b"AGE-SECRET-KEY-1"]


class Scanner:
    """Scans every file under a folder for the needles; remembers what it saw."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: set[str] = set()
        self.calls = 0

    def scan(self) -> None:
        for path in self.root.rglob("*"):
            try:
                data = path.read_bytes() if path.is_file() else b""
            except OSError:
                continue  # removed while we looked: it was scanned before or is gone
            self.files.add(str(path.relative_to(self.root)))
            for needle in NEEDLES:
                assert needle not in data, f"{needle!r} in plain text in {path}"

    def progress(self, done: int, total: int) -> None:
        self.calls += 1
        if self.calls % 3 == 1 or done == total:
            self.scan()


@pytest.fixture
def scanner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Scanner:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return Scanner(tmp_path)


def test_sentinels_are_really_in_the_vault(filled: Filled) -> None:
    assert filled.store.search("SENTINEL")
    assert any(SENTINEL.encode("utf-16-be") in data for data in filled.evidence.values())


def test_no_plaintext_on_disk_during_backup_and_restore(filled: Filled, scanner: Scanner,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "usb" / "cases.advocate-backup"
    out.parent.mkdir()
    write_backup(filled.store, out, BACKUP_PASSPHRASE, progress=scanner.progress)
    scanner.scan()
    restore(out, tmp_path / "restored.advocate", progress=scanner.progress)
    with Store.open(tmp_path / "restored.advocate", NEW_PASSPHRASE) as restored:
        assert restored.search("SENTINEL")
    scanner.scan()
    assert "usb/cases.advocate-backup" in scanner.files
    assert any(name.startswith("usb/.cases.advocate-backup.") for name in scanner.files)
    assert any(".restored.advocate.restoring-" in name for name in scanner.files)
    assert "restored.advocate/vault.db" in scanner.files
    assert scanner.calls > 3
