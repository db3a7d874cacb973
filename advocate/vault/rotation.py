"""Rotating the master key after a suspected compromise, so that a crash never locks a vault out.

Someone who copied ``vault.db`` and later learns the old master key (from a seized, unlocked
laptop's memory, say) must not read the vault's future. Rotation re-encrypts every page under a
new random key (``PRAGMA rekey``) and wraps the new key in new slots. The database and the header
cannot change in one atomic step, so the order is:

1. write the new header to ``vault.json.next`` (atomically): its slots wrap the new key;
2. ``PRAGMA rekey``: one SQLite transaction; every page is rewritten under the new key;
3. rename ``vault.json.next`` over ``vault.json``.

A crash before 2 commits leaves the database under the old key: ``vault.json`` opens it and the
stale ``vault.json.next`` is removed. A crash between 2 and 3 leaves the database under the new
key: ``vault.json`` unwraps a key that no longer opens it, so opening tries ``vault.json.next``
and, when that opens the database, finishes step 3. The passphrase opens the vault either way.
A recovery key cannot be re-wrapped without itself, so rotation issues a new one; after a crash
between 2 and 3 only the passphrase opens the vault until a recovery key is issued again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from advocate.errors import HeaderDamagedError, WrongPassphraseError
from advocate.vault import database
from advocate.vault.atomic import atomic_write_bytes, fsync_directory
from advocate.vault.header import (
    HEADER_FILE,
    VaultHeader,
    header_bytes,
    header_mac,
    mac_matches,
    parse_header,
)
from advocate.vault.kdf import normalize_passphrase
from advocate.vault.slots import (
    new_recovery_key,
    unlock_master_key,
    unwrap_master_key,
    wrap_master_key,
)

if TYPE_CHECKING:
    from advocate.vault.vault import Vault

NEXT_HEADER = "vault.json.next"
KEY_BYTES = 32


def rotate_master_key(vault: Vault, passphrase: str) -> str | None:
    """Re-encrypt the vault under a new master key; returns a new recovery key if it had one.

    The passphrase is asked again (it is needed to wrap the new key). Raises
    WrongPassphraseError if it is not the vault's, StorageError if the disk refuses; in every
    case the vault still opens with its passphrase.
    """
    vault.require_writable()
    secret = normalize_passphrase(passphrase)
    old_slot = next(s for s in vault.header.slots if s.kind == "passphrase")
    checked = unwrap_master_key(old_slot, secret, vault.vault_id)
    if checked is None:
        raise WrongPassphraseError(vault.path)
    checked[:] = bytes(len(checked))
    new_key = bytearray(os.urandom(KEY_BYTES))
    slots = [wrap_master_key(new_key, secret, old_slot.kdf, vault.vault_id, "passphrase",
                             slot_id=old_slot.slot_id)]
    recovery_text = None
    if vault.has_recovery_key:
        recovery_text, raw = new_recovery_key()
        slots.append(wrap_master_key(new_key, raw, old_slot.kdf, vault.vault_id, "recovery"))
    unsigned = dataclasses.replace(vault.header, slots=tuple(slots), mac=b"")
    header = dataclasses.replace(unsigned, mac=header_mac(unsigned, new_key))
    next_path = vault.path / NEXT_HEADER
    atomic_write_bytes(next_path, header_bytes(header))
    try:
        vault.connection.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    except sqlcipher3.Error as exc:
        with contextlib.suppress(OSError):
            next_path.unlink()
        refused = database.storage_error(exc, vault.db_path)
        raise (refused or exc) from exc
    finish_rotation(vault.connection, vault.path)
    vault.replace_key(new_key, header)
    new_key[:] = bytes(KEY_BYTES)
    return recovery_text


def pending_rotation(path: Path, secret: str) -> tuple[VaultHeader, bytearray] | None:
    """The header and key of a rotation cut off between rekey and rename, if the secret opens it."""
    next_path = path / NEXT_HEADER
    try:
        header = parse_header(next_path.read_bytes(), next_path)
    except (OSError, HeaderDamagedError):
        return None
    try:
        key = unlock_master_key(header, secret, path)
    except WrongPassphraseError:
        return None
    if not mac_matches(header, key):
        key[:] = bytes(len(key))
        return None
    return header, key


def finish_rotation(connection: sqlcipher3.Connection, path: Path) -> None:
    """Step 3, once the database opens with the new key: checkpoint, then the new header.

    note: the rekeyed pages sit in the WAL until a checkpoint copies them into vault.db; until
    then ``cipher_integrity_check``, which reads vault.db's own pages, reports every page as
    failing its HMAC (found by tests/hardening: test_kill_during_master_key_rotation).
    """
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlcipher3.Error as exc:
        refused = database.storage_error(exc, path / "vault.db")
        raise (refused or exc) from exc
    _complete(path)


def remove_stale_next_header(path: Path) -> None:
    """Remove a ``vault.json.next`` whose rotation never reached the rekey (the old key opened)."""
    with contextlib.suppress(OSError):
        (path / NEXT_HEADER).unlink()


def _complete(path: Path) -> None:
    os.replace(path / NEXT_HEADER, path / HEADER_FILE)
    with contextlib.suppress(OSError):
        fsync_directory(path)
