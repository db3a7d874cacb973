"""The menus open the right dialogs; settings take effect; minimise and the system's screen
lock lock the vault; a restored vault is offered for opening."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from advocate.store.vault_facts import record_backup
from tests.ui.shell_helpers import WAIT
from ui.prompts import Prompts
from ui.worker import Op


@pytest.fixture
def app(unlocked_app: Any) -> Any:
    return unlocked_app


class FakeDialog(QDialog):
    """Stands in for a dialog of another screen: records how the menu made it."""

    made: ClassVar[list[tuple[str, tuple[Any, ...]]]] = []
    restored = Signal(str)
    backed_up = Signal()
    followed: ClassVar[list[str]] = []

    def __init__(self, *args: Any) -> None:
        super().__init__(args[1] if len(args) > 1 and isinstance(args[1], QWidget) else None)
        FakeDialog.made.append((self.name, args))

    name = ""

    def follow(self, _session: Any) -> None:
        """The operation dialogs' wiring to the session (language, lock)."""
        FakeDialog.followed.append(self.name)


def _fake(name: str) -> type[FakeDialog]:
    return type(name, (FakeDialog,), {"name": name})


# (menu command, module, class, how the arguments must look)
CONTRACTS = [
    ("backup", "ui.dialogs.backup_dialog", "BackupDialog", "session, window"),
    ("restore", "ui.dialogs.backup_dialog", "RestoreDialog", "prompts, window"),
    ("verify_backup", "ui.dialogs.backup_dialog", "VerifyBackupDialog", "prompts, window"),
    ("import", "ui.dialogs.transfer_dialog", "ImportDialog", "session, window"),
    ("export", "ui.dialogs.transfer_dialog", "ExportDialog", "session, None, window"),
    ("check", "ui.dialogs.vault_care", "VaultCareDialog", "session, window, verify"),
    ("passphrase", "ui.dialogs.vault_care", "VaultCareDialog", "session, window, passphrase"),
    ("recovery", "ui.dialogs.vault_care", "VaultCareDialog", "session, window, recovery"),
]


@pytest.mark.parametrize(("command", "module", "name", "shape"), CONTRACTS)
def test_each_menu_item_makes_its_dialog_as_agreed(
        app: Any, monkeypatch: pytest.MonkeyPatch, command: str, module: str, name: str,
        shape: str) -> None:
    monkeypatch.setattr(f"{module}.{name}", _fake(name))
    FakeDialog.made.clear()
    app.window.commands[command].trigger()
    assert [n for n, _a in FakeDialog.made] == [name]
    args = FakeDialog.made[0][1]
    names = {id(app.session): "session", id(app.session.prompts): "prompts",
             id(app.window): "window"}
    assert ", ".join(names.get(id(a), str(a)) for a in args) == shape


@pytest.mark.parametrize(("command", "dialog_name"), [
    ("settings", "settingsDialog"), ("shortcuts", "shortcutsDialog"), ("guide", "guideDialog")])
def test_the_shell_dialogs_open(app: Any, command: str, dialog_name: str) -> None:
    app.window.commands[command].trigger()
    assert [w for w in QApplication.topLevelWidgets()
            if w.objectName() == dialog_name and w.isVisible()]


def test_vault_commands_are_disabled_while_locked(app: Any) -> None:
    app.window.lock_now()
    for name in ("new_case", "import", "export", "backup", "check", "passphrase", "recovery"):
        assert not app.window.commands[name].isEnabled(), name
    for name in ("restore", "verify_backup", "settings", "guide"):
        assert app.window.commands[name].isEnabled(), name


def test_a_finished_backup_is_remembered_and_the_reminder_goes(
        qtbot: Any, app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.dialogs.backup_dialog.BackupDialog", _fake("BackupDialog"))
    app.window.commands["backup"].trigger()
    dialog = next(w for w in app.window.findChildren(FakeDialog) if w.isVisible())
    # the real dialog notes the backup in the vault once written and verified
    # (tests/ui/test_ops_backup.py) and says so (tests/ui/test_shell_refresh.py)
    noted: list[object] = []
    Op(app.session.worker, lambda store, _t: record_backup(store, datetime.now(UTC))) \
        .success(noted.append).run()
    qtbot.waitUntil(lambda: bool(noted), timeout=WAIT)
    dialog.backed_up.emit()
    dash = app.window.work.dashboard
    qtbot.waitUntil(lambda: "today" in dash.backup_line.text(), timeout=WAIT)
    assert dash.backup_button.isHidden()


def test_a_restored_vault_is_offered_for_opening(
        qtbot: Any, app: Any, prompts: Prompts, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.dialogs.backup_dialog.RestoreDialog", _fake("RestoreDialog"))
    app.window.commands["restore"].trigger()
    dialog = next(w for w in app.window.findChildren(FakeDialog) if w.isVisible())
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
