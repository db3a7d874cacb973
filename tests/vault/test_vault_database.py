"""The SQLCipher connection: settings, transactions, damage, read-only opening, no plaintext."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3

from advocate.errors import VaultError, VaultReadOnlyError
from advocate.vault import Vault
from advocate.vault.database import check_cipher_version
from advocate.vault.lock import VaultLock

CreateVault = Callable[..., tuple[Vault, str | None]]
OpenVault = Callable[..., Vault]
Snapshot = dict[str, bytes]

SENTINEL = "SENTINEL-Ақжол-7731"
PAGE = 4096


def _pragma(vault: Vault, name: str) -> object:
    return vault.connection.execute(f"PRAGMA {name}").fetchone()[0]


@pytest.mark.parametrize("read_only", [False, True])
def test_every_open_applies_the_vault_settings(
    create_vault: CreateVault, open_vault: OpenVault, read_only: bool
) -> None:
    vault, _ = create_vault()
    vault.close()
    vault = open_vault(read_only=read_only)
    assert str(_pragma(vault, "cipher_version")).startswith("4.")
    # off on purpose: see the note in advocate/vault/database.py
    assert _pragma(vault, "cipher_memory_security") in (0, "0")
    assert _pragma(vault, "cipher_log_level") == "NONE"
    assert _pragma(vault, "foreign_keys") == 1
    assert _pragma(vault, "secure_delete") == 1
    assert _pragma(vault, "temp_store") == 2  # MEMORY
    assert _pragma(vault, "journal_mode") == "wal"
    assert _pragma(vault, "synchronous") == 2  # FULL
    assert vault.connection.isolation_level is None


def test_sqlcipher_other_than_4_is_refused(tmp_path: Path) -> None:
    check_cipher_version("4.19.0 community", tmp_path / "vault.db")
    for found in ("3.4.2 community", None):
        with pytest.raises(VaultError) as excinfo:
            check_cipher_version(found, tmp_path / "vault.db")
        assert "SQLCipher 4" in excinfo.value.message


def test_transaction_commits_and_survives_reopening(
    create_vault: CreateVault, open_vault: OpenVault
) -> None:
    vault, _ = create_vault()
    with vault.transaction() as connection:
        connection.execute("CREATE TABLE t(x TEXT)")
        connection.execute("INSERT INTO t VALUES ('kept')")
    assert not vault.connection.in_transaction
    vault.close()
    reopened = open_vault()
    assert reopened.connection.execute("SELECT x FROM t").fetchall() == [("kept",)]


def test_transaction_rolls_back_on_exception(create_vault: CreateVault) -> None:
    vault, _ = create_vault()
    with vault.transaction() as connection:
        connection.execute("CREATE TABLE t(x TEXT)")
    with pytest.raises(RuntimeError), vault.transaction() as connection:
        connection.execute("INSERT INTO t VALUES ('lost')")
        raise RuntimeError("boom")
    assert not vault.connection.in_transaction
    assert vault.connection.execute("SELECT count(*) FROM t").fetchone()[0] == 0


def test_transaction_takes_the_write_lock_at_begin(create_vault: CreateVault) -> None:
    vault, _ = create_vault()
    with vault.transaction() as connection:
        assert connection.in_transaction
        # BEGIN IMMEDIATE: a second BEGIN inside would fail, the transaction is really open
        with pytest.raises(Exception, match="within a transaction"):
            connection.execute("BEGIN")


def test_foreign_keys_are_enforced(create_vault: CreateVault) -> None:
    vault, _ = create_vault()
    with vault.transaction() as connection:
        connection.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY)")
        connection.execute("CREATE TABLE child(parent_id INTEGER REFERENCES parent(id))")
    with pytest.raises(sqlcipher3.IntegrityError), vault.transaction() as connection:
        connection.execute("INSERT INTO child VALUES (42)")


def test_failed_commit_is_rolled_back_and_raises_the_sqlite_error(
    create_vault: CreateVault,
) -> None:
    vault, _ = create_vault()
    with vault.transaction() as connection:
        connection.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY)")
        connection.execute(
            "CREATE TABLE child(parent_id INTEGER"
            " REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)"
        )
    # A deferred foreign key is only checked at COMMIT: the commit path itself must roll back.
    with pytest.raises(sqlcipher3.IntegrityError), vault.transaction() as connection:
        connection.execute("INSERT INTO child VALUES (42)")
    assert not vault.connection.in_transaction
    assert vault.connection.execute("SELECT count(*) FROM child").fetchone()[0] == 0


def test_close_is_idempotent_wipes_key_and_releases_lock(
    create_vault: CreateVault, vault_dir: Path, passphrase: str
) -> None:
    vault, _ = create_vault()
    key = vault._master_key  # white-box: the buffer the vault promises to zero
    assert any(key)
    with vault:
        pass
    assert key == bytearray(32)
    vault.close()
    with pytest.raises(VaultError):
        vault.connection
    with pytest.raises(VaultError):
        vault.transaction().__enter__()
    VaultLock.acquire(vault_dir / "vault.lock").release()
    with Vault.open(vault_dir, passphrase) as again:
        assert again.integrity_check() == []


def test_no_plaintext_sentinel_in_any_vault_file(
    create_vault: CreateVault, vault_dir: Path
) -> None:
    vault, _ = create_vault(with_recovery_key=True)
    long_text = (SENTINEL + " — свидетель показал, что ") * 400  # spills onto overflow pages
    with vault.transaction() as connection:
        connection.execute("CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT)")
        connection.executemany(
            "INSERT INTO note(body) VALUES (?)",
            [(f"{SENTINEL} #{i}",) for i in range(200)] + [(long_text,)],
        )
        connection.execute("CREATE INDEX note_body ON note(body)")
    needles = [
        text.encode(encoding)
        for text in (SENTINEL, "SENTINEL", "Ақжол")
        for encoding in ("utf-8", "utf-16-le")
    ]
    _assert_absent(vault_dir, needles)  # while open: the WAL holds the new pages
    vault.close()
    _assert_absent(vault_dir, needles)


def _assert_absent(folder: Path, needles: list[bytes]) -> None:
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"{needle!r} found in {path.name}"


@pytest.fixture
def damaged_vault(create_vault: CreateVault, vault_dir: Path) -> Path:
    """A closed vault of a few thousand rows with one page in the middle damaged."""
    vault, _ = create_vault()
    with vault.transaction() as connection:
        connection.execute("CREATE TABLE threat(id INTEGER PRIMARY KEY, text TEXT)")
        connection.executemany(
            "INSERT INTO threat(text) VALUES (?)",
            [(f"threat {i}: a message received by the family",) for i in range(3000)],
        )
    vault.close()  # checkpoints the WAL into vault.db
    db = vault_dir / "vault.db"
    pages = db.stat().st_size // PAGE
    assert pages > 20
    with open(db, "r+b") as stream:
        stream.seek((pages // 2) * PAGE + 300)
        chunk = stream.read(32)
        stream.seek((pages // 2) * PAGE + 300)
        stream.write(bytes(b ^ 0x5A for b in chunk))
    return vault_dir


def test_integrity_check_reports_a_damaged_page(damaged_vault: Path, open_vault: OpenVault) -> None:
    vault = open_vault()
    problems = vault.integrity_check()
    assert problems
    assert any("page" in problem for problem in problems)


def test_integrity_check_is_empty_on_a_healthy_vault(
    create_vault: CreateVault,
) -> None:
    vault, _ = create_vault()
    with vault.transaction() as connection:
        connection.execute("CREATE TABLE t(x)")
        connection.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(1000)])
    assert vault.integrity_check() == []


def test_damaged_vault_opens_read_only_and_is_never_written(
    damaged_vault: Path, open_vault: OpenVault, snapshot: Callable[[Path], Snapshot]
) -> None:
    before = snapshot(damaged_vault)
    vault = open_vault(read_only=True)
    assert vault.read_only
    assert vault.connection.execute("SELECT text FROM threat WHERE id = 1").fetchone() == (
        "threat 0: a message received by the family",
    )
    assert vault.integrity_check()
    with pytest.raises(VaultReadOnlyError) as excinfo:
        with vault.transaction() as connection:
            connection.execute("DELETE FROM threat")
    assert "backup" in excinfo.value.message
    with pytest.raises(Exception, match="readonly"):
        vault.connection.execute("DELETE FROM threat")
    vault.close()
    assert snapshot(damaged_vault) == before  # and no -wal/-shm left behind


def test_read_only_open_keeps_existing_sidecar_files(
    create_vault: CreateVault, open_vault: OpenVault, vault_dir: Path
) -> None:
    vault, _ = create_vault()
    vault.close()
    # A -wal and -shm left by someone else (here: empty ones) are not ours to delete.
    (vault_dir / "vault.db-wal").write_bytes(b"")
    (vault_dir / "vault.db-shm").write_bytes(b"")
    open_vault(read_only=True).close()
    assert (vault_dir / "vault.db-wal").exists()
    assert (vault_dir / "vault.db-shm").exists()
