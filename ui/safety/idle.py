"""Idle time: no keyboard, mouse or touch input for a set time locks the vault.

An application-wide event filter notes the time of each input event (a number, no timer restart
per mouse move); a coarse timer compares it with the limit. Events of every window count, dialogs
included.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
    QEvent.Type.InputMethod,
})


class IdleWatcher(QObject):
    """Emits ``idle`` once when no input came for ``limit_ms``; armed again by the next input."""

    idle = Signal()

    def __init__(self, limit_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._limit = max(1, limit_ms)
        self._last = time.monotonic()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self._set_interval()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _set_interval(self) -> None:
        # note: a quarter of the limit, at most a second: the lock comes at most that late.
        self._timer.setInterval(min(1000, max(10, self._limit // 4)))

    def set_limit(self, limit_ms: int) -> None:
        """Change the idle time (from the settings)."""
        self._limit = max(1, limit_ms)
        self._set_interval()

    def start(self) -> None:
        """Watch (after unlock)."""
        self.touch()
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (while locked)."""
        self._timer.stop()

    def detach(self) -> None:
        """Stop watching input for good (at quit).

        note: removed at quit so none of our Python code runs while the interpreter shuts
        down (an application-wide filter is called for every event until the very end).
        """
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def touch(self) -> None:
        """Count now as activity."""
        self._last = time.monotonic()
        self._fired = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self._last = time.monotonic()
            self._fired = False
        return False

    def _check(self) -> None:
        if not self._fired and (time.monotonic() - self._last) * 1000 >= self._limit:
            self._fired = True
            self.idle.emit()
