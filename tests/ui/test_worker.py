"""The worker: the vault lives on one background thread; answers come back on the UI thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from advocate.errors import Cancelled, WrongPassphraseError
from advocate.model.records import Case
from advocate.store import Store
from tests.ui.conftest import PASSPHRASE
from ui.worker import Op, TaskState, VaultWorker


def _open(path: Path, secret: str = PASSPHRASE) -> Any:
    def fn(lane: Any, _task: TaskState) -> str:
        lane.resource = Store.open(path, secret)
        return threading.current_thread().name
    return fn


def test_store_calls_run_on_the_owner_thread_and_answer_on_the_ui_thread(
        qtbot: Any, worker: VaultWorker, demo_vault: Path) -> None:
    seen: dict[str, Any] = {}
    Op(worker, _open(demo_vault), needs_store=False).success(
        lambda name: seen.setdefault("opened_on", name)).run()

    def cases(store: Store, _task: TaskState) -> list[str]:
        seen["store_thread"] = threading.current_thread()
        return [c.reference for c in store.cases()]

    Op(worker, cases).success(lambda refs: seen.update(
        refs=refs, answered_on=threading.current_thread())).run()
    qtbot.waitUntil(lambda: "refs" in seen, timeout=10_000)
    assert seen["opened_on"] == "vault-owner"
    assert seen["store_thread"] is worker.owner_thread
    assert seen["answered_on"] is threading.main_thread()
    assert len(seen["refs"]) >= 4


def test_a_wrong_passphrase_comes_back_as_the_core_error(
        qtbot: Any, worker: VaultWorker, demo_vault: Path) -> None:
    errors: list[BaseException] = []
    Op(worker, _open(demo_vault, "not it"), needs_store=False).failure(errors.append).run()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], WrongPassphraseError)


def test_lock_drops_pending_answers_and_closes_the_store(
        qtbot: Any, worker: VaultWorker, demo_vault: Path) -> None:
    opened: list[str] = []
    Op(worker, _open(demo_vault), needs_store=False).success(opened.append).run()
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    release = threading.Event()
    delivered: list[object] = []

    def slow(store: Store, task: TaskState) -> int:
        release.wait(5)
        return store.count(Case)

    Op(worker, slow).success(delivered.append).failure(delivered.append).run()
    worker.lock()  # returns at once, while the slow call still runs
    release.set()
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    qtbot.wait(200)
    assert delivered == []  # the answer of a locked vault never reaches a screen
    after: list[BaseException] = []
    Op(worker, lambda store, task: store.count(Case)).failure(after.append).run()
    qtbot.waitUntil(lambda: bool(after), timeout=10_000)
    assert isinstance(after[0], Cancelled)  # no store any more: the keys are gone


def test_an_answer_for_a_destroyed_widget_is_dropped(
        qtbot: Any, worker: VaultWorker, demo_vault: Path) -> None:
    widget = QWidget()
    delivered: list[object] = []
    release = threading.Event()
    Op(worker, _open(demo_vault), needs_store=False).run()
    Op(worker, lambda store, task: release.wait(5), parent=widget).success(
        delivered.append).run()
    widget.deleteLater()
    qtbot.wait(50)
    release.set()
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
    qtbot.wait(100)
    assert delivered == []


def test_progress_and_cancel_reach_the_running_call(
        qtbot: Any, worker: VaultWorker, demo_vault: Path) -> None:
    Op(worker, _open(demo_vault), needs_store=False).run()
    progress: list[tuple[int, int]] = []
    failures: list[BaseException] = []

    def long_work(store: Store, task: TaskState) -> None:
        for i in range(1, 1000):
            task.progress(i, 1000)
            if task.cancelled:
                raise Cancelled()
            threading.Event().wait(0.005)

    op = Op(worker, long_work).progress(lambda d, t: progress.append((d, t))).failure(
        failures.append).run()
    qtbot.waitUntil(lambda: len(progress) >= 2, timeout=10_000)
    op.cancel()
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    assert isinstance(failures[0], Cancelled)
    assert progress[-1][0] < 999


@pytest.mark.parametrize("n", [1])
def test_unhandled_errors_are_not_swallowed(qtbot: Any, worker: VaultWorker, n: int) -> None:
    def boom(lane: Any, _task: TaskState) -> None:
        raise ValueError("x")

    with qtbot.captureExceptions() as caught:
        Op(worker, boom, needs_store=False).run()
        qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
        qtbot.wait(50)
    assert caught and caught[0][0] is ValueError
