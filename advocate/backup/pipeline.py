"""Two-stage pipelines, so reading or writing the vault overlaps with age's encryption.

SQLCipher decrypts or encrypts pages with the GIL released, and age (in Rust) encrypts or
decrypts with it held; run in two threads the two use both cores of a small laptop. Each queue
is bounded (a few MiB), so memory stays flat, and an exception in the worker reaches the caller
unchanged. The vault's connection is used by one thread at a time: the worker while the pipeline
runs, the caller only after :meth:`close` returned.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_END = object()
_POLL_SECONDS = 0.1


class Prefetcher(Generic[T]):
    """Runs an iterator in a worker thread, at most ``depth`` items ahead of the consumer."""

    def __init__(self, source: Iterator[T], depth: int = 8) -> None:
        self._source = source
        self._queue: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue(depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backup-reader", daemon=True)
        self._thread.start()

    def next(self) -> T | None:
        """The next item, None at the end; re-raises what the iterator raised."""
        item, error = self._queue.get()
        if error is not None:
            raise error
        if item is _END:
            self._queue.put((_END, None))  # later calls see the end too
            return None
        return item  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the worker (if still running) and wait for it."""
        self._stop.set()
        while self._thread.is_alive():
            try:
                self._queue.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                pass
        self._thread.join()

    def _run(self) -> None:
        try:
            for item in self._source:
                if not self._put((item, None)):
                    return
            self._put((_END, None))
        except BaseException as exc:  # handed to the consumer, who re-raises it
            try:
                self._put((None, exc))
            except BaseException:
                # note: issue 15: with the clock in the year 9999 the timed put() itself raised
                # here, the thread died and the consumer waited forever. An untimed put cannot
                # fail that way, and next() or close() takes it off the queue.
                self._queue.put((None, exc))
        finally:
            close = getattr(self._source, "close", None)
            if close is not None:
                close()  # a generator stopped early releases its open cursors here, in its thread

    def _put(self, entry: tuple[Any, BaseException | None]) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(entry, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False


class SerialWorker:
    """Runs calls in order in a worker thread, at most ``depth`` waiting; the first error sticks."""

    def __init__(self, depth: int = 8) -> None:
        self._queue: queue.Queue[tuple[Callable[..., object], tuple[object, ...]] | None] = \
            queue.Queue(depth)
        self._error: BaseException | None = None
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="backup-writer", daemon=True)
        self._thread.start()

    def submit(self, call: Callable[..., object], *args: object) -> None:
        """Queue ``call(*args)``; raises the worker's first error, if there was one."""
        self._raise()
        self._queue.put((call, args))

    def drain(self) -> None:
        """Wait until every queued call ran; raise the first error, if any."""
        self._queue.join()
        self._raise()

    def close(self) -> None:
        """Stop the worker and wait for it; calls still queued are skipped."""
        self._closing = True
        self._queue.put(None)
        self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                if self._error is None and not self._closing:  # else the rest is skipped
                    job[0](*job[1])
            except BaseException as exc:  # re-raised in the caller's thread
                self._error = exc
            finally:
                self._queue.task_done()


class _Slot(Generic[T]):
    """One fetched piece, or the error fetching it raised, for the thread waiting on it.

    note: not concurrent.futures.Future: importing it imports logging, which fails under a
    clock in the year 9999 (issue 15's hardening tests run the CLI so).
    """

    def __init__(self) -> None:
        self._done = threading.Event()
        self._value: T | None = None
        self._error: BaseException | None = None

    def set(self, value: T | None = None, error: BaseException | None = None) -> None:
        self._value, self._error = value, error
        self._done.set()

    def result(self) -> T | None:
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value

    def wait(self) -> None:
        self._done.wait()


class ParallelFetcher(Generic[T]):
    """Fetches pieces by key in ``workers`` threads, each with a resource of its own (a reader
    connection), and hands them back in the order asked, at most ``ahead`` in flight.

    ``open_resource`` runs in each worker (a SQLite connection belongs to its thread),
    ``fetch(resource, key)`` returns the piece or None, ``close_resource`` runs when the worker
    stops. An exception in a worker comes out of :meth:`pieces` unchanged. :meth:`close` stops
    the workers; call it once nothing waits on :meth:`pieces` any more.
    """

    def __init__(self, open_resource: Callable[[], Any], fetch: Callable[[Any, Any], T | None],
                 close_resource: Callable[[Any], object], workers: int = 2,
                 ahead: int = 4) -> None:
        self._open, self._fetch, self._close = open_resource, fetch, close_resource
        self._ahead = ahead
        self._jobs: queue.Queue[tuple[Any, _Slot[T]] | None] = queue.Queue()
        self._threads = [threading.Thread(target=self._run, name="backup-fetch", daemon=True)
                         for _ in range(workers)]
        for thread in self._threads:
            thread.start()

    def pieces(self, keys: Iterator[Any]) -> Iterator[T]:
        """The pieces of ``keys`` in order, up to the first that is None (the end)."""
        pending: deque[_Slot[T]] = deque()
        try:
            for key in keys:
                future: _Slot[T] = _Slot()
                self._jobs.put((key, future))
                pending.append(future)
                if len(pending) >= self._ahead:
                    piece = pending.popleft().result()
                    if piece is None:
                        return
                    yield piece
            while pending:
                piece = pending.popleft().result()
                if piece is None:
                    return
                yield piece
        finally:
            for future in pending:  # fetched ahead and not wanted: wait, so nothing runs late
                future.wait()

    def close(self) -> None:
        """Stop the workers and wait for them."""
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def _run(self) -> None:
        resource: Any = None
        error: BaseException | None = None
        try:
            resource = self._open()
        except BaseException as exc:  # every job then fails with it
            error = exc
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                key, future = job
                if error is not None:
                    future.set(error=error)
                    continue
                try:
                    future.set(self._fetch(resource, key))
                except BaseException as exc:
                    future.set(error=exc)
        finally:
            if resource is not None:
                self._close(resource)
