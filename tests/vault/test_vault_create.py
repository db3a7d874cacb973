"""Creating a vault: its files, header fields, permissions, and what create refuses."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import stat
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from advocate.errors import StorageError, ValidationError, VaultExistsError
from advocate.vault import FORMAT_VERSION, KdfParams, Vault, read_header
from advocate.vault import vault as vault_module

CreateVault = Callable[..., tuple[Vault, str | None]]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_create_makes_header_database_and_lock(create_vault: CreateVault, vault_dir: Path) -> None:
    vault, recovery = create_vault()
    assert recovery is None
    assert not vault.read_only
    assert {p.name for p in vault_dir.iterdir()} >= {"vault.json", "vault.db", "vault.lock"}
    assert (vault_dir / "vault.lock").read_bytes() == b""
    vault.close()
    assert sorted(p.name for p in vault_dir.iterdir()) == ["vault.db", "vault.json", "vault.lock"]


def test_header_fields_follow_the_documented_format(
    create_vault: CreateVault, vault_dir: Path
) -> None:
    vault, _ = create_vault(with_recovery_key=True)
    doc = json.loads((vault_dir / "vault.json").read_text("utf-8"))
    assert doc["format"] == "advocate-vault"
    assert doc["version"] == FORMAT_VERSION == 1
    assert uuid.UUID(doc["vault_id"]).version == 4
    assert doc["vault_id"] == vault.vault_id
    created = datetime.fromisoformat(doc["created"])
    assert created.utcoffset() == UTC.utcoffset(None)
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60
    assert bytes.fromhex(doc["db_salt"]) == (vault_dir / "vault.db").read_bytes()[:16]
    assert [slot["kind"] for slot in doc["slots"]] == ["passphrase", "recovery"]
    for slot in doc["slots"]:
        assert slot["aead"] == "aes-256-gcm"
        assert slot["kdf"] == {
            "name": "argon2id",
            "memory_kib": 8192,
            "iterations": 1,
            "lanes": 1,
            "salt": slot["kdf"]["salt"],
        }
        assert len(base64.b64decode(slot["kdf"]["salt"], validate=True)) == 16
        assert len(base64.b64decode(slot["nonce"], validate=True)) == 12
        assert len(base64.b64decode(slot["wrapped"], validate=True)) == 48
    assert len({slot["id"] for slot in doc["slots"]}) == 2


def test_header_mac_is_hmac_sha256_of_canonical_json_under_hkdf_key(
    create_vault: CreateVault, vault_dir: Path
) -> None:
    # Recomputed here from the documented recipe, independently of advocate.vault.header.
    vault, _ = create_vault()
    master_key = bytes(vault._master_key)
    doc = json.loads((vault_dir / "vault.json").read_bytes().decode("utf-8"))
    mac = bytes.fromhex(doc.pop("mac"))
    canonical = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    mac_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"advocate vault header mac v1"
    ).derive(master_key)
    expected = hmac.new(mac_key, canonical.encode("utf-8"), hashlib.sha256).digest()
    assert hmac.compare_digest(mac, expected)
    assert mac_key != master_key


def test_read_header_needs_no_passphrase(closed_vault: Path) -> None:
    header = read_header(closed_vault)
    assert header.version == FORMAT_VERSION
    assert [slot.kind for slot in header.slots] == ["passphrase"]
    assert header.slots[0].kdf == KdfParams.cheap()
    assert header.slots[0].aead == "aes-256-gcm"
    assert header.db_salt == (closed_vault / "vault.db").read_bytes()[:16]


def test_folder_is_owner_only_and_files_are_0600(
    create_vault: CreateVault, vault_dir: Path
) -> None:
    old_umask = os.umask(0)  # the most permissive umask: modes must come from the code
    try:
        vault, _ = create_vault()
        with vault.transaction() as connection:
            connection.execute("CREATE TABLE t(x)")
            connection.execute("INSERT INTO t VALUES (1)")
        vault.add_recovery_key()
        files = sorted(p.name for p in vault_dir.iterdir())
        assert "vault.db-wal" in files and "vault.db-shm" in files
        assert _mode(vault_dir) == 0o700
        for name in files:
            assert _mode(vault_dir / name) == 0o600, name
    finally:
        os.umask(old_umask)


def test_create_in_existing_empty_folder(create_vault: CreateVault, vault_dir: Path) -> None:
    vault_dir.mkdir(mode=0o755)
    vault_dir.chmod(0o755)
    create_vault()
    assert _mode(vault_dir) == 0o700
    assert (vault_dir / "vault.json").is_file()


@pytest.mark.parametrize("kind", ["non_empty_folder", "file"])
def test_create_refuses_existing_path_and_leaves_it_alone(
    create_vault: CreateVault, vault_dir: Path, kind: str
) -> None:
    if kind == "file":
        vault_dir.write_bytes(b"something else")
    else:
        vault_dir.mkdir()
        (vault_dir / "notes.txt").write_bytes(b"mine")
    with pytest.raises(VaultExistsError):
        create_vault()
    if kind == "file":
        assert vault_dir.read_bytes() == b"something else"
    else:
        assert [p.name for p in vault_dir.iterdir()] == ["notes.txt"]


def test_create_refuses_empty_passphrase(create_vault: CreateVault, vault_dir: Path) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create_vault(secret="")
    assert excinfo.value.field == "passphrase"
    assert not vault_dir.exists()


def test_create_refuses_weak_kdf_without_test_flag(vault_dir: Path, passphrase: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        Vault.create(vault_dir, passphrase, kdf=KdfParams.cheap())
    assert excinfo.value.field == "kdf.memory_kib"
    assert not vault_dir.exists()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        (KdfParams(4096, 1, 1), "memory_kib"),
        (KdfParams(8192, 0, 1), "iterations"),
        (KdfParams(8192, 21, 1), "iterations"),
        (KdfParams(8192, 1, 17), "lanes"),
    ],
)
def test_create_refuses_kdf_outside_readable_bounds_even_for_tests(
    create_vault: CreateVault, vault_dir: Path, params: KdfParams, field: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create_vault(kdf=params)
    assert excinfo.value.field == f"kdf.{field}"
    assert not vault_dir.exists()


def test_failed_create_leaves_nothing_behind(
    create_vault: CreateVault, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(folder: Path, header: object) -> None:
        raise StorageError("disk full", folder)

    monkeypatch.setattr(vault_module, "write_header", disk_full)
    with pytest.raises(StorageError):
        create_vault()
    assert not vault_dir.exists()
