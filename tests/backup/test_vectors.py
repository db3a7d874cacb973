"""The C2SP CCTV age test vectors that apply to what a restore reads, run against our functions.

A backup is read through two paths: ``agefile.decrypt_passphrase`` (key.age, scrypt) and
``agefile.decrypt_stream`` (data.age, X25519). Every vector with a passphrase runs through the
first, every vector with an X25519 identity through the second. A vector passes when decryption
succeeds exactly when it says ``expect: success`` (with the payload's SHA-256 as given) and every
failure is one of our clear errors (a ``BackupError``), never a crash or a partial success.
Armored vectors must all fail: a backup is binary age, so armor is refused, successes included.
The hybrid (ML-KEM) vectors were not copied: a backup never uses those recipients.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pyrage import x25519

from advocate.backup import BackupError
from advocate.backup.agefile import decrypt_passphrase, decrypt_stream
from advocate.errors import AdvocateError

VECTORS = Path(__file__).parent / "vectors"
#: For the two vectors that name no identity (an empty file): any identity will do.
FALLBACK_IDENTITY = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"


@dataclass
class Vector:
    """One test vector file: its header fields and the age file."""

    name: str
    expect: str = ""
    payload: str = ""
    identities: list[str] = field(default_factory=list)
    passphrase: str | None = None
    armored: bool = False
    body: bytes = b""


def _load(path: Path) -> Vector:
    head, _, body = path.read_bytes().partition(b"\n\n")
    vector = Vector(path.name)
    compressed = False
    for line in head.decode("utf-8").splitlines():
        key, _, value = line.partition(": ")
        if key == "expect":
            vector.expect = value
        elif key == "payload":
            vector.payload = value
        elif key == "identity":
            vector.identities.append(value)
        elif key == "passphrase":
            vector.passphrase = value
        elif key == "armored":
            vector.armored = value == "yes"
        elif key == "compressed":
            compressed = value == "zlib"
    vector.body = zlib.decompress(body) if compressed else body
    return vector


ALL = [_load(p) for p in sorted(VECTORS.iterdir())]


def _decrypt(vector: Vector) -> bytes:
    if vector.passphrase is not None:
        return decrypt_passphrase(vector.body, vector.passphrase)
    identity = x25519.Identity.from_str((vector.identities or [FALLBACK_IDENTITY])[0])
    offset = 0
    out = bytearray()

    def read(size: int) -> bytes:
        nonlocal offset
        piece = vector.body[offset:offset + size]
        offset += len(piece)
        return piece

    decrypt_stream(read, out.extend, identity)
    return bytes(out)


def test_the_vectors_are_all_here() -> None:
    assert len(ALL) == 124
    assert sum(v.expect == "success" and not v.armored for v in ALL) == 15
    assert sum(v.armored for v in ALL) == 32
    assert not any("hybrid" in v.name for v in ALL)


@pytest.mark.parametrize("vector", ALL, ids=[v.name for v in ALL])
def test_vector(vector: Vector) -> None:
    if vector.expect == "success" and not vector.armored:
        assert hashlib.sha256(_decrypt(vector)).hexdigest() == vector.payload
        return
    with pytest.raises(BackupError) as caught:
        _decrypt(vector)
    assert isinstance(caught.value, AdvocateError) and caught.value.message
    if vector.armored:
        detail = caught.value.params["detail"]
        assert "armored" in detail or "not an age file" in detail
