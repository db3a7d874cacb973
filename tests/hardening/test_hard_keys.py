"""Key handling: fresh nonces, a header MAC that catches any edited byte, keys dropped on lock."""

from __future__ import annotations

import ast
import hmac
import json
from pathlib import Path
from typing import Any

import pytest

import advocate.vault.vault as vault_module
from advocate.errors import (
    HeaderDamagedError,
    NotAVaultError,
    VaultTooNewError,
    WrongPassphraseError,
)
from advocate.store import Store
from advocate.vault import KdfParams, Vault
from advocate.vault.header import mac_matches, parse_header

from .conftest import PASSPHRASE, REPO

ALLOWED_ON_OPEN = (HeaderDamagedError, WrongPassphraseError)
ALLOWED_ON_PARSE = (HeaderDamagedError, NotAVaultError, VaultTooNewError)


def _vault(tmp_path: Path, recovery: bool = True) -> tuple[Path, str | None]:
    path = tmp_path / "k.advocate"
    vault, recovery_key = Vault.create(path, PASSPHRASE, kdf=KdfParams.cheap(),
                                       with_recovery_key=recovery,
                                       _allow_weak_kdf_for_tests=True)
    vault.close()
    return path, recovery_key


def test_slot_nonces_and_salts_never_repeat(tmp_path: Path) -> None:
    """Create (two slots) + 50 passphrase changes + recovery-key renewals: 100+ slots, all fresh."""
    path, _ = _vault(tmp_path)
    nonces: list[bytes] = []
    salts: list[bytes] = []
    wrapped: list[bytes] = []

    def collect() -> None:
        header = json.loads((path / "vault.json").read_text())
        for slot in parse_header((path / "vault.json").read_bytes(), path / "vault.json").slots:
            nonces.append(slot.nonce)
            salts.append(slot.salt)
            wrapped.append(slot.wrapped)
        assert header["slots"]

    collect()
    current = PASSPHRASE
    with Vault.open(path, current) as vault:
        for i in range(50):
            new = f"{PASSPHRASE} {i}"
            vault.change_passphrase(new)  # keeps the (cheap) parameters of the old slot
            current = new
            if i % 10 == 0:
                vault.add_recovery_key()
            collect()
    # a slot that did not change appears again in later headers: count each slot once
    unique = set(zip(nonces, salts, wrapped, strict=True))
    assert len(unique) >= 50 + 2 + 5
    assert len({n for n, _, _ in unique}) == len(unique), "an AES-GCM nonce was used twice"
    assert len({s for _, s, _ in unique}) == len(unique), "an Argon2id salt was used twice"
    Vault.open(path, current).close()


def test_every_byte_of_the_header_is_guarded(tmp_path: Path) -> None:
    """Flip each byte of vault.json (XOR 1): opening fails as damaged or wrong, never succeeds."""
    path, _ = _vault(tmp_path, recovery=False)
    header_path = path / "vault.json"
    original = header_path.read_bytes()
    outcomes: dict[str, int] = {}
    for i in range(len(original)):
        edited = bytearray(original)
        edited[i] ^= 0x01
        header_path.write_bytes(bytes(edited))
        try:
            Vault.open(path, PASSPHRASE).close()
        except ALLOWED_ON_OPEN as exc:
            outcomes[type(exc).__name__] = outcomes.get(type(exc).__name__, 0) + 1
        else:
            pytest.fail(f"vault opened with byte {i} edited ({original[i:i + 1]!r})")
    header_path.write_bytes(original)
    Vault.open(path, PASSPHRASE).close()
    assert sum(outcomes.values()) == len(original)
    print(f"{len(original)} single-byte edits: {outcomes}")


def test_every_value_of_every_byte_is_caught_or_layout_only(tmp_path: Path) -> None:
    """All 255 other values of every byte (about 200,000 edited headers).

    Each edited header is either refused by the parser, or parses to a different header whose MAC
    no longer matches (checked with the real master key, as ``Vault.open`` does after a slot
    opens), or is the same JSON document with other whitespace — the MAC covers the canonical form,
    so layout alone is not an edit (docs/vault-format.md). Anything else — the same header from
    different bytes, e.g. a non-canonical base64 or hex spelling — is an undetected edit.
    """
    path, _ = _vault(tmp_path)
    with Vault.open(path, PASSPHRASE) as vault:
        key = bytes(vault._master_key)
    header_path = path / "vault.json"
    original = header_path.read_bytes()
    reference = parse_header(original, header_path)
    document = json.loads(original)
    refused = layout_only = mac_caught = 0
    for i in range(len(original)):
        for value in range(256):
            if value == original[i]:
                continue
            edited = original[:i] + bytes([value]) + original[i + 1:]
            try:
                parsed = parse_header(edited, header_path)
            except ALLOWED_ON_PARSE:
                refused += 1
                continue
            if parsed == reference:
                assert json.loads(edited) == document, (
                    f"byte {i} {original[i:i + 1]!r} -> {bytes([value])!r} is an edit the "
                    f"header MAC cannot see")
                layout_only += 1
            else:
                assert not mac_matches(parsed, key), f"byte {i} -> {value}: MAC still matches"
                mac_caught += 1
    print(f"refused {refused}, MAC caught {mac_caught}, whitespace only {layout_only}")
    assert refused and mac_caught


def test_master_key_is_zeroed_and_no_passphrase_kept_after_close(tmp_path: Path) -> None:
    path, _ = _vault(tmp_path)
    store = Store.open(path, PASSPHRASE)
    key = store.vault._master_key
    assert isinstance(key, bytearray) and any(key)
    copy = bytes(key)
    _assert_no_secret(store, [PASSPHRASE, PASSPHRASE.encode(), copy, copy.hex()])
    store.close()
    assert key == bytearray(len(key)), "the master key survived close()"
    assert store.vault._db is None
    with pytest.raises(Exception, match="closed"):
        store.vault.connection
    store.close()  # closing twice is harmless


def test_master_key_is_zeroed_when_open_fails_after_unlock(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A slot opened but the MAC failed: the unwrapped key is wiped before the error leaves."""
    path, _ = _vault(tmp_path)
    header = json.loads((path / "vault.json").read_text())
    header["created"] = "2001-01-01T00:00:00+00:00"  # an edit the MAC catches after unlocking
    (path / "vault.json").write_text(json.dumps(header))
    keys: list[bytearray] = []
    real_unlock = vault_module._unlock

    def spying_unlock(*args: Any) -> bytearray:
        keys.append(real_unlock(*args))
        return keys[-1]

    monkeypatch.setattr(vault_module, "_unlock", spying_unlock)
    with pytest.raises(HeaderDamagedError):
        Vault.open(path, PASSPHRASE)
    assert keys and keys[0] == bytearray(32)


def _assert_no_secret(root: object, secrets: list[Any]) -> None:
    """No attribute reachable from ``root`` (through our own objects) holds one of ``secrets``."""
    seen: set[int] = set()

    def walk(value: object, where: str) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, str | bytes):
            assert value not in secrets, f"{where} keeps a secret"
            return
        if isinstance(value, bytearray):
            return  # the one key buffer, checked to be wiped separately
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{where}[{k!r}]")
            return
        if isinstance(value, list | tuple | set | frozenset):
            for n, v in enumerate(value):
                walk(v, f"{where}[{n}]")
            return
        module = type(value).__module__
        if not module.startswith("advocate"):
            return
        names = list(getattr(value, "__dict__", {}))
        for cls in type(value).__mro__:
            names += list(getattr(cls, "__slots__", ()))
        for name in names:
            if hasattr(value, name):
                walk(getattr(value, name), f"{where}.{name}")

    walk(root, "store")


def test_header_mac_is_compared_in_constant_time(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = _vault(tmp_path)
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    Vault.open(path, PASSPHRASE).close()
    assert any(len(a) == 32 for a, _ in calls), "the header MAC was not compared by compare_digest"


def test_no_secret_is_compared_with_equals_in_the_source() -> None:
    """Every comparison of a MAC, tag, digest or key in advocate/vault uses compare_digest."""
    suspicious = ("mac", "tag", "digest", "key")
    problems = []
    for source in sorted((REPO / "advocate" / "vault").glob("*.py")):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(
                    isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
                operands = [node.left, *node.comparators]
                if any(isinstance(n, ast.Constant) or (isinstance(n, ast.Call)
                       and ast.unparse(n.func) in ("len", "isinstance")) for n in operands):
                    continue  # a length or a constant is not a secret
                names = [ast.unparse(n).lower() for n in operands]
                if any(any(word in name for word in suspicious) for name in names):
                    problems.append(f"{source.name}:{node.lineno}: {ast.unparse(node)}")
    # note: the salt comparison in _check_db_salt compares a public value (stored in clear in
    # both the header and the database's first bytes); it is not a secret.
    assert problems == [], problems
