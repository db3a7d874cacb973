"""A crash: a calm dialog that says what to do, and nothing written anywhere.

A traceback quotes local values and file lines, and an exception's text may quote case data, so
neither is shown, printed or logged (a desktop session often keeps stderr in a file such as
``~/.xsession-errors``). Only the exception's type name goes to stderr, so a supporter can tell
one failure from another. Exceptions on worker threads are passed to the UI thread by a queued
signal; the dialog shows once even when several errors follow each other.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from advocate.i18n import _


def crash_text() -> tuple[str, str]:
    """The dialog's title and text, in the current language."""
    return (_("Advocate"),
            _("Something went wrong inside Advocate. Everything you saved before this moment "
              "is safe in the vault.\n\nClose Advocate and open it again. If it happens again, "
              "tell the person who helps you with the computer what you were doing (not what "
              "you were typing)."))


class CrashHandler(QObject):
    """Installed by ``ui.main.start``: replaces ``sys.excepthook`` and ``threading.excepthook``."""

    _crashed = Signal(str)

    def __init__(self, show: Callable[[str, str], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show = show or _show_dialog
        self._showing = False
        #: Type names of the errors seen (tests read them; nothing else is kept).
        self.seen: list[str] = []
        self._crashed.connect(self._on_crash, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Route every uncaught exception (UI thread and other threads) here."""
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_hook

    def _excepthook(self, kind: type[BaseException], _value: BaseException,
                    _tb: TracebackType | None) -> None:
        self.report(kind)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        self.report(args.exc_type)

    def report(self, kind: type[BaseException]) -> None:
        """Note the error's type name on stderr and show the dialog on the UI thread."""
        name = getattr(kind, "__name__", "Exception")
        self.seen.append(name)
        print(f"advocate: internal error ({name})", file=sys.stderr)
        self._crashed.emit(name)

    @Slot(str)
    def _on_crash(self, _name: str) -> None:
        if self._showing:
            return
        self._showing = True
        try:
            self._show(*crash_text())
        finally:
            self._showing = False


def _show_dialog(title: str, text: str) -> None:
    parent = QApplication.activeWindow()
    QMessageBox.critical(parent, title, text)
