"""Every interactive control of every screen has an accessible name; a run with a fresh HOME
leaves no case data, passphrase or vault path in any file written there."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.ui.shell_helpers import close_app, make_app, unlock
from ui.dialogs.create_vault_dialog import CreateVaultDialog
from ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from ui.dialogs.settings_dialog import SettingsDialog
from ui.dialogs.shortcuts_dialog import ShortcutsDialog
from ui.prompts import Prompts

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QTextEdit, QPlainTextEdit)


def _inside_named_owner(widget: QWidget) -> bool:
    if isinstance(widget, QHeaderView):
        return True  # a table's header is read as part of its table
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive widgets under ``root`` (itself included) without an accessible name."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE):
            continue
        if _inside_named_owner(widget):
            continue  # a combo box's popup list, a spin box's line edit: named by their owner
        if widget.isHidden() or widget.objectName().startswith("qt_"):
            continue
        if not widget.accessibleName().strip():
            found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_control_of_every_screen_has_a_name(
        qtbot: Any, qapp: QApplication, tmp_path: Path, prompts: Prompts, demo_vault: Path,
        lang: str) -> None:
    made = make_app(qapp, tmp_path, prompts, lang=lang)
    try:
        made.window.show()
        made.window.show_start()
        assert unnamed_controls(made.window.start_view) == []
        dialogs: list[QWidget] = [CreateVaultDialog(made.session, made.window),
                                  RecoveryKeyDialog(prompts, "ABCD-EFGH", made.window),
                                  SettingsDialog(made.prefs, parent=made.window),
                                  ShortcutsDialog(made.window)]
        for dialog in dialogs:
            assert unnamed_controls(dialog) == [], type(dialog).__name__
            dialog.deleteLater()
        unlock(qtbot, made, demo_vault)
        work = made.window.work
        for screen in (0, 1, 2):
            work.show_screen(screen)
            qtbot.wait(50)
        assert unnamed_controls(work) == []
        made.window.lock_now()
        assert unnamed_controls(made.window.unlock_view) == []
    finally:
        close_app(made)


SCRIPT = textwrap.dedent('''
    import sys
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from tests.ui.shell_helpers import make_app, unlock, close_app, type_text
    from ui.prompts import Prompts

    class Bot:  # the few qtbot calls the helpers use
        def keyClicks(self, w, t): w.insert(t)
        def keyClick(self, w, k, *a):
            from PySide6.QtTest import QTest
            QTest.keyClick(w, k, *a)
        def waitUntil(self, fn, timeout=15000):
            import time
            end = time.monotonic() + timeout / 1000
            while not fn():
                QApplication.processEvents()
                if time.monotonic() > end:
                    raise TimeoutError
                time.sleep(0.01)

    vault, config, secret = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    app = QApplication([])
    made = make_app(app, config, Prompts())
    made.window.show()
    made.window.start_view.remember.setChecked(False)
    unlock(Bot(), made, vault, secret)
    work = made.window.work
    work.show_screen(1)
    work.search.box.insert("Айгерім")
    Bot().waitUntil(lambda: bool(work.search.group_titles()))
    made.window.lock_now()
    close_app(made)
    print("done")
''')


def test_a_fresh_home_holds_no_case_data_after_a_session(tmp_path: Path, demo_vault: Path) -> None:
    from tests.ui.conftest import PASSPHRASE

    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_STATE_HOME=str(home / ".local/state"), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(demo_vault), str(home / "cfg"),
                             PASSPHRASE], env=env, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "done" in result.stdout
    sentinels = [PASSPHRASE, "Айгерім", "Aigerim", str(demo_vault), "demo.advocate"]
    written = [p for p in home.rglob("*") if p.is_file()]
    for path in written:
        data = path.read_bytes()
        for word in sentinels:
            assert word.encode() not in data, f"{word!r} found in {path.relative_to(home)}"
    for word in sentinels:
        assert word not in result.stderr
