"""A lock never waits on a question: the real message box or file dialog the app is showing is
closed by it and answers "no"; the clipboard is cleared at quit; a vault held by another
process (a second Advocate) gets a clear message and opens once that one is gone."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.ui.conftest import PASSPHRASE
from tests.ui.shell_helpers import WAIT, close_app, make_app, type_text, unlock
from ui.prompts import Prompts


@pytest.fixture
def app(qapp: QApplication, tmp_path: Path) -> Any:
    made = make_app(qapp, tmp_path, Prompts())  # real dialogs: nothing answers them
    made.window.show()
    yield made
    close_app(made)


def _lock_once_asked(seen: list[str]) -> QTimer:
    """Press Ctrl+L in the first modal dialog that shows up (as a user would, or the idle
    timer would lock) and report which kind of dialog it was."""
    timer = QTimer()

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            timer.stop()
            seen.append(type(modal).__name__)
            QTest.keyClick(modal, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    timer.timeout.connect(poll)
    timer.start(50)
    return timer


def _ask_while_locking(ask: Any) -> tuple[Any, list[str]]:
    seen: list[str] = []
    timer = _lock_once_asked(seen)
    answer = ask()
    timer.stop()
    return answer, seen


def _no_dialog_left() -> bool:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return not any(isinstance(w, QMessageBox | QFileDialog)
                   for w in QApplication.topLevelWidgets() if shiboken6.isValid(w))


def test_a_lock_closes_an_open_question_and_the_answer_is_no(
        qtbot: Any, app: Any, demo_vault: Path) -> None:
    unlock(qtbot, app, demo_vault)
    answer, seen = _ask_while_locking(lambda: app.session.prompts.confirm(
        app.window, "Advocate", "Delete the case?", destructive=True))
    assert seen == ["QMessageBox"]
    assert answer is False
    assert not app.session.is_open and app.window.work is None
    qtbot.waitUntil(_no_dialog_left, timeout=WAIT)


def test_a_lock_closes_an_open_file_dialog_and_nothing_is_chosen(
        qtbot: Any, app: Any, demo_vault: Path) -> None:
    unlock(qtbot, app, demo_vault)
    answer, seen = _ask_while_locking(lambda: app.session.prompts.open_file(
        app.window, "Add evidence"))
    assert seen == ["QFileDialog"]
    assert answer is None
    assert not app.session.is_open
    qtbot.waitUntil(_no_dialog_left, timeout=WAIT)


def test_a_case_deletion_asked_when_the_lock_comes_deletes_nothing(
        qtbot: Any, app: Any, demo_vault: Path) -> None:
    unlock(qtbot, app, demo_vault)
    cases = app.window.work.cases
    app.window.work.show_screen(1)
    qtbot.waitUntil(lambda: cases.model.rowCount() >= 4, timeout=WAIT)
    before = cases.model.rowCount()
    cases.table.selectRow(0)
    seen: list[str] = []
    timer = _lock_once_asked(seen)
    qtbot.mouseClick(cases.delete_button, Qt.MouseButton.LeftButton)  # counts, then asks
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
    timer.stop()
    assert seen == ["QMessageBox"]
    assert not app.session.is_open
    qtbot.waitUntil(lambda: not app.session.worker.is_busy(), timeout=WAIT)
    unlock(qtbot, app, demo_vault)
    after = app.window.work.cases
    app.window.work.show_screen(1)
    qtbot.waitUntil(lambda: after.model.rowCount() == before, timeout=WAIT)


def test_the_clipboard_is_cleared_at_quit_if_it_still_holds_our_copy(
        qtbot: Any, app: Any, demo_vault: Path) -> None:
    from ui.safety.clipboard import copy_secret

    unlock(qtbot, app, demo_vault)
    copy_secret("e3b0c44298fc1c149afbf4c8996fb924")
    app.window.close()
    assert QGuiApplication.clipboard().text() == ""
    assert not app.session.is_open


def test_the_clipboard_is_kept_at_quit_when_the_user_copied_something_else(
        qtbot: Any, app: Any, demo_vault: Path) -> None:
    from ui.safety.clipboard import copy_secret

    unlock(qtbot, app, demo_vault)
    copy_secret("e3b0c44298fc1c149afbf4c8996fb924")
    QGuiApplication.clipboard().setText("a line of the user's own letter")
    app.window.close()
    assert QGuiApplication.clipboard().text() == "a line of the user's own letter"
    QGuiApplication.clipboard().clear()


HOLDER = textwrap.dedent('''
    import sys
    from pathlib import Path
    from advocate.store import Store

    with Store.open(Path(sys.argv[1]), sys.argv[2]):
        print("open", flush=True)
        sys.stdin.readline()  # held until the test closes our stdin
''')


def test_a_vault_held_by_another_process_gets_a_clear_message_then_opens(
        qtbot: Any, app: Any, demo_vault: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo_vault), PASSPHRASE],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        app.window.show_unlock(demo_vault)
        view = app.window.unlock_view
        type_text(qtbot, view.secret, PASSPHRASE)
        qtbot.keyClick(view.secret, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(view.message.text()), timeout=WAIT)
        assert "already open in another Advocate window" in view.message.text()
        assert not app.session.is_open
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
    unlock(qtbot, app, demo_vault)
    assert app.session.is_open
