"""Shared steps of the OPS dialogs' tests: open a vault in the worker, find widgets, measure
the event loop's longest gap."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from advocate.store import Store
from tests.ui.conftest import PASSPHRASE
from ui.prompts import Prompts
from ui.session import Session
from ui.worker import Op, TaskState, VaultWorker

W = TypeVar("W", bound=QWidget)


def open_session(qtbot: Any, prompts: Prompts, worker: VaultWorker, path: Path) -> Session:
    """A session whose worker has the vault at ``path`` open (as the unlock screen leaves it)."""
    session = Session(prompts, worker)
    opened: list[object] = []

    def fn(lane: Any, _task: TaskState) -> None:
        lane.resource = Store.open(path, PASSPHRASE)

    Op(worker, fn, needs_store=False).success(opened.append).failure(opened.append).run()
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    assert opened[0] is None, opened[0]
    session.vault_path = path
    return session


def call(qtbot: Any, worker: VaultWorker, fn: Any, timeout: int = 60_000) -> Any:
    """Run ``fn(store, task)`` on the worker and wait for its answer (raises its error)."""
    out: list[tuple[bool, Any]] = []
    Op(worker, fn).success(lambda r: out.append((True, r))).failure(
        lambda e: out.append((False, e))).run()
    qtbot.waitUntil(lambda: bool(out), timeout=timeout)
    ok, value = out[0]
    if not ok:
        raise value
    return value


def child(parent: QWidget, cls: type[W], name: str) -> W:
    """The one child of ``parent`` with that objectName (fails the test when missing)."""
    found = parent.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name}"
    return found


class GapMeter:
    """The longest gap between ticks of a 10 ms timer: how long the UI thread was blocked."""

    def __init__(self) -> None:
        self.ticks = 0
        self.longest = 0.0
        self._last = time.monotonic()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)

    def start(self) -> GapMeter:
        self._last = time.monotonic()
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.ticks += 1
