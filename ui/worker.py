"""Background work: one thread owns the vault, the UI thread never waits on it.

DESIGN.md section 10: every call into the store runs on one background thread (Anki's single
worker, Orange's ``TaskState``); results come back to the UI thread by a queued signal; long work
reports progress and is cancelled through the core's ``threading.Event``.

Two lanes, each a thread with a queue of calls run one after the other:

- the *owner* lane opens the vault and owns its :class:`~advocate.store.Store` (the write
  connection: the store refuses calls from any other thread);
- the *reader* lane owns a read-only view of the same vault (``Store.reader()``, a second WAL
  connection that sees committed data only), so lists and search stay live while a backup or a
  report keeps the owner busy. Without a reader, reads queue on the owner lane.

Use it as Anki's ``QueryOp``::

    Op(worker, lambda store, task: store.case_file(case_id), parent=self) \\
        .success(self._show_case) \\
        .failure(self._show_error) \\
        .run()

Results are dropped, never delivered, when the parent widget is gone or the vault was locked in
between (each lock starts a new *generation*): a slow answer cannot repaint a screen that was
destroyed because it showed case data.
"""

from __future__ import annotations

import queue
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QWidget

from advocate.errors import Cancelled

T = TypeVar("T")

#: How long the owner waits for the reader to close before it closes the store (seconds).
READER_CLOSE_WAIT = 60.0
#: Least time between two progress reports delivered to the UI (a bar needs no more).
PROGRESS_INTERVAL = 0.05


class TaskState:
    """What a running call may use: progress to report, a cancel flag to honour."""

    def __init__(self, emit: Callable[[int, int], None] | None = None) -> None:
        self.cancel = threading.Event()
        self._emit = emit
        self._last = 0.0

    def progress(self, done: int, total: int) -> None:
        """Report progress (throttled; the last report, done == total, always goes through)."""
        now = time.monotonic()
        if self._emit is not None and (done >= total > 0 or now - self._last >= PROGRESS_INTERVAL):
            self._last = now
            self._emit(done, total)

    @property
    def cancelled(self) -> bool:
        """Whether the user asked to stop."""
        return self.cancel.is_set()


@dataclass(eq=False)
class _Call:
    fn: Callable[[Any, TaskState], Any]
    op: Op[Any]
    generation: int
    needs_store: bool
    task: TaskState = field(default_factory=TaskState)
    #: Internal calls (close, open the reader) run whatever the generation.
    always: bool = False


class _Lane:
    """A thread that runs calls one after the other, each with the lane's resource."""

    def __init__(self, worker: VaultWorker, name: str) -> None:
        self.worker = worker
        self.resource: Any = None
        self.current: _Call | None = None
        self._queue: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def put(self, call: _Call | None) -> None:
        self._queue.put(call)

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def _loop(self) -> None:
        while True:
            call = self._queue.get()
            if call is None:
                return
            self.current = call
            try:
                if not call.always and call.generation != self.worker.generation:
                    raise Cancelled()
                if call.needs_store and self.resource is None:
                    raise Cancelled()
                result: Any = call.fn(self.resource if call.needs_store else self, call.task)
                ok = True
            except BaseException as exc:
                result, ok = exc, False
            finally:
                self.current = None
            try:
                self.worker._deliver.emit((call, ok, result))
            except RuntimeError:
                # note: a dialog's own worker, shut down without waiting (timeout 0) and then
                # deleted with its dialog: the lane has run its last call (the close), and there
                # is no one left to tell
                return


class VaultWorker(QObject):
    """The owner of the open vault and of every call into it. Create one per app, on the UI thread.

    ``owner_call`` functions get ``(store, task)``; ``lane_call`` functions get the lane itself,
    so the opening call can set ``lane.resource`` to the store it opened on that thread.
    """

    _deliver = Signal(object)
    #: (done, total, op) from a running call, delivered on the UI thread.
    _progress = Signal(object)

    #: Every worker made and not yet shut down (``shutdown_all`` at quit).
    _alive: ClassVar[weakref.WeakSet[VaultWorker]] = weakref.WeakSet()
    #: Workers stopped without waiting (``retire``), kept until their threads have ended.
    _retired: ClassVar[list[VaultWorker]] = []

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        VaultWorker._alive.add(self)
        self.generation = 0
        self._owner = _Lane(self, "vault-owner")
        self._reader = _Lane(self, "vault-reader")
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._running: set[_Call] = set()

    # --- used by Op --------------------------------------------------------------------------

    def _submit(self, op: Op[Any], fn: Callable[[Any, TaskState], Any], *, needs_store: bool,
                reading: bool) -> _Call:
        call = _Call(fn=fn, op=op, generation=self.generation, needs_store=needs_store)
        call.task = TaskState(lambda done, total: self._progress.emit((call, done, total)))
        self._running.add(call)
        lane = self._reader if reading and self._reader.resource is not None else self._owner
        lane.put(call)
        return call

    @Slot(object)
    def _on_deliver(self, payload: tuple[_Call, bool, Any]) -> None:
        call, ok, result = payload
        self._running.discard(call)
        call.op._finish(call, ok, result, current=call.generation == self.generation)

    @Slot(object)
    def _on_progress(self, payload: tuple[_Call, int, int]) -> None:
        call, done, total = payload
        if call in self._running and call.generation == self.generation:
            call.op._report(done, total)

    # --- the vault ---------------------------------------------------------------------------

    @property
    def owner_thread(self) -> threading.Thread:
        """The thread that owns the store (tests check the UI thread never is)."""
        return self._owner.thread

    def is_busy(self) -> bool:
        """Whether any call is queued or running."""
        return bool(self._running)

    def lock(self, before_close: Callable[[Any], None] | None = None) -> None:
        """Forget the vault without waiting: cancel what runs, drop every pending answer, close.

        The store is closed (keys dropped) on its own thread as soon as the running call has
        stopped; the UI thread returns at once. ``before_close(store)`` runs on the owner lane
        just before (the drafts of open forms are kept in the vault that way); it gets None
        when no vault was open.
        """
        self.generation += 1
        for call in list(self._running):
            call.task.cancel.set()
        self._running.clear()
        if before_close is not None:
            def _before(lane: Any, _task: TaskState) -> None:
                before_close(lane.resource)

            self._owner.put(_Call(fn=_before, op=_NO_OP, generation=self.generation,
                                  needs_store=False, always=True))
        # note: the reader closes on its own thread first, and the owner waits for it: closing
        # the store also closes its readers, and a reader's connection closed under a query
        # that its thread is still running crashed the process (found by the merged tests).
        reader_closed = threading.Event()

        def _close_reader(lane: Any, task: TaskState) -> None:
            try:
                _close_lane(lane, task)
            finally:
                reader_closed.set()

        def _close_owner(lane: Any, task: TaskState) -> None:
            reader_closed.wait(READER_CLOSE_WAIT)
            _close_lane(lane, task)

        self._reader.put(_Call(fn=_close_reader, op=_NO_OP, generation=self.generation,
                               needs_store=False, always=True))
        self._owner.put(_Call(fn=_close_owner, op=_NO_OP, generation=self.generation,
                              needs_store=False, always=True))

    @classmethod
    def shutdown_all(cls, timeout: float = 10.0) -> None:
        """Stop every worker still running (at quit: no thread may outlive the event loop)."""
        for worker in list(cls._alive):
            if shiboken6.isValid(worker):
                worker.shutdown(timeout)
        for worker in cls._retired:
            worker._join(timeout)
        cls._retired = []

    def retire(self) -> None:
        """Stop without waiting (a dialog's own worker, when the dialog closes), and keep this
        worker alive until both threads have ended.

        note: the worker was the dialog's child, deleted with it while a thread might still be
        sending its last answer: a signal sent from a thread as its object is deleted crashed
        the process (a restore dialog closed and deleted at once, 300 times: a crash in every
        run). Unparented and held here, the object outlives its threads.
        """
        self.setParent(None)
        self.shutdown(timeout=0)
        VaultWorker._retired = [w for w in VaultWorker._retired if w._threads_running()]
        VaultWorker._retired.append(self)

    def _threads_running(self) -> bool:
        return self._owner.thread.is_alive() or self._reader.thread.is_alive()

    def _join(self, timeout: float) -> None:
        self._owner.join(timeout)
        self._reader.join(timeout)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Lock, then stop both threads (at quit, and in tests' teardown)."""
        VaultWorker._alive.discard(self)
        self.lock()
        self._reader.put(None)
        self._owner.put(None)
        self._owner.join(timeout)
        self._reader.join(timeout)

    def attach_reader(self, open_reader: Callable[[Any], Any]) -> None:
        """Open the read view on the reader lane, from the store the owner lane holds."""
        owner = self._owner

        def _open(lane: Any, _task: TaskState) -> None:
            store = owner.resource
            if store is not None:
                lane.resource = open_reader(store)

        self._reader.put(_Call(fn=_open, op=_NO_OP, generation=self.generation,
                               needs_store=False))  # not always: a lock in between skips it


def _close_lane(lane: Any, _task: TaskState) -> None:
    resource, lane.resource = lane.resource, None
    if resource is not None:
        resource.close()


class Op(Generic[T]):
    """One call into the vault, built fluently and run in the background."""

    def __init__(self, worker: VaultWorker, fn: Callable[[Any, TaskState], T], *,
                 parent: QWidget | QObject | None = None, needs_store: bool = True) -> None:
        self._worker = worker
        self._fn = fn
        self._parent = parent
        self._needs_store = needs_store
        self._reading = False
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_progress: Callable[[int, int], None] | None = None
        self._on_finished: Callable[[], None] | None = None
        self._call: _Call | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        """Called on the UI thread with the result."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        """Called on the UI thread with the error (``Cancelled`` included)."""
        self._on_failure = callback
        return self

    def progress(self, callback: Callable[[int, int], None]) -> Op[T]:
        """Called on the UI thread with (done, total) while the call runs."""
        self._on_progress = callback
        return self

    def finished(self, callback: Callable[[], None]) -> Op[T]:
        """Called on the UI thread after success or failure (to stop a busy indicator)."""
        self._on_finished = callback
        return self

    def reading(self) -> Op[T]:
        """Run on the reader lane when there is one (lists, search, viewing)."""
        self._reading = True
        return self

    def run(self) -> Op[T]:
        """Queue the call; returns at once."""
        self._call = self._worker._submit(self, self._fn, needs_store=self._needs_store,
                                          reading=self._reading)
        return self

    def cancel(self) -> None:
        """Ask the running call to stop (it raises ``Cancelled`` after undoing its work)."""
        if self._call is not None:
            self._call.task.cancel.set()

    # --- from the worker, on the UI thread ---------------------------------------------------

    def _alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _report(self, done: int, total: int) -> None:
        if self._on_progress is not None and self._alive():
            self._on_progress(done, total)

    def _finish(self, call: _Call, ok: bool, result: Any, *, current: bool) -> None:
        if not current or not self._alive():
            return
        try:
            if ok:
                if self._on_success is not None:
                    self._on_success(result)
            elif self._on_failure is not None:
                self._on_failure(result)
            elif not isinstance(result, Cancelled):
                raise result
        finally:
            if self._on_finished is not None and self._alive():
                self._on_finished()


class _NoOp(Op[None]):
    def __init__(self) -> None:
        self._parent = None
        self._on_success = self._on_failure = self._on_progress = self._on_finished = None

    def _finish(self, call: _Call, ok: bool, result: Any, *, current: bool) -> None:
        return


_NO_OP = _NoOp()
