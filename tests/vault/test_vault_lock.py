"""One holder at a time: a second open, in this process or another, gets VaultLockedError."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from advocate.errors import VaultLockedError
from advocate.vault import Vault, read_header

CreateVault = Callable[..., tuple[Vault, str | None]]
OpenVault = Callable[..., Vault]
Snapshot = dict[str, bytes]

# The child reads the passphrase from stdin (never from argv) and prints the outcome.
CHILD = """
import sys
from pathlib import Path
from advocate.errors import VaultError
from advocate.vault import Vault
try:
    Vault.open(Path(sys.argv[1]), sys.stdin.readline().rstrip("\\n")).close()
except VaultError as exc:
    print(type(exc).__name__)
else:
    print("opened")
"""


def _open_in_other_process(path: Path, passphrase: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        input=passphrase + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_second_open_in_another_process_is_refused(
    create_vault: CreateVault, vault_dir: Path, passphrase: str
) -> None:
    vault, _ = create_vault()
    assert _open_in_other_process(vault_dir, passphrase) == "VaultLockedError"
    vault.close()
    assert _open_in_other_process(vault_dir, passphrase) == "opened"


def test_second_open_in_same_process_is_refused_and_changes_nothing(
    create_vault: CreateVault,
    open_vault: OpenVault,
    vault_dir: Path,
    snapshot: Callable[[Path], Snapshot],
) -> None:
    vault, _ = create_vault()
    with vault.transaction() as connection:
        connection.execute("CREATE TABLE t(x)")
    before = snapshot(vault_dir)
    with pytest.raises(VaultLockedError) as excinfo:
        open_vault()
    assert "already open" in excinfo.value.message
    assert snapshot(vault_dir) == before
    vault.close()
    open_vault().close()


def test_read_only_open_also_takes_the_lock(
    create_vault: CreateVault, open_vault: OpenVault
) -> None:
    vault, _ = create_vault()
    vault.close()
    open_vault(read_only=True)
    with pytest.raises(VaultLockedError):
        open_vault()


def test_read_header_works_while_vault_is_open(create_vault: CreateVault, vault_dir: Path) -> None:
    vault, _ = create_vault()
    assert read_header(vault_dir).vault_id == vault.vault_id


def test_lock_file_is_recreated_if_missing(
    create_vault: CreateVault, open_vault: OpenVault, vault_dir: Path
) -> None:
    vault, _ = create_vault()
    vault.close()
    (vault_dir / "vault.lock").unlink()
    open_vault()
    assert (vault_dir / "vault.lock").read_bytes() == b""
    with pytest.raises(VaultLockedError):
        open_vault()
