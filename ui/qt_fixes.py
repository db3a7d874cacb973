"""Work-arounds for bugs of the Qt binding, applied once when ``ui`` is imported.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a reference to it, so
every ``emit`` from Python lowers the reference count of ``True`` by one. After some thousands of
emits (every answer of the worker is one) the interpreter frees ``True`` and aborts
("Fatal Python error: bool_dealloc"), at exit or in the middle of the work. Found by the shell's
tests (a queued signal 50 times: refcount of True −50). The fix gives the missing reference
back after each emit; it is applied only when a probe shows the bug, so a fixed PySide6 is left
alone.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]


class _Probe(QObject):
    ping = Signal()


def emit_loses_a_reference() -> bool:
    """Whether this PySide6 has the bug (probed on a throwaway signal)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    return sys.getrefcount(True) < before - 4


def apply() -> bool:
    """Patch ``SignalInstance.emit`` if needed; returns whether it was patched."""
    if getattr(SignalInstance.emit, "_advocate_fixed", False) or not emit_loses_a_reference():
        return False
    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True:
            _incref(True)
        return result

    emit._advocate_fixed = True  # type: ignore[attr-defined]
    SignalInstance.emit = emit  # type: ignore[method-assign]
    return True
