"""Helpers of the case workspace's tests: open a vault on the worker, open a case, drive forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from advocate.store import Store
from tests.ui.conftest import PASSPHRASE
from ui.forms.record_form import RecordDialog
from ui.prompts import Prompts
from ui.session import Session
from ui.views.case_workspace import CaseWorkspace
from ui.widgets.partial_date_edit import PartialDateEdit
from ui.widgets.person_picker import PersonPicker
from ui.worker import Op, VaultWorker

WAIT = 15_000


def open_session(qtbot: Any, worker: VaultWorker, prompts: Prompts, path: Path) -> Session:
    """A session with the vault open on the worker."""
    done: list[object] = []

    def opener(lane: Any, _task: Any) -> None:
        lane.resource = Store.open(path, PASSPHRASE)

    Op(worker, opener, needs_store=False).success(done.append).run()
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    session = Session(prompts, worker)
    session.vault_path = path
    return session


def ask(qtbot: Any, session: Session, fn: Any) -> Any:
    """Run ``fn(store)`` on the worker and wait for the answer (tests read the vault this way)."""
    out: list[Any] = []
    Op(session.worker, lambda store, _t: fn(store)).success(out.append).run()
    qtbot.waitUntil(lambda: bool(out), timeout=WAIT)
    return out[0]


def open_workspace(qtbot: Any, session: Session, case_id: str) -> CaseWorkspace:
    """The workspace of a case, loaded, at 1366x768."""
    workspace = CaseWorkspace(session, case_id)
    qtbot.addWidget(workspace)
    with qtbot.waitSignal(workspace.loaded, timeout=WAIT):
        workspace.resize(1366, 768)
        workspace.show()
    return workspace


def build_every_tab(workspace: CaseWorkspace) -> None:
    """Show each tab once, so each page is built (pages are built on first view)."""
    current = workspace.tabs.currentIndex()
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
    workspace.tabs.setCurrentIndex(current)


def reloaded(qtbot: Any, workspace: CaseWorkspace) -> Any:
    """A context manager that waits for the workspace's next reload."""
    return qtbot.waitSignal(workspace.loaded, timeout=WAIT)


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type text key by key (QTest.keyClicks asserts on non-ASCII characters such as Cyrillic)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def fill(qtbot: Any, form: RecordDialog, **values: Any) -> None:
    """Type or choose values in a form's fields, as a user would."""
    for name, value in values.items():
        editor = form.editor(name)
        if isinstance(editor, PartialDateEdit):
            editor.line.clear()
            type_text(qtbot, editor.line, value)
        elif isinstance(editor, PersonPicker):
            editor.set_person(value)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(value)
        elif isinstance(editor, QListWidget):
            for i in range(editor.count()):
                item = editor.item(i)
                if item.data(Qt.ItemDataRole.UserRole) in value:
                    item.setCheckState(Qt.CheckState.Checked)
        elif isinstance(editor, QPlainTextEdit):
            editor.clear()
            type_text(qtbot, editor, value)
        elif isinstance(editor, QLineEdit):
            editor.clear()
            type_text(qtbot, editor, value)
        else:
            raise AssertionError(f"cannot fill {name}")


def save(qtbot: Any, workspace: CaseWorkspace | None, form: RecordDialog) -> None:
    """Click Save and wait until the store saved (and the workspace reloaded)."""
    assert form.save_button.isEnabled(), form.unsaved_state()
    if workspace is None:
        with qtbot.waitSignal(form.saved, timeout=WAIT):
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        return
    with reloaded(qtbot, workspace):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
