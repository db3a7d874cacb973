"""key.age is opened by cryptography (scrypt without the GIL), pyrage still deciding the rest."""

from __future__ import annotations

import threading
import time

import pytest

from advocate.backup import WrongBackupPassphraseError
from advocate.backup.agefile import (
    MAX_SCRYPT_LOG_N,
    decrypt_key,
    decrypt_passphrase,
    encrypt_with_passphrase,
    identity_file_text,
    new_identity,
)
from advocate.backup.keyfile_fast import WrongKeyPassphrase, decrypt_canonical
from tests.backup.conftest import REAL_LOG_N

SECRET = "seven purple otters juggle lanterns"


def test_what_we_write_opens_on_the_fast_path() -> None:
    data = encrypt_with_passphrase(b"identity text", SECRET, log_n=10)
    assert decrypt_canonical(data, SECRET, MAX_SCRYPT_LOG_N) == b"identity text"
    with pytest.raises(WrongKeyPassphrase):
        decrypt_canonical(data, "not it", MAX_SCRYPT_LOG_N)
    with pytest.raises(WrongBackupPassphraseError):
        decrypt_passphrase(data, "not it")


@pytest.mark.parametrize("change", [
    (b"-> scrypt ", b"-> Scrypt "),  # not our shape: pyrage decides
    (b"---", b"--- "),
])
def test_another_shape_is_left_to_pyrage(change: tuple[bytes, bytes]) -> None:
    data = encrypt_with_passphrase(b"identity text", SECRET, log_n=10).replace(*change, 1)
    assert decrypt_canonical(data, SECRET, MAX_SCRYPT_LOG_N) is None


def test_an_altered_payload_is_left_to_pyrage_which_refuses_it() -> None:
    data = bytearray(encrypt_with_passphrase(b"identity text", SECRET, log_n=10))
    data[-1] ^= 1
    assert decrypt_canonical(bytes(data), SECRET, MAX_SCRYPT_LOG_N) is None
    with pytest.raises(Exception):
        decrypt_passphrase(bytes(data), SECRET)


def test_other_threads_keep_running_while_the_backup_key_is_opened() -> None:
    identity = new_identity()
    # the real work factor (the tests' fixture lowers it elsewhere): about a second of scrypt
    data = encrypt_with_passphrase(identity_file_text(identity), SECRET, log_n=REAL_LOG_N)
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            time.sleep(0.005)
            ticks += 1

    counter = threading.Thread(target=count)
    counter.start()
    try:
        opened = decrypt_key(data, SECRET)
    finally:
        stop.set()
        counter.join()
    assert str(opened) == str(identity)
    assert ticks > 20  # with pyrage's scrypt holding the GIL it stayed near 0
