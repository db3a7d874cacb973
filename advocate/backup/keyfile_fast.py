"""Opening key.age without holding the interpreter: the shape Advocate writes, by cryptography.

Why: ``pyrage.passphrase.decrypt`` runs scrypt (2**18, about a second) while holding Python's
global interpreter lock, so every other thread of the process stops for that second; in the
desktop app the window froze for 1.2 s at the start of every backup check, verification and
restore (measured by tests/ui/test_ops_backup.py). ``cryptography``'s scrypt releases the lock.

Only the exact, canonical shape :func:`advocate.backup.agefile.encrypt_with_passphrase` writes
is opened here: one scrypt stanza (16-byte salt, 32-byte wrapped file key, canonical base64), the
header MAC, a 16-byte nonce and one final STREAM chunk of 1 byte to 64 KiB. Anything else, and
any failed check but a wrong passphrase, returns None and the caller falls back to pyrage, which
then decides (and explains) exactly as before; the C2SP test vectors run through both paths
(tests/backup/test_vectors.py).
"""

from __future__ import annotations

import base64
import binascii
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import constant_time, hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

_SHAPE = re.compile(
    rb"(age-encryption\.org/v1\n-> scrypt ([A-Za-z0-9+/]{22}) ([1-9][0-9]?)\n"
    rb"([A-Za-z0-9+/]{43})\n---) ([A-Za-z0-9+/]{43})\n")
_CHUNK = 64 * 1024
_TAG = 16


class WrongKeyPassphrase(Exception):
    """The file key did not unwrap: the passphrase is not this file's."""


def decrypt_canonical(data: bytes, secret: str, max_log_n: int) -> bytes | None:
    """The plaintext of a canonical one-stanza scrypt age file, or None when it is not one.

    Raises WrongKeyPassphrase when the shape is canonical and the file key does not unwrap.
    """
    match = _SHAPE.match(data)
    if match is None:
        return None
    header, salt_text, log_text, body_text, mac_text = match.groups()
    salt, body, mac = (_b64(t) for t in (salt_text, body_text, mac_text))
    log_n = int(log_text)
    rest = data[match.end():]
    if salt is None or body is None or mac is None or log_n > max_log_n \
            or not 16 + _TAG < len(rest) <= 16 + _CHUNK + _TAG:
        return None
    try:
        wrap_key = Scrypt(salt=b"age-encryption.org/v1/scrypt" + salt, length=32,
                          n=2**log_n, r=8, p=1).derive(secret.encode("utf-8"))
    except (ValueError, MemoryError):
        return None  # a work factor this build of OpenSSL refuses: pyrage decides
    try:
        file_key = ChaCha20Poly1305(wrap_key).decrypt(bytes(12), body, None)
    except InvalidTag:
        raise WrongKeyPassphrase() from None
    check = hmac.HMAC(_hkdf(file_key, b"", b"header"), hashes.SHA256())
    check.update(header)
    if not constant_time.bytes_eq(check.finalize(), mac):
        return None
    nonce, chunk = rest[:16], rest[16:]
    try:
        plain = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload")).decrypt(
            bytes(11) + b"\x01", chunk, None)
    except InvalidTag:
        return None
    return plain or None


def _b64(text: bytes) -> bytes | None:
    """Unpadded canonical base64 (as age writes it), or None."""
    try:
        raw = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b64encode(raw).rstrip(b"=") == text else None


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)
