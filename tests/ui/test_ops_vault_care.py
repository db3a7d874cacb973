"""Vault care from the app: passphrase, recovery key, master key rotation, and a full check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from advocate.store import Store
from tests.ui.conftest import PASSPHRASE
from tests.ui.ops_helpers import child, open_session
from ui.dialogs.vault_care import VaultCareDialog
from ui.prompts import Prompts
from ui.worker import VaultWorker

NEW_SECRET = "quiet harbour smells of cedar smoke"


def _dialog(qtbot: Any, prompts: Prompts, worker: VaultWorker, vault: Path,
            page: str) -> VaultCareDialog:
    session = open_session(qtbot, prompts, worker, vault)
    dialog = VaultCareDialog(session, None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _click(qtbot: Any, dialog: QWidget, name: str) -> None:
    qtbot.mouseClick(child(dialog, QPushButton, name), Qt.MouseButton.LeftButton)


def _result(dialog: QWidget) -> str:
    return child(dialog, QLabel, "result").text()


def test_the_passphrase_changes_only_with_the_current_one(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, empty_vault: Path) -> None:
    dialog = _dialog(qtbot, prompts, worker, empty_vault, "passphrase")
    qtbot.keyClicks(child(dialog, QLineEdit, "newPassphrase"), NEW_SECRET)
    qtbot.keyClicks(child(dialog, QLineEdit, "repeatPassphrase"), NEW_SECRET)
    qtbot.keyClicks(child(dialog, QLineEdit, "currentPassphrase"), "a wrong guess")
    _click(qtbot, dialog, "changePassphraseButton")
    qtbot.waitUntil(lambda: "passphrase" in _result(dialog).lower(), timeout=30_000)
    assert "changed" not in _result(dialog)
    child(dialog, QLineEdit, "currentPassphrase").setText(PASSPHRASE)  # not ASCII: no keyClicks
    _click(qtbot, dialog, "changePassphraseButton")
    qtbot.waitUntil(lambda: "was changed" in _result(dialog), timeout=30_000)
    worker.lock()
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    qtbot.wait(200)
    with Store.open(empty_vault, NEW_SECRET):
        pass


def test_a_recovery_key_is_shown_once_and_opens_the_vault(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, empty_vault: Path) -> None:
    dialog = _dialog(qtbot, prompts, worker, empty_vault, "recovery")
    qtbot.waitUntil(lambda: "no recovery key" in child(dialog, QLabel, "recoveryState").text(),
                    timeout=30_000)
    child(dialog, QLineEdit, "currentPassphrase").setText(PASSPHRASE)  # not ASCII: no keyClicks
    prompts.answer_next(True)
    _click(qtbot, dialog, "newRecoveryKeyButton")
    key_field = child(dialog, QLineEdit, "recoveryKeyText")
    qtbot.waitUntil(lambda: bool(key_field.text()) or bool(_result(dialog)), timeout=30_000)
    assert key_field.text(), _result(dialog)
    key = key_field.text()
    worker.lock()
    qtbot.wait(300)
    with Store.open(empty_vault, key):
        pass


def test_the_vault_check_reads_as_words(qtbot: Any, prompts: Prompts, worker: VaultWorker,
                                        demo_vault: Path) -> None:
    dialog = _dialog(qtbot, prompts, worker, demo_vault, "verify")
    assert not child(dialog, QLineEdit, "currentPassphrase").isVisibleTo(dialog)
    _click(qtbot, dialog, "verifyButton")
    qtbot.waitUntil(lambda: "Everything checks out" in _result(dialog), timeout=60_000)
    assert "Audit trail" in _result(dialog) and "Evidence files (8" in _result(dialog)


def test_the_master_key_rotates(qtbot: Any, prompts: Prompts, worker: VaultWorker,
                                demo_vault: Path) -> None:
    dialog = _dialog(qtbot, prompts, worker, demo_vault, "rotate")
    child(dialog, QLineEdit, "currentPassphrase").setText(PASSPHRASE)  # not ASCII: no keyClicks
    prompts.answer_next(True)
    _click(qtbot, dialog, "rotateKeyButton")
    qtbot.waitUntil(lambda: "re-encrypted" in _result(dialog), timeout=120_000)


def test_a_recovery_key_is_removed_and_no_longer_opens_the_vault(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, empty_vault: Path) -> None:
    from advocate.errors import WrongPassphraseError

    dialog = _dialog(qtbot, prompts, worker, empty_vault, "recovery")
    qtbot.waitUntil(lambda: "no recovery key" in child(dialog, QLabel, "recoveryState").text(),
                    timeout=30_000)
    child(dialog, QLineEdit, "currentPassphrase").setText(PASSPHRASE)
    prompts.answer_next(True)
    _click(qtbot, dialog, "newRecoveryKeyButton")
    key_field = child(dialog, QLineEdit, "recoveryKeyText")
    qtbot.waitUntil(lambda: bool(key_field.text()), timeout=30_000)
    key = key_field.text()
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=30_000)
    current = child(dialog, QLineEdit, "currentPassphrase")
    assert current.text() == ""  # every change asks for the passphrase again
    current.setText(PASSPHRASE)
    assert child(dialog, QPushButton, "removeRecoveryKeyButton").isEnabled()
    prompts.answer_next(True)  # "remove it?"
    _click(qtbot, dialog, "removeRecoveryKeyButton")
    qtbot.waitUntil(lambda: "no recovery key" in child(dialog, QLabel, "recoveryState").text(),
                    timeout=30_000)
    worker.lock()
    qtbot.wait(300)
    try:
        Store.open(empty_vault, key).close()
    except WrongPassphraseError:
        pass
    else:
        raise AssertionError("the removed recovery key still opens the vault")
    with Store.open(empty_vault, PASSPHRASE):
        pass


def test_the_vault_check_can_be_cancelled_and_says_so(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path) -> None:
    dialog = _dialog(qtbot, prompts, worker, demo_vault, "verify")
    _click(qtbot, dialog, "verifyButton")
    _click(qtbot, dialog, "progressCancel")
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=60_000)
    text = dialog.progress.text.text() + _result(dialog)
    assert "Cancelled" in text or "Everything checks out" in text  # a fast check may finish
    assert "Everything checks out" not in _result(dialog) or "Cancelled" not in text
