"""Key slots: passphrase normalisation, recovery keys, changing the passphrase, slot binding."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advocate.errors import StorageError, ValidationError, VaultReadOnlyError, WrongPassphraseError
from advocate.vault import KdfParams, Vault, read_header
from advocate.vault import slots as slots_module
from advocate.vault.slots import parse_recovery_key, unwrap_master_key, wrap_master_key

CreateVault = Callable[..., tuple[Vault, str | None]]
OpenVault = Callable[..., Vault]

RECOVERY_KEY_SHAPE = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")


def test_nfc_and_nfd_passphrases_open_the_same_vault(
    create_vault: CreateVault, open_vault: OpenVault, vault_dir: Path
) -> None:
    composed = unicodedata.normalize("NFC", "Пароль йё Қазақстан ä")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    vault, _ = create_vault(secret=decomposed)
    vault.close()
    open_vault(secret=composed).close()
    open_vault(secret=decomposed).close()


def test_recovery_key_opens_vault_whatever_its_case_spaces_and_dashes(
    create_vault: CreateVault, open_vault: OpenVault
) -> None:
    vault, recovery = create_vault(with_recovery_key=True)
    assert recovery is not None and RECOVERY_KEY_SHAPE.match(recovery)
    assert vault.has_recovery_key
    vault.close()
    typed = "  " + recovery.lower().replace("-", " ")[:10] + "--" + recovery[10:].replace("-", "")
    open_vault(secret=typed).close()
    open_vault().close()  # the passphrase still works too


def test_parse_recovery_key_rejects_what_cannot_be_a_key() -> None:
    assert parse_recovery_key("correct horse battery staple") is None
    assert parse_recovery_key("ABCD-EFGH") is None
    assert parse_recovery_key("ÄBCD-EFGH-ABCD-EFGH-ABCD-EFGH-ABCD-EFGH") is None
    assert parse_recovery_key("abcd efgh abcd efgh abcd efgh abcd efgh") is not None


def test_removed_recovery_key_no_longer_opens(
    create_vault: CreateVault, open_vault: OpenVault
) -> None:
    vault, recovery = create_vault(with_recovery_key=True)
    assert recovery is not None
    vault.remove_recovery_key()
    assert not vault.has_recovery_key
    vault.remove_recovery_key()  # nothing to remove: no error
    vault.close()
    with pytest.raises(WrongPassphraseError):
        open_vault(secret=recovery)
    open_vault().close()


def test_added_recovery_key_replaces_the_previous_one(
    create_vault: CreateVault, open_vault: OpenVault, vault_dir: Path
) -> None:
    vault, first = create_vault()
    assert first is None and not vault.has_recovery_key
    second = vault.add_recovery_key()
    third = vault.add_recovery_key()
    assert [s.kind for s in read_header(vault_dir).slots] == ["passphrase", "recovery"]
    vault.close()
    with pytest.raises(WrongPassphraseError):
        open_vault(secret=second)
    open_vault(secret=third).close()


def test_change_passphrase_rewrites_only_the_passphrase_slot(
    create_vault: CreateVault, open_vault: OpenVault, vault_dir: Path
) -> None:
    vault, recovery = create_vault(with_recovery_key=True)
    before = read_header(vault_dir)
    vault.change_passphrase("a new passphrase, Ұлттық")
    after = read_header(vault_dir)
    assert vault.header == after
    old_slot, new_slot = before.slots[0], after.slots[0]
    assert new_slot.slot_id == old_slot.slot_id
    assert new_slot.kind == "passphrase"
    assert new_slot.salt != old_slot.salt and new_slot.nonce != old_slot.nonce
    assert new_slot.kdf == old_slot.kdf
    assert after.slots[1] == before.slots[1]  # the recovery slot, byte for byte
    assert after.mac != before.mac
    vault.close()
    with pytest.raises(WrongPassphraseError):
        open_vault()
    open_vault(secret="a new passphrase, Ұлттық").close()
    open_vault(secret=recovery).close()


def test_change_passphrase_can_raise_kdf_params(
    create_vault: CreateVault, open_vault: OpenVault, vault_dir: Path
) -> None:
    vault, _ = create_vault()
    stronger = KdfParams(memory_kib=64 * 1024, iterations=2, lanes=2)
    vault.change_passphrase("new one", kdf=stronger)
    vault.close()
    assert read_header(vault_dir).slots[0].kdf == stronger
    open_vault(secret="new one").close()


@pytest.mark.parametrize(
    ("new", "kdf", "field"),
    [("", None, "passphrase"), ("fine", KdfParams.cheap(), "kdf.memory_kib")],
)
def test_change_passphrase_refuses_empty_or_weak_and_changes_nothing(
    create_vault: CreateVault, vault_dir: Path, new: str, kdf: KdfParams | None, field: str
) -> None:
    vault, _ = create_vault()
    header_bytes = (vault_dir / "vault.json").read_bytes()
    with pytest.raises(ValidationError) as excinfo:
        vault.change_passphrase(new, kdf=kdf)
    assert excinfo.value.field == field
    assert (vault_dir / "vault.json").read_bytes() == header_bytes


def test_change_passphrase_on_full_disk_keeps_old_header(
    create_vault: CreateVault,
    open_vault: OpenVault,
    vault_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vault, _ = create_vault()
    header_bytes = (vault_dir / "vault.json").read_bytes()
    header = vault.header

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", disk_full)
        with pytest.raises(StorageError):
            vault.change_passphrase("never stored")
    assert (vault_dir / "vault.json").read_bytes() == header_bytes
    assert vault.header == header
    assert sorted(p.name for p in vault_dir.iterdir() if p.name.endswith(".tmp")) == []
    vault.close()
    open_vault().close()


def test_read_only_vault_refuses_slot_changes(
    create_vault: CreateVault, open_vault: OpenVault, vault_dir: Path
) -> None:
    vault, _ = create_vault()
    vault.close()
    header_bytes = (vault_dir / "vault.json").read_bytes()
    read_only = open_vault(read_only=True)
    for change in (
        lambda: read_only.change_passphrase("x"),
        read_only.add_recovery_key,
        read_only.remove_recovery_key,
    ):
        with pytest.raises(VaultReadOnlyError):
            change()
    assert (vault_dir / "vault.json").read_bytes() == header_bytes


def test_slot_associated_data_binds_vault_id_slot_id_kind_and_kdf_params(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With a KDF that ignores salt and params, only the associated data can tell the slots apart.
    def params_blind_kdf(secret: bytes, salt: bytes, params: Any) -> bytes:
        return hashlib.sha256(secret).digest()

    monkeypatch.setattr(slots_module, "derive_key", params_blind_kdf)
    master = bytearray(os.urandom(32))
    vault_id = "6f1c5b2e-4a8a-4a8e-9d2e-0a4b6c8d0e1f"
    slot = wrap_master_key(master, b"secret", KdfParams.cheap(), vault_id, "passphrase")
    assert unwrap_master_key(slot, b"secret", vault_id) == master
    assert unwrap_master_key(slot, b"other secret", vault_id) is None
    assert unwrap_master_key(slot, b"secret", "00000000-0000-4000-8000-000000000000") is None
    for changed in (
        dataclasses.replace(slot, slot_id="another-slot"),
        dataclasses.replace(slot, kind="recovery"),
        dataclasses.replace(slot, kdf=KdfParams(8192, 2, 1)),
        dataclasses.replace(slot, kdf=KdfParams(16384, 1, 1)),
        dataclasses.replace(slot, kdf=KdfParams(8192, 1, 2)),
        dataclasses.replace(slot, salt=bytes(16)),
    ):
        assert unwrap_master_key(changed, b"secret", vault_id) is None, changed
