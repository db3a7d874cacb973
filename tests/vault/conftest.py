"""Fixtures for the vault tests: a fresh vault per test with cheap KDF parameters.

Real Argon2id parameters are exercised by one test of their own (test_vault_kdf.py); everything
else uses ``KdfParams.cheap()`` so the suite stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from advocate.vault import KdfParams, Vault

PASSPHRASE = "correct horse battery — Ақжол әже"

Snapshot = dict[str, bytes]


@pytest.fixture
def passphrase() -> str:
    """The passphrase of the vaults made by ``create_vault``."""
    return PASSPHRASE


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    """Where the test's vault lives (not created yet)."""
    return tmp_path / "case.advocate"


@pytest.fixture
def create_vault(vault_dir: Path) -> Iterator[Callable[..., tuple[Vault, str | None]]]:
    """Create a vault with cheap KDF parameters; every vault made is closed after the test."""
    made: list[Vault] = []

    def create(
        path: Path | None = None, secret: str = PASSPHRASE, **options: Any
    ) -> tuple[Vault, str | None]:
        options.setdefault("kdf", KdfParams.cheap())
        vault, recovery = Vault.create(
            path or vault_dir, secret, _allow_weak_kdf_for_tests=True, **options
        )
        made.append(vault)
        return vault, recovery

    yield create
    for vault in made:
        vault.close()


@pytest.fixture
def open_vault(vault_dir: Path) -> Iterator[Callable[..., Vault]]:
    """Open a vault (by default the test's, with its passphrase); closed after the test."""
    opened: list[Vault] = []

    def open_(path: Path | None = None, secret: str = PASSPHRASE, **options: Any) -> Vault:
        vault = Vault.open(path or vault_dir, secret, **options)
        opened.append(vault)
        return vault

    yield open_
    for vault in opened:
        vault.close()


@pytest.fixture
def closed_vault(create_vault: Callable[..., tuple[Vault, str | None]], vault_dir: Path) -> Path:
    """A freshly created and closed vault; its folder."""
    vault, _ = create_vault()
    vault.close()
    return vault_dir


def take_snapshot(folder: Path) -> Snapshot:
    """Every file under ``folder``: relative name -> bytes (an absent folder is empty)."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def snapshot() -> Callable[[Path], Snapshot]:
    """``snapshot(folder)``: name -> bytes of every file, to compare before and after."""
    return take_snapshot
