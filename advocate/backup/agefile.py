"""The age format (age-encryption.org/v1) as backups use it, through pyrage.

Two uses, because pyrage's passphrase (scrypt) API works on bytes in memory only while its streaming
API works with X25519 keys:

- ``key.age``: a small X25519 identity, passphrase-encrypted in memory (:func:`encrypt_key`,
  :func:`decrypt_key`). Before scrypt runs, the header is read here and its work factor bounded
  (at most 2**22, as the Go ``age`` tool does), so a tampered file cannot make us hang or exhaust
  memory; a key file larger than :data:`MAX_KEY_FILE_BYTES` is refused unread.

  Writing key.age does not use ``pyrage.passphrase.encrypt``: rage picks the scrypt work factor by
  timing the machine, with no way to set it, and picked 2**19 (512 MiB of memory, twice the app's
  budget) on the 2-core test machine; a faster machine picks 2**20 or more, which a slower one may
  then be unable to open. :func:`encrypt_with_passphrase` writes the one scrypt stanza itself with
  ``cryptography`` at a fixed 2**18 (256 MiB, under a second; the Go age tool's own choice), by
  the age specification. Reading still goes through pyrage; tests check that pyrage and the
  ``age`` tool decrypt what is written here.
- ``data.age``: the payload, streamed with plain callables on both sides, so memory stays flat:
  written by :func:`encrypt_stream` with ``cryptography`` by the age specification (faster than
  pyrage's ``encrypt_io``, see there), read through pyrage's ``decrypt_io``.

Only binary age files are read, their headers first checked strictly by
:mod:`advocate.backup.ageheader` (armored input is refused: a backup never holds it).
pyrage turns an exception raised in a Python callback into its own error (sometimes only as text),
so the adapters here keep the first exception they raised and re-raise exactly that one.
"""

from __future__ import annotations

import base64
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyrage
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyrage import x25519

from advocate.backup.ageheader import AGE_MAGIC, MAX_HEADER_BYTES, header_length, parse_header
from advocate.backup.errors import (
    BackupDamagedError,
    BackupEncryptError,
    BackupPassphraseInvalidError,
    BackupRecipientError,
    BackupWorkFactorError,
    NotABackupError,
    WrongBackupPassphraseError,
)
from advocate.backup.keyfile_fast import WrongKeyPassphrase, decrypt_canonical

#: The largest scrypt work factor (log2 N) accepted: 2**22 is what the Go age tool accepts; above
#: it scrypt needs more than 4 GiB of memory.
MAX_SCRYPT_LOG_N = 22
#: The work factor key.age is written with (2**18: 256 MiB and about a second, as age -p).
SCRYPT_LOG_N = 18
#: key.age holds one identity line and three comments; anything larger is not ours.
MAX_KEY_FILE_BYTES = 4096
_STREAM_CHUNK = 64 * 1024
_LOG_N = re.compile(rb"[1-9][0-9]{0,2}")
_IDENTITY = re.compile(r"AGE-SECRET-KEY-1[0-9A-Z]{58}")

Read = Callable[[int], bytes]
Write = Callable[[bytes], object]


def normalize_backup_passphrase(passphrase: str) -> str:
    """NFC-normalise a backup passphrase; refuse an empty one."""
    if not passphrase:
        raise BackupPassphraseInvalidError()
    return unicodedata.normalize("NFC", passphrase)


# --- key.age ----------------------------------------------------------------------------------


def new_identity() -> Any:
    """A fresh X25519 identity (pyrage.x25519.Identity) for one backup's data.age."""
    return x25519.Identity.generate()


def identity_file_text(identity: Any) -> bytes:
    """What key.age encrypts: the identity as ``age-keygen`` writes it (``age -i`` reads it)."""
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f"# Advocate backup key: decrypt data.age with it (age -d -i identity.txt data.age)\n"
            f"# created: {created}\n"
            f"# public key: {identity.to_public()}\n"
            f"{identity}\n").encode("ascii")


def parse_recipients(recipients: Sequence[str]) -> list[Any]:
    """Extra X25519 recipients (``age1…``) for data.age, such as an organisation's recovery key."""
    parsed = []
    for text in recipients:
        try:
            parsed.append(x25519.Recipient.from_str(text.strip()))
        except (pyrage.RecipientError, ValueError) as exc:
            raise BackupRecipientError(text[:20]) from exc
    return parsed


def encrypt_key(identity: Any, passphrase: str) -> bytes:
    """key.age: the identity file, encrypted with the (NFC-normalised) passphrase by scrypt."""
    return encrypt_with_passphrase(identity_file_text(identity), passphrase)


def encrypt_with_passphrase(plaintext: bytes, passphrase: str, log_n: int | None = None) -> bytes:
    """A binary age file of one scrypt stanza holding ``plaintext`` (at most 64 KiB).

    By the age specification (age-encryption.org/v1): a random 16-byte file key wrapped with
    ChaCha20-Poly1305 under scrypt(passphrase, "age-encryption.org/v1/scrypt" || salt, N=2**log_n,
    r=8, p=1), ``log_n`` being :data:`SCRYPT_LOG_N` unless given; the header MAC is HMAC-SHA-256
    under HKDF(file key, "header"); the payload is a 16-byte nonce and one final STREAM chunk
    under HKDF(file key, nonce, "payload").
    """
    log_n = SCRYPT_LOG_N if log_n is None else log_n  # read here, so tests can lower it
    if not 0 < len(plaintext) <= _STREAM_CHUNK or not 1 <= log_n <= MAX_SCRYPT_LOG_N:
        raise ValueError("encrypt_with_passphrase takes 1 byte to 64 KiB and a bounded log_n")
    secret = normalize_backup_passphrase(passphrase).encode("utf-8")
    file_key, salt, nonce = os.urandom(16), os.urandom(16), os.urandom(16)
    wrap_key = Scrypt(salt=b"age-encryption.org/v1/scrypt" + salt, length=32, n=2**log_n, r=8,
                      p=1).derive(secret)
    body = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)
    header = AGE_MAGIC + f"-> scrypt {_b64(salt)} {log_n}\n{_b64(body)}\n---".encode("ascii")
    mac = hmac.HMAC(_hkdf(file_key, b"", b"header"), hashes.SHA256())
    mac.update(header)
    payload_key = _hkdf(file_key, nonce, b"payload")
    last_chunk_nonce = bytes(11) + b"\x01"  # counter 0, last-chunk flag set
    chunk = ChaCha20Poly1305(payload_key).encrypt(last_chunk_nonce, plaintext, None)
    return header + b" " + _b64(mac.finalize()).encode("ascii") + b"\n" + nonce + chunk


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _b64(data: bytes) -> str:
    """Unpadded standard base64, as age headers use."""
    return base64.b64encode(data).decode("ascii").rstrip("=")


def decrypt_key(data: bytes, passphrase: str, path: Path | None = None) -> Any:
    """The identity inside key.age: header and work factor checked first, then decrypted."""
    payload = decrypt_passphrase(data, passphrase, path)
    return parse_identity(payload, path)


def decrypt_passphrase(data: bytes, passphrase: str, path: Path | None = None) -> bytes:
    """Decrypt a small binary age file protected by a passphrase, bounding scrypt beforehand."""
    secret = normalize_backup_passphrase(passphrase)
    if len(data) > MAX_KEY_FILE_BYTES:
        raise BackupDamagedError(
            path,
            f"The backup's key (key.age) is {len(data):,} bytes, far more than a backup key; the "
            "file is not an Advocate backup or was altered.")
    check_scrypt_header(data, path)
    try:
        # note: the shape we write is opened by cryptography, whose scrypt releases the GIL
        # (pyrage's holds it for the whole second: the app's window froze); see keyfile_fast.
        fast = decrypt_canonical(data, secret, MAX_SCRYPT_LOG_N)
    except WrongKeyPassphrase:
        raise WrongBackupPassphraseError(path) from None
    if fast is not None:
        return fast
    try:
        return bytes(pyrage.passphrase.decrypt(data, secret))
    except pyrage.DecryptError as exc:
        text = str(exc)
        if text in ("Decryption failed", "No matching keys found"):
            raise WrongBackupPassphraseError(path) from exc
        raise BackupDamagedError(
            path,
            f"The backup's key (key.age) is damaged ({_first_line(exc)}).") from exc


def check_scrypt_header(data: bytes, path: Path | None = None) -> None:
    """Refuse a key file that is not binary age, has no scrypt stanza, or asks too much work."""
    stanzas = parse_header(data, "key.age", path)
    scrypt = [stanza.args for stanza in stanzas if stanza.type == b"scrypt"]
    if not scrypt:
        raise NotABackupError(
            path,
            "The backup's key (key.age) is not protected by a passphrase, so this is not an "
            "Advocate backup.")
    for args in scrypt:
        if len(args) != 3 or not _LOG_N.fullmatch(args[2]):
            raise BackupDamagedError(
                path,
                "The backup's key (key.age) has a malformed scrypt header.")
        log_n = int(args[2])
        if log_n > MAX_SCRYPT_LOG_N:
            raise BackupWorkFactorError(path, log_n, MAX_SCRYPT_LOG_N)


def parse_identity(payload: bytes, path: Path | None = None) -> Any:
    """The one X25519 identity in an identity file (comment lines and blank lines ignored)."""
    try:
        text = payload.decode("ascii")
    except UnicodeDecodeError:
        text = ""
    keys = [line.strip() for line in text.splitlines()
            if line.strip() and not line.startswith("#")]
    if len(keys) != 1 or not _IDENTITY.fullmatch(keys[0]):
        raise NotABackupError(
            path,
            "The backup's key (key.age) does not hold an age identity, so this is not an Advocate "
            "backup.")
    try:
        return x25519.Identity.from_str(keys[0])
    except (pyrage.IdentityError, ValueError) as exc:
        raise BackupDamagedError(
            path,
            "The backup's key (key.age) holds a damaged identity.") from exc


# --- data.age ---------------------------------------------------------------------------------


class _CallbackIO:
    """The file-like pyrage reads from or writes to; remembers the first exception raised."""

    def __init__(self, read: Read | None = None, write: Write | None = None,
                 pushback: bytes = b"") -> None:
        self._read = read
        self._write = write
        self._pushback = pushback
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        """At most ``size`` bytes (pyrage asks for 8 KiB at a time)."""
        assert self._read is not None
        if self._pushback:
            piece, self._pushback = self._pushback[:size], self._pushback[size:]
            return piece
        try:
            return self._read(size)
        except BaseException as exc:
            self.error = self.error or exc
            raise

    def write(self, data: bytes) -> int:
        """Hand ``data`` on; pyrage writes 64 KiB STREAM chunks."""
        assert self._write is not None
        try:
            self._write(data)
        except BaseException as exc:
            self.error = self.error or exc
            raise
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered here."""


#: How much plaintext :func:`encrypt_stream` asks ``read`` for at a time.
_READ_SIZE = 1024 * 1024


def encrypt_stream(read: Read, write: Write, recipients: Sequence[Any]) -> None:
    """Encrypt everything ``read`` yields to ``recipients``, handing ciphertext to ``write``.

    By the age specification (age-encryption.org/v1), with ``cryptography``: a random 16-byte
    file key wrapped for each X25519 recipient (an ephemeral key's share, ChaCha20-Poly1305 under
    HKDF(shared secret, share || recipient, "age-encryption.org/v1/X25519")), the header MAC,
    a 16-byte nonce, then the plaintext in 64 KiB STREAM chunks under HKDF(file key, nonce,
    "payload"), the last one flagged (and empty only when the whole plaintext is).

    note: issue 14: not pyrage's ``encrypt_io``, which asks for 8 KiB at a time through Python
    callbacks and holds the GIL while it encrypts, at about 1 GiB/s here: in a backup it and the
    thread reading the vault took the GIL from each other. ``cryptography`` encrypts a 64 KiB
    chunk at 3.6 GiB/s, read in 1 MiB pieces. Tests check that pyrage and the ``age`` tool
    decrypt what is written here. An exception raised by ``read`` or ``write`` (Cancelled, a
    disk error) comes out unchanged.
    """
    file_key = os.urandom(16)
    try:
        stanzas = b"".join(_x25519_stanza(file_key, _recipient_key(r)) for r in recipients)
    except ValueError as exc:
        raise BackupEncryptError(_first_line(exc)) from exc
    header = AGE_MAGIC + stanzas + b"---"
    mac = hmac.HMAC(_hkdf(file_key, b"", b"header"), hashes.SHA256())
    mac.update(header)
    nonce = os.urandom(16)
    write(header + b" " + _b64(mac.finalize()).encode("ascii") + b"\n" + nonce)
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    counter = 0
    pending = bytearray()
    while True:
        data = read(_READ_SIZE)
        if not data:
            break
        pending += data
        start = 0
        with memoryview(pending) as view:
            while len(pending) - start > _STREAM_CHUNK:  # more follows: not the last chunk
                write(aead.encrypt(_chunk_nonce(counter, last=False),
                                   view[start:start + _STREAM_CHUNK], None))
                start += _STREAM_CHUNK
                counter += 1
        del pending[:start]
    write(aead.encrypt(_chunk_nonce(counter, last=True), bytes(pending), None))


def _chunk_nonce(counter: int, *, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _x25519_stanza(file_key: bytes, recipient: bytes) -> bytes:
    """The ``-> X25519`` stanza wrapping ``file_key`` for the public key ``recipient``."""
    ephemeral = X25519PrivateKey.generate()
    share = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    wrap_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=share + recipient,
                    info=b"age-encryption.org/v1/X25519").derive(shared)
    body = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)
    return f"-> X25519 {_b64(share)}\n{_b64(body)}\n".encode("ascii")


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _recipient_key(recipient: Any) -> bytes:
    """The 32 bytes of an X25519 recipient (``age1…``, Bech32), its checksum checked."""
    text = str(recipient).strip().lower()
    hrp, _, data = text.rpartition("1")
    if hrp != "age" or not data or any(c not in _BECH32 for c in data):
        raise ValueError("not an age X25519 recipient")
    values = [_BECH32.index(c) for c in data]
    check = 1
    for value in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate(_BECH32_GEN):
            check ^= gen if (top >> i) & 1 else 0
    if check != 1:
        raise ValueError("the recipient's checksum is wrong")
    acc = bits = 0
    out = bytearray()
    for value in values[:-6]:
        acc, bits = (acc << 5) | value, bits + 5
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    if len(out) != 32 or acc & ((1 << bits) - 1):
        raise ValueError("the recipient is not 32 bytes")
    return bytes(out)


def decrypt_stream(read: Read, write: Write, identity: Any, path: Path | None = None) -> None:
    """Decrypt binary age from ``read`` with ``identity``, handing plaintext to ``write``.

    Plaintext handed on before an error is not authentic as a whole (a truncated stream yields
    its first chunks before the error): the caller must discard everything when this raises.
    """
    head = _read_header(read)
    parse_header(head, "data.age", path)
    source, sink = _CallbackIO(read=read, pushback=head), _CallbackIO(write=write)
    try:
        pyrage.decrypt_io(source, sink, [identity])
    except BaseException as exc:
        _reraise_callback_error(source, sink)
        if isinstance(exc, pyrage.DecryptError) and str(exc) == "No matching keys found":
            raise BackupDamagedError(
                path,
                "The backup's data (data.age) was not encrypted to the backup's key: key.age and "
                "data.age come from different backups.") from exc
        if isinstance(exc, pyrage.DecryptError | OSError):
            raise BackupDamagedError(
                path,
                f"The backup's data (data.age) is truncated or was altered "
                f"({_first_line(exc)}).") from exc
        raise


def _read_header(read: Read) -> bytes:
    """The first bytes of a stream, through its header's MAC line (or as far as there are)."""
    head = bytearray()
    while len(head) < MAX_HEADER_BYTES and header_length(head) is None:
        piece = read(8192)
        if not piece:
            break
        head += piece
    return bytes(head)


def _reraise_callback_error(*adapters: _CallbackIO) -> None:
    for adapter in adapters:
        if adapter.error is not None:
            raise adapter.error


def _first_line(exc: BaseException) -> str:
    """pyrage's message, first line only (some add advice that does not apply here)."""
    lines = str(exc).strip().splitlines()
    return lines[0].rstrip(".") if lines else type(exc).__name__
