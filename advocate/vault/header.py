"""The vault header ``vault.json``: its fields, strict parsing, canonical form and MAC.

The header holds no secret in the clear: the master key appears only wrapped in key slots. It is
parsed strictly (unknown or missing fields, wrong types, bad base64, out-of-bound KDF parameters are
all damage) and carries an HMAC-SHA256 under a key derived from the master key, so an edited header
is detected once a slot has been opened. docs/vault-format.md describes the format for readers of
the file who do not have this code.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from advocate.errors import HeaderDamagedError, NotAVaultError, StorageError, VaultTooNewError
from advocate.vault.atomic import atomic_write_bytes
from advocate.vault.kdf import (
    ITERATIONS_MAX,
    ITERATIONS_MIN,
    KDF_NAME,
    LANES_MAX,
    LANES_MIN,
    MEMORY_KIB_MAX,
    MEMORY_KIB_MIN,
    SALT_BYTES,
    KdfParams,
)

FORMAT_VERSION = 1
FORMAT_NAME = "advocate-vault"
HEADER_FILE = "vault.json"
DB_FILE = "vault.db"
LOCK_FILE = "vault.lock"

AEAD_NAME = "aes-256-gcm"
NONCE_BYTES = 12
WRAPPED_BYTES = 32 + 16  # the master key plus the GCM tag
DB_SALT_BYTES = 16
MAC_INFO = b"advocate vault header mac v1"
MAX_SLOTS = 4  # each slot costs one KDF run when opening; a tampered header must not add many
MAX_HEADER_BYTES = 64 * 1024

SlotKind = Literal["passphrase", "recovery"]
SLOT_KINDS: tuple[SlotKind, ...] = ("passphrase", "recovery")
_TOP_FIELDS = {"format", "version", "vault_id", "created", "db_salt", "slots", "mac"}
_SLOT_FIELDS = {"id", "kind", "kdf", "aead", "nonce", "wrapped"}
_KDF_FIELDS = {"name", "memory_kib", "iterations", "lanes", "salt"}
_BOUNDS = {
    "memory_kib": (MEMORY_KIB_MIN, MEMORY_KIB_MAX),
    "iterations": (ITERATIONS_MIN, ITERATIONS_MAX),
    "lanes": (LANES_MIN, LANES_MAX),
}


@dataclass(frozen=True)
class KeySlot:
    """One way into the vault: the master key wrapped under a key derived from a secret."""

    slot_id: str
    kind: SlotKind
    kdf: KdfParams
    salt: bytes
    aead: str
    nonce: bytes
    wrapped: bytes

    def to_dict(self) -> dict[str, Any]:
        """The slot as it appears in ``vault.json``."""
        return {
            "id": self.slot_id,
            "kind": self.kind,
            "kdf": self.kdf_dict(),
            "aead": self.aead,
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }

    def kdf_dict(self) -> dict[str, Any]:
        """The slot's ``kdf`` object (also part of the slot's AEAD associated data)."""
        return {
            "name": KDF_NAME,
            "memory_kib": self.kdf.memory_kib,
            "iterations": self.kdf.iterations,
            "lanes": self.kdf.lanes,
            "salt": _b64(self.salt),
        }


@dataclass(frozen=True)
class VaultHeader:
    """The parsed contents of ``vault.json``."""

    version: int
    vault_id: str
    created: str
    db_salt: bytes
    slots: tuple[KeySlot, ...]
    mac: bytes

    def unsigned_dict(self) -> dict[str, Any]:
        """The header without its ``mac``: what the MAC is computed over."""
        return {
            "format": FORMAT_NAME,
            "version": self.version,
            "vault_id": self.vault_id,
            "created": self.created,
            "db_salt": self.db_salt.hex(),
            "slots": [slot.to_dict() for slot in self.slots],
        }

    def to_dict(self) -> dict[str, Any]:
        """The header as it appears in ``vault.json``."""
        return {**self.unsigned_dict(), "mac": self.mac.hex()}


def canonical_json(value: Any) -> bytes:
    """Serialise ``value`` the one way the MAC and slot associated data are computed over."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def header_mac(header: VaultHeader, master_key: bytes | bytearray) -> bytes:
    """HMAC-SHA256 of the canonical unsigned header under the HKDF-derived MAC key.

    note: the database is keyed with the raw master key; the MAC key goes through HKDF so the two
    keys never coincide.
    """
    mac_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=MAC_INFO).derive(
        bytes(master_key)
    )
    return hmac.new(mac_key, canonical_json(header.unsigned_dict()), hashlib.sha256).digest()


def mac_matches(header: VaultHeader, master_key: bytes | bytearray) -> bool:
    """Whether the header's MAC is right for this master key (constant-time comparison)."""
    return hmac.compare_digest(header.mac, header_mac(header, master_key))


def read_header(path: Path) -> VaultHeader:
    """Read and check the header of the vault folder ``path``; no passphrase needed.

    Raises ``NotAVaultError`` (no folder, or no vault.json), ``HeaderDamagedError`` (not JSON,
    wrong format, missing or malformed field, KDF parameters out of bounds) or ``VaultTooNewError``.
    Never takes the vault lock and never touches the database. The MAC is not checked here: that
    needs the master key (``Vault.open`` checks it).
    """
    header_path = path / HEADER_FILE
    if not path.is_dir():
        raise NotAVaultError(path, "not_a_folder" if path.exists() else "missing")
    if not header_path.is_file():
        raise NotAVaultError(path, "no_header")
    try:
        with open(header_path, "rb") as stream:
            raw = stream.read(MAX_HEADER_BYTES + 1)
    except OSError as exc:
        raise StorageError.from_os(header_path, exc, "read") from exc
    return parse_header(raw, header_path)


def parse_header(raw: bytes, where: Path) -> VaultHeader:
    """Parse the bytes of a ``vault.json``; ``where`` is named in error messages."""
    if len(raw) > MAX_HEADER_BYTES:
        raise _damaged(where, "the file is far larger than any vault header")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(where, f"it is not valid JSON ({exc})") from exc
    if not isinstance(doc, dict):
        raise _damaged(where, "it is not a JSON object")
    if doc.get("format") != FORMAT_NAME:
        raise _damaged(where, f'field "format" is not "{FORMAT_NAME}"')
    # The version is checked before the other fields: a newer format may have other fields.
    version = _int(doc, "version", where)
    if version > FORMAT_VERSION:
        raise VaultTooNewError(where.parent, version, FORMAT_VERSION)
    if version < 1:
        raise _damaged(where, 'field "version" is not a positive number')
    _exact_fields(doc, _TOP_FIELDS, "", where)
    slots_doc = doc["slots"]
    if not isinstance(slots_doc, list) or not 1 <= len(slots_doc) <= MAX_SLOTS:
        raise _damaged(where, f'field "slots" must be a list of 1 to {MAX_SLOTS} key slots')
    slots = tuple(_parse_slot(item, f"slots[{i}]", where) for i, item in enumerate(slots_doc))
    if len({slot.slot_id for slot in slots}) != len(slots):
        raise _damaged(where, "two key slots have the same id")
    return VaultHeader(
        version=version,
        vault_id=_uuid(doc, "vault_id", where),
        created=_timestamp(doc, "created", where),
        db_salt=_hex(doc, "db_salt", DB_SALT_BYTES, where),
        slots=slots,
        mac=_hex(doc, "mac", hashlib.sha256().digest_size, where),
    )


def header_bytes(header: VaultHeader) -> bytes:
    """The bytes written to ``vault.json``: indented for people, same MAC as the canonical form."""
    text = json.dumps(header.to_dict(), indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def write_header(folder: Path, header: VaultHeader) -> None:
    """Write ``vault.json`` atomically (raises ``StorageError``, old header intact, on failure)."""
    atomic_write_bytes(folder / HEADER_FILE, header_bytes(header))


def _parse_slot(doc: Any, name: str, where: Path) -> KeySlot:
    if not isinstance(doc, dict):
        raise _damaged(where, f'field "{name}" is not an object')
    _exact_fields(doc, _SLOT_FIELDS, f"{name}.", where)
    kind = _str(doc, "kind", where, name)
    if kind not in SLOT_KINDS:
        raise _damaged(where, f'field "{name}.kind" is not one of {", ".join(SLOT_KINDS)}')
    if _str(doc, "aead", where, name) != AEAD_NAME:
        raise _damaged(where, f'field "{name}.aead" is not "{AEAD_NAME}"')
    kdf_doc = doc["kdf"]
    if not isinstance(kdf_doc, dict):
        raise _damaged(where, f'field "{name}.kdf" is not an object')
    kdf_name = f"{name}.kdf"
    _exact_fields(kdf_doc, _KDF_FIELDS, f"{kdf_name}.", where)
    if _str(kdf_doc, "name", where, kdf_name) != KDF_NAME:
        raise _damaged(where, f'field "{kdf_name}.name" is not "{KDF_NAME}"')
    numbers = {field: _int(kdf_doc, field, where, kdf_name) for field in _BOUNDS}
    for field, (low, high) in _BOUNDS.items():
        if not low <= numbers[field] <= high:
            raise _damaged(where, f'field "{kdf_name}.{field}" is outside {low}..{high}')
    return KeySlot(
        slot_id=_str(doc, "id", where, name),
        kind=kind,
        kdf=KdfParams(numbers["memory_kib"], numbers["iterations"], numbers["lanes"]),
        salt=_b64_field(kdf_doc, "salt", SALT_BYTES, where, kdf_name),
        aead=AEAD_NAME,
        nonce=_b64_field(doc, "nonce", NONCE_BYTES, where, name),
        wrapped=_b64_field(doc, "wrapped", WRAPPED_BYTES, where, name),
    )


def _damaged(where: Path, what: str) -> HeaderDamagedError:
    # note: ``what`` is a technical detail in English for support; the user reads the template.
    return HeaderDamagedError(where.parent, what)


def _qualified(prefix: str, field: str) -> str:
    return f"{prefix}.{field}" if prefix else field


def _exact_fields(doc: dict[str, Any], expected: set[str], prefix: str, where: Path) -> None:
    missing = sorted(expected - doc.keys())
    if missing:
        raise _damaged(where, f'field "{prefix}{missing[0]}" is missing')
    extra = sorted(doc.keys() - expected)
    if extra:
        raise _damaged(where, f'field "{prefix}{extra[0]}" is not part of the format')


def _value(doc: dict[str, Any], field: str, where: Path, prefix: str) -> Any:
    if field not in doc:
        raise _damaged(where, f'field "{_qualified(prefix, field)}" is missing')
    return doc[field]


def _int(doc: dict[str, Any], field: str, where: Path, prefix: str = "") -> int:
    value = _value(doc, field, where, prefix)
    # bool is an int in Python; JSON true must not pass for 1
    if not isinstance(value, int) or isinstance(value, bool):
        raise _damaged(where, f'field "{_qualified(prefix, field)}" is not a whole number')
    return value


def _str(doc: dict[str, Any], field: str, where: Path, prefix: str = "") -> str:
    value = _value(doc, field, where, prefix)
    if not isinstance(value, str):
        raise _damaged(where, f'field "{_qualified(prefix, field)}" is not a string')
    return value


def _b64_field(doc: dict[str, Any], field: str, size: int, where: Path, prefix: str) -> bytes:
    text = _str(doc, field, where, prefix)
    try:
        value = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error) as exc:
        raise _damaged(where, f'field "{prefix}.{field}" is not valid base64') from exc
    if len(value) != size:
        raise _damaged(where, f'field "{prefix}.{field}" is not {size} bytes long')
    if _b64(value) != text:
        # note: the MAC covers the parsed value, so a second spelling of the same bytes (other
        # padding bits) would be an edit it cannot see (tests/hardening/test_hard_keys.py).
        raise _damaged(where, f'field "{prefix}.{field}" is not in canonical base64')
    return value


def _hex(doc: dict[str, Any], field: str, size: int, where: Path) -> bytes:
    text = _str(doc, field, where)
    try:
        value = bytes.fromhex(text)
    except ValueError as exc:
        raise _damaged(where, f'field "{field}" is not hexadecimal') from exc
    if len(value) != size:
        raise _damaged(where, f'field "{field}" is not {size} bytes long')
    if value.hex() != text:
        # note: upper case or spaces spell the same bytes, an edit the MAC (over the parsed
        # value) could not see; found by tests/hardening/test_hard_keys.py.
        raise _damaged(where, f'field "{field}" is not lowercase hexadecimal')
    return value


def _uuid(doc: dict[str, Any], field: str, where: Path) -> str:
    text = _str(doc, field, where)
    try:
        uuid.UUID(text)
    except ValueError as exc:
        raise _damaged(where, f'field "{field}" is not a UUID') from exc
    return text


def _timestamp(doc: dict[str, Any], field: str, where: Path) -> str:
    text = _str(doc, field, where)
    try:
        datetime.fromisoformat(text)
    except ValueError as exc:
        raise _damaged(where, f'field "{field}" is not an ISO 8601 time') from exc
    return text


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")
