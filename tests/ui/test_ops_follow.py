"""Every vault dialog opened from the menus follows the app: its texts change with the language
and it closes (cancelling its work) when the vault locks. One wiring, in ``ops_base``."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton


@pytest.fixture
def app(unlocked_app: Any) -> Any:
    return unlocked_app


@pytest.mark.parametrize("command", ["backup", "restore", "verify_backup", "import", "export",
                                     "check", "passphrase", "recovery"])
def test_a_vault_dialog_follows_the_language_and_closes_at_lock(
        qtbot: Any, app: Any, command: str) -> None:
    app.window.commands[command].trigger()
    dialog = next(w for w in app.window.findChildren(QDialog) if w.isVisible())
    close = dialog.findChild(QPushButton, "closeButton")
    assert close is not None and close.text() == "Close"
    app.window.set_language("ru")
    assert close.text() == "Закрыть"
    app.window.set_language("en")
    assert close.text() == "Close"
    app.window.lock_now()
    assert not dialog.isVisible()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(dialog)
