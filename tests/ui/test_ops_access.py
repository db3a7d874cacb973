"""Every control of the OPS dialogs has an objectName (tests find it) and an accessible name in
the UI's language (screen readers say it); titles never carry case data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)

from advocate.i18n import set_language
from tests.ui.ops_helpers import call, open_session
from ui.dialogs.backup_dialog import BackupDialog, RestoreDialog, VerifyBackupDialog
from ui.dialogs.report_dialog import CheckCodeDialog, ReportDialog
from ui.dialogs.transfer_dialog import ExportDialog, ImportDialog
from ui.dialogs.vault_care import VaultCareDialog
from ui.prompts import Prompts
from ui.worker import VaultWorker

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QListWidget)


def _controls(dialog: QWidget) -> list[QWidget]:
    found = [w for cls in CONTROLS for w in dialog.findChildren(cls)]
    # Qt's own parts (a tab bar's scroll arrows, a combo box's inner line edit) are not ours.
    return [w for w in found if not isinstance(w.parent(), QTabBar | QComboBox)]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_control_is_named_for_tests_and_screen_readers(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        lang: str) -> None:
    set_language(lang)
    try:
        session = open_session(qtbot, prompts, worker, demo_vault)
        case_id = call(qtbot, worker, lambda store, task: store.find_case("АҚТ-2023-01").id)
        dialogs: list[QWidget] = [
            ReportDialog(session, case_id), CheckCodeDialog(session), BackupDialog(session),
            VerifyBackupDialog(prompts, worker=worker), RestoreDialog(prompts, worker=worker),
            ExportDialog(session, case_id), ImportDialog(session),
            *(VaultCareDialog(session, None, page)
              for page in ("passphrase", "recovery", "rotate", "verify"))]
        for dialog in dialogs:
            qtbot.addWidget(dialog)
            assert dialog.windowTitle() == "Advocate"
            for control in _controls(dialog):
                where = f"{type(dialog).__name__}: {type(control).__name__}"
                assert control.objectName(), where
                assert control.accessibleName(), f"{where} {control.objectName()}"
    finally:
        set_language("en")
