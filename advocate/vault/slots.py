"""Key slots: wrapping the master key under a passphrase or a recovery key; unlocking with one.

A slot's key is Argon2id(secret, salt, params); the master key is sealed with AES-256-GCM under
it. The associated data binds the vault id, the slot id, its kind and its KDF parameters, so a slot
moved to another vault or relabelled does not open. The recovery key is 160 random bits printed as
eight groups of four base32 letters, read back tolerant of case, spaces and dashes.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import os
import re
import uuid
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from advocate.errors import WrongPassphraseError
from advocate.vault.header import (
    AEAD_NAME,
    NONCE_BYTES,
    KeySlot,
    SlotKind,
    VaultHeader,
    canonical_json,
)
from advocate.vault.kdf import SALT_BYTES, KdfParams, derive_key, normalize_passphrase

RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 letters, no padding
_RECOVERY_GROUP = 4
_IGNORED_IN_RECOVERY_KEY = re.compile(r"[\s\-]+")


def slot_associated_data(vault_id: str, slot: KeySlot) -> bytes:
    """The AEAD associated data of a slot: canonical JSON of what the slot is bound to."""
    return canonical_json(
        {
            "vault_id": vault_id,
            "slot_id": slot.slot_id,
            "kind": slot.kind,
            "kdf": slot.kdf_dict(),
            "aead": slot.aead,
        }
    )


def wrap_master_key(
    master_key: bytes | bytearray,
    secret: bytes,
    kdf: KdfParams,
    vault_id: str,
    kind: SlotKind,
    slot_id: str | None = None,
) -> KeySlot:
    """Make a new slot (fresh salt and nonce) that opens to ``master_key`` with ``secret``."""
    empty = KeySlot(
        slot_id=slot_id or str(uuid.uuid4()),
        kind=kind,
        kdf=kdf,
        salt=os.urandom(SALT_BYTES),
        aead=AEAD_NAME,
        nonce=os.urandom(NONCE_BYTES),
        wrapped=b"",
    )
    slot_key = derive_key(secret, empty.salt, kdf)
    wrapped = AESGCM(slot_key).encrypt(
        empty.nonce, bytes(master_key), slot_associated_data(vault_id, empty)
    )
    return dataclasses.replace(empty, wrapped=wrapped)


def unwrap_master_key(slot: KeySlot, secret: bytes, vault_id: str) -> bytearray | None:
    """The master key if ``secret`` opens ``slot``, else None.

    The slot's KDF parameters must already be within bounds (``parse_header`` guarantees it).
    """
    slot_key = derive_key(secret, slot.salt, slot.kdf)
    try:
        plain = AESGCM(slot_key).decrypt(
            slot.nonce, slot.wrapped, slot_associated_data(vault_id, slot)
        )
    except InvalidTag:
        return None
    # note: ``plain`` is an immutable bytes object we cannot wipe; the bytearray is what the vault
    # keeps and zeroes on close. Best effort only: Python gives no guarantee about copies.
    return bytearray(plain)


def new_recovery_key() -> tuple[str, bytes]:
    """A fresh recovery key: the printable form (``ABCD-EFGH-...``) and its 20 raw bytes."""
    raw = os.urandom(RECOVERY_KEY_BYTES)
    letters = base64.b32encode(raw).decode("ascii")
    groups = [letters[i : i + _RECOVERY_GROUP] for i in range(0, len(letters), _RECOVERY_GROUP)]
    return "-".join(groups), raw


def parse_recovery_key(text: str) -> bytes | None:
    """The raw bytes of a typed recovery key, or None if ``text`` cannot be one.

    Case, spaces and dashes do not matter, so a key read aloud or copied from paper still works.
    """
    letters = _IGNORED_IN_RECOVERY_KEY.sub("", text).upper()
    try:
        raw = base64.b32decode(letters.encode("ascii"))
    except (UnicodeEncodeError, binascii.Error, ValueError):
        return None
    return raw if len(raw) == RECOVERY_KEY_BYTES else None


def unlock_master_key(header: VaultHeader, secret: str, path: Path) -> bytearray:
    """The master key a header's slots give for a passphrase or recovery key.

    Tries the passphrase slots, then (if ``secret`` reads as one) the recovery slots; raises
    ``WrongPassphraseError`` when none opens.
    """
    passphrase = normalize_passphrase(secret)
    for slot in header.slots:
        if slot.kind == "passphrase":
            key = unwrap_master_key(slot, passphrase, header.vault_id)
            if key is not None:
                return key
    recovery = parse_recovery_key(secret)
    if recovery is not None:
        for slot in header.slots:
            if slot.kind == "recovery":
                key = unwrap_master_key(slot, recovery, header.vault_id)
                if key is not None:
                    return key
    raise WrongPassphraseError(path)
