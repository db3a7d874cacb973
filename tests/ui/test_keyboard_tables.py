"""No focus trap: Tab and Shift+Tab leave every list, table and tree of the app (Qt's table
moves Tab between cells by default), pressed as real keys, on every screen and tab of a case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from tests.ui.shell_helpers import WAIT, close_app, make_app, unlock
from ui.dialogs.shortcuts_dialog import ShortcutsDialog
from ui.prompts import Prompts


def _inside(widget: QWidget | None, view: QWidget) -> bool:
    while widget is not None:
        if widget is view:
            return True
        widget = widget.parentWidget()
    return False


def _tab_leaves(qtbot: Any, window: QWidget, checked: dict[str, str]) -> None:
    """Press Tab and Shift+Tab in every visible item view under ``window``."""
    for view in window.findChildren(QAbstractItemView):
        if not view.isVisible() or view.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        parent = view.parentWidget()
        if parent is not None and parent.objectName().startswith("qt_"):
            continue  # a combo box's popup list: not in the Tab chain
        name = f"{type(view).__name__} {view.objectName() or view.accessibleName()!r}"
        for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            view.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.waitUntil(view.hasFocus, timeout=WAIT)
            model = view.model()
            if not view.currentIndex().isValid() and model is not None and model.rowCount():
                view.setCurrentIndex(model.index(0, 0))  # a cell has the focus
            qtbot.keyClick(view, key)
            assert not _inside(QApplication.focusWidget(), view), f"{key.name} stays in {name}"
        checked[name] = "ok"


def test_tab_leaves_every_list_table_and_tree(qtbot: Any, qapp: QApplication, tmp_path: Path,
                                               prompts: Prompts, demo_vault: Path) -> None:
    made = make_app(qapp, tmp_path, prompts)
    checked: dict[str, str] = {}
    try:
        window = made.window
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
        unlock(qtbot, made, demo_vault)
        work = window.work
        for screen in (0, 1, 2):
            work.show_screen(screen)
            if screen == 1:
                qtbot.waitUntil(lambda: work.cases.model.rowCount() > 0, timeout=WAIT)
            _tab_leaves(qtbot, window, checked)
        work.open_case(work.cases.model.case_id(0))
        workspace: Any = work.workspace
        qtbot.waitUntil(lambda: workspace.case_file is not None, timeout=WAIT)
        for index in range(workspace.tabs.count()):
            workspace.tabs.setCurrentIndex(index)
            _tab_leaves(qtbot, window, checked)
        dialog = ShortcutsDialog(window)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
        _tab_leaves(qtbot, dialog, checked)
        dialog.close()
        dialog.deleteLater()
    finally:
        close_app(made)
    # the cases table, dashboard, navigation, search results, the case's tables, the shortcuts
    assert len(checked) >= 10, sorted(checked)
    assert any("shortcutsTable" in name for name in checked)
    assert any("caseTable" in name for name in checked)
