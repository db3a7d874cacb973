"""Rendering a report in a child process, so the app's window never waits on reportlab.

reportlab lays a page out in long stretches of Python that hold the interpreter's lock; on a
thread of the app's own process that froze the window 58–206 ms at a time during a 100-page
complaint (bench/bench_ops_preview.py compares). A child process has its own interpreter and
its own lock: the app's process only waits on a pipe.

``ReportProcess`` is one child, started ahead of need (the report dialog starts it when it
opens, so the first report does not pay for importing reportlab), that renders one report at a
time::

    renderer = ReportProcess()
    renderer.start()                      # returns at once; the child imports in the background
    rendered = renderer.render(case_file, request, progress=..., cancel=...)
    renderer.close()

This module imports neither reportlab nor the reports package (the child does): the dialog that
creates a ``ReportProcess`` on the app's UI thread must not pay for that import there.

What crosses the pipe: the case file and the request (pickled) to the child; progress, then the
PDF's bytes and its stamp (or the core's error) back. Nothing is written to disk on either side:
no temporary file, no log; the child cannot leave a core dump of the case data it holds.
Setting ``cancel`` kills the child at once (it holds nothing worth saving); a child that dies
(a crash, the system out of memory) becomes ``ReportProcessError``. Either way a fresh child is
started at once, so the next render does not wait for its imports. The command line renders in
its own process and needs none of this.

The child is started with multiprocessing's "spawn" method: a new interpreter that inherits no
thread, lock, handler or open file of the app. A frozen app (PyInstaller) must call
``multiprocessing.freeze_support()`` first thing in its entry point (ui/bundle_main.py).
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from advocate.errors import AdvocateError, Cancelled
from advocate.progress import ProgressCallback

if TYPE_CHECKING:
    from advocate.model.casefile import CaseFile
    from advocate.reports.request import ReportRequest, ReportStamp

__all__ = ["Rendered", "ReportProcess"]

#: How often the waiting side looks at the cancel flag (seconds).
CANCEL_POLL = 0.02
#: Least time between two progress messages from the child (a bar needs no more).
PROGRESS_INTERVAL = 0.05


@dataclass(frozen=True, slots=True)
class Rendered:
    """A report rendered in memory: the PDF's bytes and its stamp."""

    pdf: bytes
    stamp: ReportStamp


class ReportProcess:
    """One child process that renders reports, one at a time, for one window or dialog.

    ``start`` and ``close`` may be called from any thread (the dialog calls them on the UI
    thread; neither waits for the child); ``render`` blocks its caller (the app's worker thread)
    until the report is done, failed, or cancelled.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None  # multiprocessing's SpawnProcess (untyped in typeshed)
        self._conn: Connection | None = None
        self._closed = False
        #: Children started, over this object's life (a test and the benchmark read it).
        self.started = 0

    @property
    def pid(self) -> int | None:
        """The running child's process id (None when there is none)."""
        with self._lock:
            process = self._process
            return process.pid if process is not None and process.is_alive() else None

    def start(self) -> None:
        """Start the child if none is running (returns at once; it imports in the background)."""
        with self._lock:
            if self._closed:
                raise Cancelled()
            if self._process is not None and self._process.is_alive():
                return
            self._reap()
            parent, child = multiprocessing.get_context("spawn").Pipe(duplex=True)
            process = multiprocessing.get_context("spawn").Process(
                target=_serve, args=(child,), name="advocate-report", daemon=True)
            with _main_module_hidden():
                process.start()
            child.close()  # the child holds its own copy; ours would keep the pipe open
            self._process, self._conn = process, parent
            self.started += 1

    def render(self, case_file: CaseFile, request: ReportRequest, *,
               progress: ProgressCallback | None = None,
               cancel: threading.Event | None = None) -> Rendered:
        """Render ``request`` on ``case_file`` in the child; the PDF's bytes and stamp.

        Raises the core's own error when the report cannot be made (as an in-process render
        would), Cancelled when ``cancel`` is set (the child is killed at once), and
        ReportProcessError when the child dies.
        """
        self.start()
        with self._lock:
            process, conn = self._process, self._conn
        assert process is not None and conn is not None
        try:
            conn.send((case_file, request))
        except OSError as exc:  # the child died before it could read
            raise _died(self._kill(process)) from exc
        while True:
            if cancel is not None and cancel.is_set():
                self._kill(process)
                self._start_again()
                raise Cancelled()
            try:
                if not wait([conn, process.sentinel], CANCEL_POLL):
                    continue
                message = conn.recv() if conn.poll() else None
            except (EOFError, OSError, ValueError):  # the pipe closed under us (close())
                message = None
            if message is None:  # no message: the child died, or was stopped by close()
                exitcode = self._kill(process)
                if self._closed or (cancel is not None and cancel.is_set()):
                    raise Cancelled()
                self._start_again()
                raise _died(exitcode)
            kind = message[0]
            if kind == "progress":
                if progress is not None:
                    progress(message[1], message[2])
            elif kind == "done":
                return Rendered(pdf=message[1], stamp=message[2])
            elif kind == "failed":
                raise message[1]
            # "ready": the child finished importing; nothing to do

    def _start_again(self) -> None:
        """A new child at once after a cancel or a crash, so the next render finds it ready."""
        with contextlib.suppress(Cancelled, OSError):
            self.start()

    def wait_ready(self, timeout: float) -> bool:
        """Start the child and wait until it has imported the renderer (the self-test and the
        benchmark use this; the app never waits)."""
        self.start()
        with self._lock:
            conn = self._conn
        assert conn is not None
        if not conn.poll(timeout):
            return False
        return bool(conn.recv() == ("ready",))

    def close(self) -> None:
        """Stop the child (at once: it holds nothing to save) and start no other."""
        with self._lock:
            self._closed = True
            process = self._process
        if process is not None:
            self._kill(process)

    def _kill(self, process: Any) -> int | None:
        """End ``process`` now and forget it (its pipe is closed; no zombie is left); its exit
        code (negative: the signal that ended it)."""
        with self._lock:
            if self._process is not process:
                return None  # already forgotten (close() from another thread)
            if process.is_alive():
                process.kill()
            process.join(5.0)
            exitcode: int | None = process.exitcode
            self._reap()
            return exitcode

    def _reap(self) -> None:
        """Forget the current child (under the lock): close our end of its pipe, release it."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            if self._process.exitcode is not None:
                self._process.close()
            self._process = None

    def __enter__(self) -> ReportProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Keep the child from re-running the app's main module.

    note: "spawn" re-imports the parent's ``__main__`` in the child (as ``__mp_main__``) so that
    functions defined there can be unpickled; the app's main module (``ui.main``) imports Qt and
    every window, which the child never uses (time and memory for nothing). The child's only
    function is ``_serve`` in this module, so nothing from ``__main__`` is needed: without a
    ``__spec__`` and a ``__file__`` multiprocessing leaves the child's main module alone.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved: dict[str, Any] = {name: main.__dict__[name] for name in ("__spec__", "__file__")
             if name in main.__dict__}
    main.__dict__["__spec__"] = None
    main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        main.__dict__.update(saved)


def _died(exitcode: int | None) -> AdvocateError:
    from advocate.reports.errors import ReportProcessError

    return ReportProcessError(exitcode=exitcode)


# --- the child -----------------------------------------------------------------------------


def _serve(conn: Connection) -> None:
    """The child's whole life: import the renderer, then render each job sent until the pipe
    closes."""
    _quiet()
    from advocate.reports.errors import ReportLayoutError
    from advocate.reports.render import render_report_to

    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        case_file, request = job
        target = io.BytesIO()
        try:
            stamp = render_report_to(case_file, request, target, progress=_sender(conn))
        except AdvocateError as exc:
            conn.send(("failed", exc))
            continue
        except Exception as exc:  # a defect of the layout code: said, not printed
            conn.send(("failed", ReportLayoutError(f"{type(exc).__name__}: {exc}")))
            continue
        conn.send(("done", target.getvalue(), stamp))
        del case_file, request, target


def _sender(conn: Connection) -> ProgressCallback:
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total > 0 or now - last[0] >= PROGRESS_INTERVAL:
            last[0] = now
            conn.send(("progress", done, total))

    return progress


def _quiet() -> None:
    """What the child must never do with the case data it holds: dump it to disk on a crash,
    print it in a traceback."""
    if sys.platform == "win32":
        import ctypes

        _quiet_windows(ctypes.WinDLL("kernel32"))
    elif os.name == "posix":
        import resource

        # note: a crash of the child (a segfault in a C extension) must not leave a core file
        # holding the decrypted case file.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.excepthook = lambda *_args: None
    threading.excepthook = lambda _args: None


#: SetErrorMode: no "insert a disk" box, and no "stopped working" box of Windows Error Reporting.
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002
#: WerSetFlags: a report of this process's crash carries no heap (where the case data lives).
WER_FAULT_REPORTING_FLAG_NOHEAP = 0x0001


def _quiet_windows(kernel32: Any) -> None:
    """Windows' own crash handling in the child, as far as a process may set it for itself.

    note: both settings hold for this process only and last until it ends; nothing is written
    to the registry. ``WerAddExcludedApplication`` is not called: it excludes an executable
    *name* for good (a registry key), which would be every ``python.exe`` of a developer, or
    the app itself in the frozen build, and would stay after the app is removed. What is not
    suppressed is said in docs/security.md ("Crashes").
    """
    flags = SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX
    previous = int(kernel32.SetErrorMode(flags))  # returns the mode it replaced
    kernel32.SetErrorMode(previous | flags)  # keep what the parent had set (it is inherited)
    kernel32.WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP)  # an HRESULT; a failure leaves WER
