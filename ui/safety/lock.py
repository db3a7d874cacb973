"""When the vault locks, and what locking does to the windows.

Triggers (each calls the window's ``lock_now``): idle time (``ui.safety.idle``), Ctrl+L, the
panic key F12 (locks and minimises at once), minimising when the user chose it, the system's
screen lock and sleep (``ui.safety.screenlock``).

Locking (``MainWindow.lock_now`` → ``Session.lock``): the open forms' drafts are collected and
the worker keeps them in the vault just before it drops the keys (nothing waits on it); then
:func:`close_every_window` hides and destroys every dialog and extra window — hiding ends a
dialog's ``exec()`` loop without calling ``reject()``, so no "discard changes?" question can hold
the lock up; the screens that showed case data are destroyed by the main window; the clipboard is
cleared if it still holds our copy.

The panic key is F12: one key, no modifier, the same in every keyboard layout (Ctrl+Shift
switches the layout on many Kazakh and Russian desktops). On laptops whose F-keys are media
keys it is Fn+F12.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from ui.safety.idle import IdleWatcher
from ui.safety.screenlock import ScreenLockWatcher

PANIC_KEY = QKeySequence("F12")
LOCK_KEY = QKeySequence("Ctrl+L")


def close_every_window(keep: QWidget) -> int:
    """Hide and destroy every top-level window but ``keep`` (menus are only hidden).

    Returns how many windows were closed. Never calls ``reject()`` or ``close()``: those may
    ask a question, and a lock must not wait on one.
    """
    closed = 0
    for widget in QApplication.topLevelWidgets():
        if widget is keep:
            continue
        if isinstance(widget, QMenu):
            widget.hide()
            continue
        if isinstance(widget, QDialog) or widget.isVisible():
            widget.hide()
            widget.deleteLater()
            closed += 1
    return closed


def _matches(event: QKeyEvent, keys: QKeySequence) -> bool:
    return QKeySequence(event.keyCombination()) == keys


class LockTriggers(QObject):
    """Idle time, the system's screen lock and the lock keys, as ``lock_requested`` (and
    ``panic_requested``).

    note: the lock keys are caught by an application event filter as well as by the menu's
    shortcut: Qt does not fire even an application-wide shortcut of the main window while a
    modal dialog is open, and a lock must work from inside any dialog.
    """

    lock_requested = Signal()
    panic_requested = Signal()

    def __init__(self, idle_minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.idle = IdleWatcher(idle_minutes * 60_000, self)
        self.idle.idle.connect(self.lock_requested)
        self.system = ScreenLockWatcher(self)
        self.system.system_locking.connect(self.lock_requested)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and not event.isAutoRepeat():
            if _matches(event, PANIC_KEY):
                self.panic_requested.emit()
                return True
            if _matches(event, LOCK_KEY):
                self.lock_requested.emit()
                return True
        return False

    def detach(self) -> None:
        """Remove the event filters (at quit; see ``IdleWatcher.detach``)."""
        self.idle.detach()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def unlocked(self) -> None:
        """Start counting idle time."""
        self.idle.start()

    def locked(self) -> None:
        """Nothing to lock: stop counting."""
        self.idle.stop()
