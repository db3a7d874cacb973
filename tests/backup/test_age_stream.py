"""data.age as ``agefile.encrypt_stream`` writes it (age-encryption.org/v1 by ``cryptography``):
pyrage and the ``age`` tool decrypt it for every recipient, at every chunk boundary."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from advocate.backup import agefile
from advocate.backup.errors import BackupEncryptError

from .agecli import needs_age

CHUNK = 64 * 1024
SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, (1 << 20) + 5, 2 << 20]


def _encrypt(data: bytes, recipients: list[object]) -> bytes:
    out = bytearray()
    agefile.encrypt_stream(io.BytesIO(data).read, out.extend, recipients)
    return bytes(out)


@pytest.mark.parametrize("size", SIZES)
def test_pyrage_decrypts_it_for_every_recipient(size: int) -> None:
    identities = [x25519.Identity.generate() for _ in range(2)]
    data = os.urandom(size)
    encrypted = _encrypt(data, [i.to_public() for i in identities])
    for identity in identities:
        assert pyrage.decrypt(encrypted, [identity]) == data
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(encrypted, [x25519.Identity.generate()])
    # one 16-byte tag per 64 KiB chunk, and a single chunk (never an empty extra one) at most
    chunks = max(1, -(-size // CHUNK))
    header = encrypted.index(b"\n---") + len(b"\n--- ") + 43 + 1
    assert len(encrypted) == header + 16 + size + 16 * chunks


def test_a_changed_byte_or_a_cut_stream_is_refused() -> None:
    identity = x25519.Identity.generate()
    encrypted = bytearray(_encrypt(os.urandom(3 * CHUNK), [identity.to_public()]))
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(bytes(encrypted[:-CHUNK]), [identity])  # the last chunk is flagged
    encrypted[-100] ^= 1
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(bytes(encrypted), [identity])


def test_errors_of_the_callbacks_come_out_unchanged() -> None:
    class Full(OSError):
        pass

    def write(_data: bytes) -> None:
        raise Full(28, "No space left on device")

    with pytest.raises(Full):
        agefile.encrypt_stream(io.BytesIO(b"x" * 10).read, write,
                               [x25519.Identity.generate().to_public()])


def test_a_recipient_with_a_wrong_checksum_is_refused() -> None:
    text = str(x25519.Identity.generate().to_public())
    broken = text[:-1] + ("q" if text[-1] != "q" else "p")
    with pytest.raises(BackupEncryptError):
        agefile.encrypt_stream(io.BytesIO(b"x").read, lambda _d: None, [broken])


@needs_age
@pytest.mark.parametrize("size", [0, CHUNK, (1 << 20) + 5])
def test_the_age_tool_decrypts_it(tmp_path: Path, size: int) -> None:
    identity = x25519.Identity.generate()
    data = os.urandom(size)
    (tmp_path / "key.txt").write_text(f"{identity}\n")
    (tmp_path / "data.age").write_bytes(_encrypt(data, [identity.to_public()]))
    done = subprocess.run(["age", "-d", "-i", str(tmp_path / "key.txt"),
                           str(tmp_path / "data.age")], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == data
