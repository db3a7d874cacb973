"""Locking (idle, Ctrl+L, panic key), drafts kept at lock and offered back, the clipboard,
the window title, the crash dialog."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from tests.ui.shell_helpers import WAIT, DraftForm, type_text, unlock
from ui.crash import CrashHandler
from ui.prompts import Prompts
from ui.safety.clipboard import SECRET_FORMATS, SecretClipboard


@pytest.fixture
def app(shown_app: Any, demo_vault: Path) -> Any:
    return shown_app


def _locked(app: Any) -> bool:
    return app.window.work is None and not app.session.is_open and \
        app.window.unlock_view is not None


def test_idle_time_locks_the_vault(qtbot: Any, app: Any, demo_vault: Path) -> None:
    unlock(qtbot, app, demo_vault)
    app.window.triggers.idle.set_limit(300)
    app.window.triggers.idle.touch()
    qtbot.waitUntil(lambda: _locked(app), timeout=WAIT)


def test_input_keeps_the_vault_open(qtbot: Any, app: Any, demo_vault: Path) -> None:
    unlock(qtbot, app, demo_vault)
    app.window.triggers.idle.set_limit(400)
    for _ in range(6):
        qtbot.keyClick(app.window.work.search.box, Qt.Key.Key_A)
        qtbot.wait(100)
    assert app.session.is_open


def test_ctrl_l_locks_and_closes_every_dialog(qtbot: Any, app: Any, demo_vault: Path) -> None:
    unlock(qtbot, app, demo_vault)
    dialog = DraftForm(app.session, app.window)
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert _locked(app)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: not any(isinstance(w, QDialog) for w in QApplication.topLevelWidgets()
                                    if w.isVisible()), timeout=WAIT)


def test_panic_key_locks_and_minimises_at_once(qtbot: Any, app: Any, demo_vault: Path) -> None:
    unlock(qtbot, app, demo_vault)
    qtbot.keyClick(app.window.work.search.box, Qt.Key.Key_F12)
    assert _locked(app)
    assert app.window.isMinimized() or app.window.windowState() & Qt.WindowState.WindowMinimized


def test_what_was_typed_is_kept_at_lock_and_offered_back(
        qtbot: Any, app: Any, demo_vault: Path, prompts: Prompts) -> None:
    DraftForm.register_restorer(app.session)
    unlock(qtbot, app, demo_vault)
    dialog = DraftForm(app.session, app.window)
    dialog.open()
    type_text(qtbot, dialog.field, "Черновик дела Сарсеновой")
    app.window.lock_now()
    qtbot.waitUntil(lambda: not app.session.worker.is_busy(), timeout=WAIT)
    prompts.answer_next(True)  # "open them again?"
    unlock(qtbot, app, demo_vault)
    qtbot.waitUntil(lambda: any(w.isVisible() for w in app.window.findChildren(DraftForm)),
                    timeout=WAIT)
    restored = next(w for w in app.window.findChildren(DraftForm) if w.isVisible())
    assert restored.field.text() == "Черновик дела Сарсеновой"
    assert "typing in 1 form" in prompts.asked[-1][1]


def test_the_window_title_never_changes(qtbot: Any, app: Any, demo_vault: Path) -> None:
    titles: list[str] = []
    app.window.windowTitleChanged.connect(titles.append)
    unlock(qtbot, app, demo_vault)
    app.window.work.open_case(app.window.work.cases.model.case_id(0)
                              if app.window.work.cases.model.rowCount() else "")
    app.window.set_language("ru")
    app.window.lock_now()
    assert app.window.windowTitle() == "Advocate"
    assert titles == []


def test_clipboard_is_cleared_after_the_timeout_only_if_unchanged(qtbot: Any) -> None:
    board = QGuiApplication.clipboard()
    guard = SecretClipboard(clear_after_ms=200)
    guard.copy("e3b0c44298fc1c14")
    mime = board.mimeData()
    assert bytes(mime.data("x-kde-passwordManagerHint").data()) == b"secret"
    assert set(SECRET_FORMATS) <= set(mime.formats())
    qtbot.waitUntil(lambda: board.text() == "", timeout=2000)
    guard.copy("e3b0c44298fc1c14")
    board.setText("something the user copied since")
    qtbot.wait(400)
    assert board.text() == "something the user copied since"


def test_clipboard_is_cleared_on_lock(qtbot: Any, app: Any, demo_vault: Path) -> None:
    from ui.safety.clipboard import copy_secret

    unlock(qtbot, app, demo_vault)
    copy_secret("Сарсенова 870412400123")
    app.window.lock_now()
    assert QGuiApplication.clipboard().text() == ""


def test_a_crash_shows_a_calm_dialog_and_writes_only_the_type_name(
        qtbot: Any, capsys: pytest.CaptureFixture[str]) -> None:
    shown: list[str] = []
    handler = CrashHandler(show=lambda title, text: shown.append(text))
    try:
        raise ValueError("Айгерім Сарсенова, ИИН 870412400123")
    except ValueError as exc:
        handler._excepthook(type(exc), exc, exc.__traceback__)
    thread = threading.Thread(target=lambda: (_ for _ in ()).throw(KeyError("Сарсенова")))
    previous = threading.excepthook
    threading.excepthook = handler._thread_hook
    try:
        thread.start()
        thread.join()
    finally:
        threading.excepthook = previous
    qtbot.waitUntil(lambda: len(shown) >= 1, timeout=2000)
    assert handler.seen == ["ValueError", "KeyError"]
    err = capsys.readouterr().err
    assert "Сарсенова" not in err and "870412400123" not in err
    assert "Close Advocate and open it again" in shown[0]


def test_qt_calls_do_not_wear_out_none_and_true(qapp: QApplication) -> None:
    """PySide6 6.12.0 on Python 3.11 returns None/True without a reference (ui.qt_fixes);
    without the fix the app aborted after some tens of thousands of Qt calls."""
    import sys

    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QLabel

    class Sender(QObject):
        ping = Signal(str)

    sender, label = Sender(), QLabel()
    for _ in range(50_000):
        label.setText("x")
        sender.ping.emit("x")
    assert sys.getrefcount(None) > 1_000_000 or sys.version_info >= (3, 12)


def test_after_a_lock_no_widget_shows_case_data(qtbot: Any, app: Any, demo_vault: Path) -> None:
    import shiboken6
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QLineEdit

    unlock(qtbot, app, demo_vault)
    work = app.window.work
    work.show_screen(1)
    qtbot.waitUntil(lambda: work.cases.model.rowCount() > 0
                    and work.cases.model.row_data(0) is not None, timeout=WAIT)
    reference = work.cases.model.row_data(0).reference
    work.open_case(work.cases.model.case_id(0))
    workspace = work.workspace
    qtbot.wait(500)  # the case is read and shown
    app.window.lock_now()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(workspace) and not shiboken6.isValid(work)
    shown: list[str] = []
    for top in QApplication.topLevelWidgets():
        for widget in [top, *top.findChildren(QLabel), *top.findChildren(QLineEdit)]:
            if isinstance(widget, QLabel | QLineEdit) and reference in widget.text():
                shown.append(type(widget).__name__)
        for view in top.findChildren(QAbstractItemView):
            if isinstance(view.parentWidget(), QComboBox) or isinstance(
                    view.parentWidget() and view.parentWidget().parentWidget(), QComboBox):
                continue  # the language list of the first screen
            model = view.model()
            if model is not None and model.rowCount() > 0:
                shown.append(view.objectName())
    assert shown == []
