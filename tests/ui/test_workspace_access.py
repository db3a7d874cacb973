"""The workspace for keyboard and screen-reader users, in three languages, at 1366x768."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
)

from advocate.i18n import set_language
from tests.ui.workspace_support import WAIT, ask, open_session, open_workspace, reloaded
from ui.prompts import Prompts
from ui.worker import VaultWorker


def _workspace(qtbot: Any, worker: VaultWorker, prompts: Prompts, path: Path) -> Any:
    session = open_session(qtbot, worker, prompts, path)
    cases = ask(qtbot, session, lambda s: s.cases())
    return open_workspace(qtbot, session, max(cases, key=lambda c: c.threats).id)


def test_every_control_has_a_name_and_tables_let_tab_go(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    kinds = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit,
             QTextBrowser)
    unnamed = []
    for kind in kinds:
        for widget in workspace.findChildren(kind):
            parent = widget.parent()
            if widget.objectName().startswith("qt_") or (
                    parent is not None and parent.objectName().startswith("qt_")) or (
                    type(widget).__name__ in ("QToolButton", "QHeaderView")
                    and not widget.objectName()) or (
                    parent is not None and isinstance(parent.parent(), QComboBox)):
                continue  # Qt's own parts (corner button, tab scroll arrows)
            if not widget.objectName() or not widget.accessibleName():
                unnamed.append((type(widget).__name__, widget.objectName(),
                                type(parent).__name__, parent.objectName() if parent else ""))
            if isinstance(widget, QAbstractItemView) and hasattr(widget, "tabKeyNavigation"):
                assert not widget.tabKeyNavigation(), widget.objectName()
    assert not unnamed


def test_language_change_retranslates_in_place(qtbot: Any, worker: VaultWorker,
                                               prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    english = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    try:
        set_language("kk")
        workspace.session.language_changed.emit("kk")
        kazakh = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
        header = workspace.threats.model.headerData(0, Qt.Orientation.Horizontal)
    finally:
        set_language("en")
    assert kazakh[0] == "Шолу" and kazakh != english
    assert header == "Түскен күні"


def test_fits_1366_by_768(qtbot: Any, worker: VaultWorker, prompts: Prompts,
                          demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    assert workspace.minimumSizeHint().width() <= 1366
    assert workspace.minimumSizeHint().height() <= 768


def test_files_dropped_on_the_evidence_tab_are_taken_in(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path,
        tmp_path: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    before = len(workspace.case_file.evidence)
    dropped = tmp_path / "dropped.txt"
    dropped.write_text("Переписка", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    tab = workspace.evidence
    workspace.tabs.setCurrentWidget(tab)
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(tab.transfer_finished, timeout=WAIT), reloaded(qtbot, workspace):
        tab.dropEvent(event)
    assert len(workspace.case_file.evidence) == before + 1


def test_make_a_report_opens_the_report_dialog_or_says_it_is_missing(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    try:
        import ui.dialogs.report_dialog  # noqa: F401
    except ImportError:
        prompts.answer_next(None)
        workspace.make_report()
        assert prompts.asked[-1][0] == "inform"
        return
    workspace.make_report()  # pragma: no cover - once the reports screen is merged


def test_a_change_notice_for_this_case_reloads_it_and_others_do_not(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    with qtbot.assertNotEmitted(workspace.loaded, wait=400):
        workspace.session.changed.emit({"case_ids": ["another case"]})
    with reloaded(qtbot, workspace):
        workspace.session.changed.emit({"case_ids": [workspace.case_id]})


def test_keys_on_a_table_edit_and_delete(qtbot: Any, worker: VaultWorker, prompts: Prompts,
                                         demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    tab = workspace.notes
    workspace.tabs.setCurrentWidget(tab)
    workspace.activateWindow()
    qtbot.waitUntil(workspace.isActiveWindow, timeout=WAIT)
    tab.table.setFocus()
    tab.table.selectRow(0)
    note = tab.selected()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert workspace.forms[-1].kind == "note" and workspace.forms[-1].isVisible()
    workspace.forms[-1].reject()
    workspace.activateWindow()
    tab.table.setFocus()
    prompts.answer_next(False)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: prompts.pending() == 0, timeout=WAIT)
    assert prompts.asked[-1][0] == "confirm"
    assert tab.model.row_of(note.id) >= 0  # refused: nothing deleted
