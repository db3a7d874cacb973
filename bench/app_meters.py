"""Instruments of the app's benchmark: the event loop's longest gap, the moment a widget is
painted, the moment a model changed, waiting while the event loop runs, typing keys."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

T = TypeVar("T")


class GapMeter:
    """The longest gap between ticks of a short timer: how long the UI thread was blocked."""

    def __init__(self, interval_ms: int = 5) -> None:
        self.ticks = 0
        self.longest = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> GapMeter:
        """Start ticking (the gap counts from now)."""
        self._last = time.perf_counter()
        self._timer.start()
        return self

    def stop(self) -> None:
        """Stop, counting the gap up to now."""
        self._tick()
        self._timer.stop()

    def __enter__(self) -> GapMeter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.ticks += 1


class PaintWatch(QObject):
    """Calls ``then(time)`` after the first paint of ``widget`` for which ``when()`` holds.

    Every watch is kept until it is stopped or has fired (one made and dropped still works).
    """

    _alive: set[PaintWatch] = set()  # noqa: RUF012

    def __init__(self, widget: Any, when: Callable[[], bool],
                 then: Callable[[float], object]) -> None:
        super().__init__()
        self._widget = widget
        self._when = when
        self._then = then
        self._done = False
        PaintWatch._alive.add(self)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and watched is self._widget and event.type() == QEvent.Type.Paint \
                and self._when():
            # note: the filter runs before the widget paints; a zero timer reads the clock once
            # the paint (and the rest of this pass of the event loop) is done
            self._widget.removeEventFilter(self)
            self._done = True
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        PaintWatch._alive.discard(self)
        self._then(time.perf_counter())

    def stop(self) -> None:
        """Stop watching."""
        if not self._done:
            self._done = True
            self._widget.removeEventFilter(self)
        PaintWatch._alive.discard(self)


class ModelChanges:
    """Counts a model's resets, inserts and removals (a new answer reached the view)."""

    def __init__(self, model: Any) -> None:
        self.count = 0
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.dataChanged):
            signal.connect(self._bump)

    def _bump(self, *_args: Any) -> None:
        self.count += 1


def wait_until(condition: Callable[[], T], timeout_s: float, poll_ms: int = 5) -> T:
    """Run the event loop until ``condition()`` is truthy; returns it (raises on timeout).

    The loop sleeps until an event comes (a timer every ``poll_ms`` wakes it to check again),
    so a probe never spins: a busy loop on the UI thread took the GIL from the worker and
    made the unlock it measured look a second slower. A condition set by an event is seen as
    soon as that event was handled.
    """
    app = QApplication.instance()
    assert app is not None
    deadline = time.perf_counter() + timeout_s
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.start(max(1, poll_ms))
    try:
        while True:
            value = condition()
            if value:
                return value
            if time.perf_counter() > deadline:
                if timeout_s < 5:  # a plain pause
                    return value
                raise TimeoutError(f"gave up after {timeout_s:.0f} s")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents
                              | QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        ticker.stop()


def pause(seconds: float) -> None:
    """Let the event loop run for a while."""
    wait_until(lambda: False, seconds)


def type_keys(widget: Any, text: str) -> None:
    """Type text key by key, any alphabet (QTest.keyClicks asserts on non-ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))
