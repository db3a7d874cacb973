"""The menus open the right dialogs; settings take effect; minimise and the system's screen
lock lock the vault; a restored vault is offered for opening."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.shell_helpers import WAIT, close_app, make_app, unlock
from ui.prompts import Prompts


@pytest.fixture
def app(qtbot: Any, qapp: QApplication, tmp_path: Path, prompts: Prompts,
        demo_vault: Path) -> Any:
    made = make_app(qapp, tmp_path, prompts)
    made.window.show()
    unlock(qtbot, made, demo_vault)
    yield made
    close_app(made)


@pytest.mark.parametrize(("action", "dialog_name", "page"), [
    ("backup", "backupDialog", None), ("restore", "restoreDialog", None),
    ("verify_backup", "verifyBackupDialog", None), ("import", "importDialog", None),
    ("export", "exportDialog", None), ("check", "vaultCareDialog", "verify"),
    ("passphrase", "vaultCareDialog", "passphrase"), ("recovery", "vaultCareDialog", "recovery"),
    ("settings", "settingsDialog", None), ("shortcuts", "shortcutsDialog", None),
    ("guide", "guideDialog", None),
])
def test_each_menu_item_opens_its_dialog(app: Any, action: str, dialog_name: str,
                                         page: str | None) -> None:
    app.window.commands[action].trigger()
    dialogs = [w for w in QApplication.topLevelWidgets()
               if w.objectName() == dialog_name and w.isVisible()]
    assert dialogs, f"{action} opened no {dialog_name}"
    if page is not None:
        assert dialogs[0].page == page


def test_vault_commands_are_disabled_while_locked(app: Any) -> None:
    app.window.lock_now()
    for name in ("new_case", "import", "export", "backup", "check", "passphrase", "recovery"):
        assert not app.window.commands[name].isEnabled(), name
    for name in ("restore", "verify_backup", "settings", "guide"):
        assert app.window.commands[name].isEnabled(), name


def test_a_finished_backup_is_remembered_and_the_reminder_goes(qtbot: Any, app: Any) -> None:
    app.window.commands["backup"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "backupDialog" and w.isVisible())
    dialog.accept()
    dash = app.window.work.dashboard
    qtbot.waitUntil(lambda: "today" in dash.backup_line.text(), timeout=WAIT)
    assert dash.backup_button.isHidden()


def test_a_restored_vault_is_offered_for_opening(qtbot: Any, app: Any, prompts: Prompts,
                                                 tmp_path: Path) -> None:
    app.window.commands["restore"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "restoreDialog" and w.isVisible())
    prompts.answer_next(True)
    dialog.restored.emit(str(tmp_path / "restored.advocate"))
    assert not app.session.is_open
    assert app.window.unlock_view is not None
    assert app.window.unlock_view.path == tmp_path / "restored.advocate"


def test_settings_change_idle_time_and_language_and_lock_on_minimise(
        qtbot: Any, app: Any) -> None:
    from ui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(app.prefs, parent=app.window)
    dialog.applied.connect(app.window.apply_settings)
    dialog.idle.setValue(17)
    dialog.minimise.setChecked(True)
    dialog.language.setCurrentIndex(dialog.language.findData("kk"))
    dialog._apply()
    assert app.prefs.idle_minutes == 17 and app.prefs.language == "kk"
    assert app.window.work.cases.heading.text() == "Істер"
    app.window.showMinimized()
    qtbot.waitUntil(lambda: not app.session.is_open, timeout=WAIT)
    app.window.set_language("en")


def test_the_system_screen_lock_locks_the_vault(qtbot: Any, app: Any) -> None:
    app.window.triggers.system.on_active_changed(False)
    assert app.session.is_open
    app.window.triggers.system.on_active_changed(True)
    assert not app.session.is_open
