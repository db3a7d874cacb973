"""Every way opening can fail has its own error, and none of them changes a byte of the vault.

Each case breaks a freshly created vault in one way, snapshots the whole folder (name -> bytes),
opens, and checks the error class, that its facts name the problem, and that the folder is exactly
as it was: no file changed, added (no -wal/-shm) or removed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from advocate.errors import (
    DatabaseDamagedError,
    ForeignHeaderError,
    HeaderDamagedError,
    NotAVaultError,
    VaultError,
    VaultTooNewError,
    WrongPassphraseError,
)
from advocate.vault import KdfParams, Vault
from advocate.vault import slots as slots_module
from advocate.vault import vault as vault_module
from advocate.vault.lock import VaultLock

Snapshot = dict[str, bytes]
Breaker = Callable[[Path, Path, str], None]  # (vault folder, scratch folder, passphrase)


def _edit_header(change: Callable[[dict[str, Any]], None]) -> Breaker:
    def breaker(folder: Path, scratch: Path, passphrase: str) -> None:
        doc = json.loads((folder / "vault.json").read_text("utf-8"))
        change(doc)
        (folder / "vault.json").write_text(json.dumps(doc), "utf-8")

    return breaker


def _set_kdf(field: str, value: int) -> Breaker:
    return _edit_header(lambda doc: doc["slots"][0]["kdf"].__setitem__(field, value))


def _write_header(raw: bytes) -> Breaker:
    def breaker(folder: Path, scratch: Path, passphrase: str) -> None:
        (folder / "vault.json").write_bytes(raw)

    return breaker


def _truncate_db(size: int | None) -> Breaker:
    def breaker(folder: Path, scratch: Path, passphrase: str) -> None:
        db = folder / "vault.db"
        with open(db, "r+b") as stream:
            stream.truncate(size if size is not None else db.stat().st_size // 2)

    return breaker


def _flip_db_bytes(offset: int, count: int = 32) -> Breaker:
    def breaker(folder: Path, scratch: Path, passphrase: str) -> None:
        with open(folder / "vault.db", "r+b") as stream:
            stream.seek(offset)
            data = stream.read(count)
            stream.seek(offset)
            stream.write(bytes(b ^ 0xFF for b in data))

    return breaker


def _foreign_header(folder: Path, scratch: Path, passphrase: str) -> None:
    # Another vault with the same passphrase: its slot opens, its MAC is right, its db is not ours.
    other, _ = Vault.create(
        scratch / "other.advocate",
        passphrase,
        kdf=KdfParams.cheap(),
        _allow_weak_kdf_for_tests=True,
    )
    other.close()
    shutil.copyfile(scratch / "other.advocate" / "vault.json", folder / "vault.json")


def _delete(name: str) -> Breaker:
    return lambda folder, scratch, passphrase: (folder / name).unlink()


# (id, breaker, expected error, words the error's facts must contain, whether a KDF may run)
CASES: list[tuple[str, Breaker, type[VaultError], str, bool]] = [
    ("no_header", _delete("vault.json"), NotAVaultError, "no_header", False),
    ("not_json", _write_header(b"{not json"), HeaderDamagedError, "JSON", False),
    ("not_utf8", _write_header(b"\xff\xfe{}"), HeaderDamagedError, "JSON", False),
    ("json_list", _write_header(b"[]"), HeaderDamagedError, "object", False),
    (
        "wrong_format",
        _edit_header(lambda d: d.__setitem__("format", "keepass")),
        HeaderDamagedError,
        "format",
        False,
    ),
    (
        "missing_field",
        _edit_header(lambda d: d.pop("db_salt")),
        HeaderDamagedError,
        "db_salt",
        False,
    ),
    (
        "extra_field",
        _edit_header(lambda d: d.__setitem__("note", "x")),
        HeaderDamagedError,
        "note",
        False,
    ),
    (
        "bad_base64",
        _edit_header(lambda d: d["slots"][0].__setitem__("nonce", "!!not base64!!")),
        HeaderDamagedError,
        "slots[0].nonce",
        False,
    ),
    (
        "short_salt",
        _edit_header(lambda d: d["slots"][0]["kdf"].__setitem__("salt", "AAAA")),
        HeaderDamagedError,
        "slots[0].kdf.salt",
        False,
    ),
    (
        "version_not_number",
        _edit_header(lambda d: d.__setitem__("version", "1")),
        HeaderDamagedError,
        "version",
        False,
    ),
    ("memory_huge", _set_kdf("memory_kib", 2**30), HeaderDamagedError, "memory_kib", False),
    ("memory_tiny", _set_kdf("memory_kib", 4096), HeaderDamagedError, "memory_kib", False),
    ("iterations_high", _set_kdf("iterations", 10_000), HeaderDamagedError, "iterations", False),
    ("iterations_zero", _set_kdf("iterations", 0), HeaderDamagedError, "iterations", False),
    ("lanes_zero", _set_kdf("lanes", 0), HeaderDamagedError, "lanes", False),
    ("lanes_high", _set_kdf("lanes", 255), HeaderDamagedError, "lanes", False),
    (
        "too_many_slots",
        _edit_header(lambda d: d.__setitem__("slots", d["slots"] * 5)),
        HeaderDamagedError,
        "slots",
        False,
    ),
    (
        "too_new",
        _edit_header(lambda d: d.__setitem__("version", 2)),
        VaultTooNewError,
        "2",
        False,
    ),
    (
        "edited_header",
        _edit_header(lambda d: d.__setitem__("created", "2020-01-01T00:00:00+00:00")),
        HeaderDamagedError,
        "MAC",
        True,
    ),
    ("foreign_header", _foreign_header, ForeignHeaderError, "case.advocate", True),
    ("db_missing", _delete("vault.db"), DatabaseDamagedError, "missing", True),
    ("db_empty", _truncate_db(0), DatabaseDamagedError, "truncated (0 bytes)", True),
    ("db_truncated_to_10_bytes", _truncate_db(10), DatabaseDamagedError, "(10 bytes)", True),
    ("db_truncated_to_half", _truncate_db(None), DatabaseDamagedError, "", True),
    ("db_page1_damaged", _flip_db_bytes(200), DatabaseDamagedError, "", True),
]


@pytest.fixture
def populated_vault(create_vault: Callable[..., tuple[Vault, str | None]], vault_dir: Path) -> Path:
    """A closed vault with a few pages of rows, so truncating it to half cuts real data."""
    vault, _ = create_vault()
    with vault.transaction() as connection:
        connection.execute("CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT)")
        connection.executemany(
            "INSERT INTO note(body) VALUES (?)", [(f"note {i} " * 20,) for i in range(500)]
        )
    vault.close()
    return vault_dir


@pytest.mark.parametrize(
    ("breaker", "expected", "words", "kdf_may_run"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_failed_open_raises_its_own_error_and_leaves_vault_untouched(
    populated_vault: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    snapshot: Callable[[Path], Snapshot],
    passphrase: str,
    breaker: Breaker,
    expected: type[VaultError],
    words: str,
    kdf_may_run: bool,
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    breaker(populated_vault, scratch, passphrase)
    if not kdf_may_run:
        # Bounds and parsing are checked before Argon2id runs (a hostile header cannot hang us).
        def no_kdf(*args: object) -> bytes:
            raise AssertionError("the KDF ran on a header that should have been refused")

        monkeypatch.setattr(slots_module, "derive_key", no_kdf)
    before = snapshot(populated_vault)
    with pytest.raises(VaultError) as excinfo:
        Vault.open(populated_vault, passphrase)
    assert excinfo.type is expected, excinfo.value.message
    # The facts, not the wording: the reason or the technical detail names what is wrong.
    facts = " ".join(str(value) for value in excinfo.value.params.values())
    assert words in facts, facts
    assert snapshot(populated_vault) == before


def test_missing_folder_is_not_a_vault(tmp_path: Path, passphrase: str) -> None:
    with pytest.raises(NotAVaultError):
        Vault.open(tmp_path / "nowhere.advocate", passphrase)
    assert list(tmp_path.iterdir()) == []


def test_a_file_is_not_a_vault(tmp_path: Path, passphrase: str) -> None:
    (tmp_path / "notes.advocate").write_bytes(b"not a folder")
    with pytest.raises(NotAVaultError) as excinfo:
        Vault.open(tmp_path / "notes.advocate", passphrase)
    assert excinfo.value.code == "vault.not_a_vault"
    assert excinfo.value.params["reason"] == "not_a_folder"
    assert (tmp_path / "notes.advocate").read_bytes() == b"not a folder"


def test_wrong_passphrase_leaves_vault_untouched(
    populated_vault: Path, snapshot: Callable[[Path], Snapshot], passphrase: str
) -> None:
    before = snapshot(populated_vault)
    with pytest.raises(WrongPassphraseError) as excinfo:
        Vault.open(populated_vault, passphrase + " ")
    assert excinfo.type is WrongPassphraseError
    assert excinfo.value.code == "vault.wrong_passphrase"
    assert excinfo.value.params["path"] == populated_vault
    assert snapshot(populated_vault) == before


def test_wrong_passphrase_never_touches_database_or_lock(
    populated_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the database or lock was touched on a wrong passphrase")

    monkeypatch.setattr(sqlcipher3, "connect", forbidden)
    monkeypatch.setattr(vault_module, "_check_db_salt", forbidden)
    monkeypatch.setattr(VaultLock, "acquire", forbidden)
    with pytest.raises(WrongPassphraseError):
        Vault.open(populated_vault, "not the passphrase")


def test_failed_open_releases_the_lock(
    populated_vault: Path, open_vault: Any, passphrase: str
) -> None:
    db = populated_vault / "vault.db"
    good = db.read_bytes()
    db.write_bytes(good[:10])
    with pytest.raises(DatabaseDamagedError):
        Vault.open(populated_vault, passphrase)
    db.write_bytes(good)
    vault = open_vault(populated_vault)  # would be VaultLockedError if the lock had leaked
    assert vault.connection.execute("SELECT count(*) FROM note").fetchone()[0] == 500
