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
