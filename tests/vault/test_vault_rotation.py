"""Master-key rotation: everything re-encrypted, and no crash point can lock the vault out."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from advocate.errors import WrongPassphraseError
from advocate.vault import KdfParams, Vault, rotation

PW = "rotation passphrase"


def _vault(folder: Path, recovery: bool = False) -> tuple[Vault, str | None]:
    vault, key = Vault.create(folder, PW, kdf=KdfParams.cheap(), with_recovery_key=recovery,
                              _allow_weak_kdf_for_tests=True)
    with vault.transaction() as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [(f"row {i}",) for i in range(500)])
    return vault, key


def _rows(vault: Vault) -> int:
    return int(vault.connection.execute("SELECT count(*) FROM t").fetchone()[0])


def _opens_with_raw_key(db: Path, key: bytes) -> bool:
    conn = sqlcipher3.connect(str(db))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA cipher_page_size = 16384")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def test_rotation_reencrypts_and_replaces_the_recovery_key(tmp_path: Path) -> None:
    folder = tmp_path / "v.advocate"
    vault, old_recovery = _vault(folder, recovery=True)
    old_key = bytes(vault._master_key)
    new_recovery = vault.rotate_master_key(PW)
    vault.close()
    assert new_recovery and new_recovery != old_recovery
    assert not _opens_with_raw_key(folder / "vault.db", old_key)
    with Vault.open(folder, PW) as again:
        assert _rows(again) == 500
    with Vault.open(folder, new_recovery) as again:
        assert _rows(again) == 500
    assert old_recovery is not None
    with pytest.raises(WrongPassphraseError):
        Vault.open(folder, old_recovery)
    assert not (folder / rotation.NEXT_HEADER).exists()


def test_rotation_needs_the_passphrase(tmp_path: Path) -> None:
    vault, _ = _vault(tmp_path / "v.advocate")
    with vault, pytest.raises(WrongPassphraseError):
        vault.rotate_master_key("not it")
    assert not (tmp_path / "v.advocate" / rotation.NEXT_HEADER).exists()


def test_crash_after_the_new_header_before_rekey_keeps_the_old_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "v.advocate"
    vault, _ = _vault(folder)
    real_write = rotation.atomic_write_bytes

    def write_then_die(path: Path, data: bytes) -> None:
        real_write(path, data)
        raise KeyboardInterrupt  # the process dies right after step 1

    monkeypatch.setattr(rotation, "atomic_write_bytes", write_then_die)
    with pytest.raises(KeyboardInterrupt):
        vault.rotate_master_key(PW)
    vault.close()
    assert (folder / rotation.NEXT_HEADER).exists()
    with Vault.open(folder, PW) as again:
        assert _rows(again) == 500
    assert not (folder / rotation.NEXT_HEADER).exists()


def test_crash_after_rekey_before_rename_is_finished_on_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "v.advocate"
    vault, _ = _vault(folder)
    old_header = (folder / "vault.json").read_bytes()
    real_complete = rotation._complete
    def die(path: Path) -> None:
        raise KeyboardInterrupt  # the process dies between the rekey and the rename

    monkeypatch.setattr(rotation, "_complete", die)
    with pytest.raises(KeyboardInterrupt):
        vault.rotate_master_key(PW)
    vault.close()
    monkeypatch.setattr(rotation, "_complete", real_complete)
    assert (folder / "vault.json").read_bytes() == old_header  # the old header, a rekeyed db
    with Vault.open(folder, PW, read_only=True) as again:  # read-only: finishes nothing
        assert _rows(again) == 500
    assert (folder / rotation.NEXT_HEADER).exists()
    with Vault.open(folder, PW) as again:
        assert _rows(again) == 500
    assert not (folder / rotation.NEXT_HEADER).exists()
    assert (folder / "vault.json").read_bytes() != old_header
    with Vault.open(folder, PW) as again:
        assert _rows(again) == 500
