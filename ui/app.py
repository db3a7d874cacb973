"""Starting the desktop app: ``advocate`` (or ``advocate --demo``, ``make run``) ends up here.

The CLI finds ``run_app`` through the ``advocate.frontends`` entry point, so the core never
imports Qt. Before any window: a display must exist (else one line says so, no Qt traceback), the
language is set, Qt's user-scope settings (where its file dialog remembers the last folder) are
pointed at a private folder removed at exit, and a crash handler that writes no case data is
installed.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from advocate.i18n import _

EXIT_OK = 0
EXIT_NO_DISPLAY = 1


def has_display() -> bool:
    """Whether Qt can open a window here (a display server, or an explicit platform plugin)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_app(demo: bool = False, argv: list[str] | None = None) -> int:
    """Run the app until its last window closes; returns the exit status."""
    if not has_display():
        print(_("advocate: no display is available, so the app cannot open a window. "
                "Run it on a desktop, or use the commands (advocate --help)."), file=sys.stderr)
        return EXIT_NO_DISPLAY
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.main import start

    # note: the private folder is made only once Qt has started: a Qt that cannot start (no
    # platform plugin) aborts the process inside QApplication(), where no `finally` runs, and
    # an empty folder was left in TMPDIR. Nothing reads Qt's user-scope settings before a
    # window opens a file dialog, so setting their path after QApplication() is in time.
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    scratch = Path(tempfile.mkdtemp(prefix="advocate-qt-"))
    try:
        # note: Qt's file dialog writes the last folder it showed to QtProject.conf in the
        # user scope; the user scope goes to a private folder removed at exit. Our own
        # preferences use an explicit file (ui.settings), unaffected by this.
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, str(scratch))
        # note: screen readers announce the application by this name (else it is argv[0],
        # "__main__.py" under python -m); preferences and Qt's settings use explicit paths
        app.setApplicationName("Advocate")
        return start(app, demo=demo)  # type: ignore[arg-type]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
