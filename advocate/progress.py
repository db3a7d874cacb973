"""Progress and cancellation for long work (reports, backups, restores, imports, evidence intake).

The core reports progress through a plain callback, ``progress(done, total)`` (``total`` 0 when
unknown), so the app can drive a progress bar and the CLI a progress line; it is cancelled through
a ``threading.Event`` that the caller sets from any thread. Work that is cancelled raises
:class:`~advocate.errors.Cancelled` after undoing what it did.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from advocate.errors import Cancelled

ProgressCallback = Callable[[int, int], None]


def check_cancel(cancel: threading.Event | None) -> None:
    """Raise Cancelled if the caller asked to stop."""
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def report(progress: ProgressCallback | None, done: int, total: int) -> None:
    """Call the progress callback when there is one."""
    if progress is not None:
        progress(done, total)
