"""Work-around for the Qt binding on Python 3.11, applied once when ``ui`` is imported.

PySide6 6.12.0's wheel (one build for every Python from 3.10, the stable ABI) returns ``None``,
``True`` and ``False`` from its C++ calls without taking a reference to them, as Python 3.12
allows (those objects are immortal there). On Python 3.11 they are not: every void call
(``label.setText``, ``app.processEvents``) lowers the reference count of ``None`` by one, every
``signal.emit()`` that of ``True``; after some tens of thousands of calls Python frees ``None``
and aborts ("Fatal Python error: none_dealloc" / "bool_dealloc"), in the middle of the work.
Found by the shell's tests (``label.setText`` 200 times: refcount of None −200).

The fix does what Python 3.12 does: it makes those few singletons practically immortal by
raising their reference counts once by 2**40 (a probe first checks that this Python and this
PySide6 need it; a fixed PySide6 or Python 3.12+ is left alone). The lost references then come
out of a count that cannot reach zero in the life of a process.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

#: Added to each singleton's reference count (2**40: a million calls a second for 12 days).
HEADROOM = 1 << 40
_SINGLETONS = (None, True, False, NotImplemented, Ellipsis)
_applied = False


class _Probe(QObject):
    ping = Signal()


def calls_lose_references() -> bool:
    """Whether PySide6 calls here return singletons without a reference (probed)."""
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(16):
        probe.setObjectName("probe")  # a void call: returns None
        probe.ping.emit()  # returns True
    return (sys.getrefcount(None) < none_before - 8
            or sys.getrefcount(True) < true_before - 8)


def apply() -> bool:
    """Raise the singletons' reference counts if needed; returns whether it did."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or not calls_lose_references():
        return False
    for singleton in _SINGLETONS:
        # note: ob_refcnt is the first field of every object in a CPython release build, and
        # id() is the object's address.
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        refcount.value += HEADROOM
    _applied = True
    return True
