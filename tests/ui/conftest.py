"""Fixtures of the app's tests: offscreen Qt, strict prompts, a worker joined at teardown, and
fresh vaults (an empty one and the demo) with cheap KDF parameters."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from advocate.demo import build_demo
from advocate.store import Store
from advocate.vault import KdfParams
from ui.prompts import Prompts
from ui.worker import VaultWorker

PASSPHRASE = "correct horse — батарея скоба"


@pytest.fixture
def prompts() -> Prompts:
    """Dialogs answered by the test; an unanswered one fails the test instead of blocking."""
    return Prompts(strict=True)


@pytest.fixture
def worker(qapp: object) -> Iterator[VaultWorker]:
    """The owner of the vault; locked and joined after the test, so no thread outlives it."""
    made = VaultWorker()
    yield made
    made.shutdown()


def _make_vault(path: Path, *, demo: bool) -> None:
    store, _ = Store.create(path, PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store:
        if demo:
            build_demo(store)


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-template") / "demo.advocate"
    _make_vault(path, demo=True)
    return path


@pytest.fixture
def demo_vault(_demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of a vault holding the demo cases (passphrase ``PASSPHRASE``)."""
    path = tmp_path / "demo.advocate"
    shutil.copytree(_demo_template, path, ignore=shutil.ignore_patterns("vault.lock"))
    return path


@pytest.fixture
def empty_vault(tmp_path: Path) -> Path:
    """A fresh empty vault (passphrase ``PASSPHRASE``)."""
    path = tmp_path / "empty.advocate"
    _make_vault(path, demo=False)
    return path


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """No worker thread outlives the tests: one left running crashed the interpreter at exit."""
    VaultWorker.shutdown_all()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        # note: a QMimeData left on the clipboard was destroyed by Qt's exit handlers after
        # Python had finalised: a segmentation fault at exit (gdb: Shiboken::Object::destroy)
        QApplication.clipboard().clear()
        for widget in QApplication.topLevelWidgets():
            widget.close()
            widget.deleteLater()
        app.processEvents()


@pytest.fixture
def shown_app(qapp: Any, tmp_path: Path, prompts: Prompts) -> Iterator[Any]:
    """The whole app (tests/ui/shell_helpers.make_app), its window shown; closed after."""
    from tests.ui.shell_helpers import close_app, make_app

    made = make_app(qapp, tmp_path, prompts)
    made.window.show()
    yield made
    close_app(made)


@pytest.fixture
def unlocked_app(qtbot: Any, shown_app: Any, demo_vault: Path) -> Any:
    """The app unlocked on a demo vault."""
    from tests.ui.shell_helpers import unlock

    unlock(qtbot, shown_app, demo_vault)
    return shown_app
