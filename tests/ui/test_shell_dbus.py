"""The system's screen lock reaches the app over a real D-Bus session bus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROBE = textwrap.dedent('''
    import subprocess, time
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from ui.safety.screenlock import ScreenLockWatcher
    watcher = ScreenLockWatcher()
    hits = []
    watcher.system_locking.connect(lambda: hits.append(1))
    for value in ("false", "true"):
        subprocess.run(["dbus-send", "--session", "--type=signal", "/org/freedesktop/ScreenSaver",
                        "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:" + value],
                       check=True)
    end = time.time() + 5
    while not hits and time.time() < end:
        app.processEvents()
        time.sleep(0.02)
    print("watching", len(watcher.watching), "hits", len(hits))
''')


@pytest.mark.skipif(shutil.which("dbus-run-session") is None or shutil.which("dbus-send") is None,
                    reason="needs dbus-run-session and dbus-send")
def test_screen_saver_active_changed_true_asks_for_a_lock() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    result = subprocess.run(["dbus-run-session", "--", sys.executable, "-c", PROBE], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert "hits 1" in result.stdout, result.stdout + result.stderr[-1000:]


@pytest.mark.parametrize(("message", "wparam", "locks"), [
    (0x02B1, 0x7, True),    # WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK
    (0x02B1, 0x8, False),   # WTS_SESSION_UNLOCK
    (0x0218, 0x4, True),    # WM_POWERBROADCAST, PBT_APMSUSPEND
    (0x0218, 0x12, False),  # PBT_APMRESUMEAUTOMATIC
    (0x0100, 0x7, False),   # WM_KEYDOWN
])
def test_windows_session_lock_and_suspend_messages_ask_for_a_lock(
        monkeypatch: pytest.MonkeyPatch, message: int, wparam: int, locks: bool) -> None:
    """The Windows path, fed the MSG structure Qt hands ``nativeEvent`` (not runnable as a
    real session lock here)."""
    from ctypes import addressof, wintypes

    from ui.safety.screenlock import windows_message_locks

    msg = wintypes.MSG()
    msg.message, msg.wParam = message, wparam
    assert windows_message_locks(b"windows_generic_MSG", addressof(msg)) is False  # not Windows
    monkeypatch.setattr("sys.platform", "win32")
    assert windows_message_locks(b"windows_generic_MSG", addressof(msg)) is locks
    assert windows_message_locks("windows_dispatcher_MSG", addressof(msg)) is locks
    assert windows_message_locks(b"xcb_generic_event_t", addressof(msg)) is False
