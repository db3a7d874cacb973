"""Fixtures shared by the core's tests: a fresh vault per test with cheap KDF parameters."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The CLI follows the locale; the tests read its English unless a test asks for a language.
os.environ["LANGUAGE"] = "en"

from advocate.i18n import set_language
from advocate.store import Store
from advocate.vault import KdfParams

PASSPHRASE = "correct horse — батарея скоба"


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A test that ran the CLI in another language leaves the process in English again."""
    yield
    set_language("en")


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    """Where a test's vault lives (not yet created)."""
    return tmp_path / "test.advocate"


@pytest.fixture
def store(vault_path: Path) -> Iterator[Store]:
    """An open, empty vault with the known passphrase; closed after the test."""
    created, _ = Store.create(vault_path, PASSPHRASE, kdf=KdfParams.cheap(),
                              _allow_weak_kdf_for_tests=True)
    with created:
        yield created


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}
