"""``--self-test``: the core part (advocate/selftest.py), then the desktop part, offscreen.

The desktop part opens the restored vault through the app's worker, shows the main window on it
and closes it; it also loads a rendered report into ``QPdfDocument`` from memory (as the preview
does) and Qt's own Russian and Kazakh translations, the two things a frozen Qt most often lacks;
and it renders a report of the restored vault in a child process (advocate.report_process), as
the report dialog does, which a frozen app can only do when its entry point calls
``multiprocessing.freeze_support()`` first.

Which window: the app's main window as ``ui.main.App`` builds it (preferences kept in the
temporary folder), where the restored vault is unlocked on the unlock screen and the work area
must show; with an older ``ui.main`` (no ``App``), whatever ``ui.main.start`` shows first; on a
branch with no ``ui.main``, a bare window with the app's icon. The result line names which.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advocate.selftest import CoreResult, SelfTestError, run_in_temp, step

#: How long the window step waits for the vault to open and the window to show.
WINDOW_TIMEOUT = 30.0
QT_LANGUAGES = ("ru", "kk")


def run_self_test() -> str:
    """The whole self-test; returns the result line or raises SelfTestError."""
    # note: offscreen unless the caller chose a platform: the self-test must run on a build
    # machine or CI without a display, and never flashes a window on a user's desktop.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return run_in_temp(after=desktop_part)


def desktop_part(result: CoreResult) -> str:
    """Qt's part on the restored vault; returns the words for the result line."""
    timings = result.timings
    with step("qt", timings):
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        # note: Qt's user-scope settings go to the temporary folder, as ui.app does at run time.
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, str(result.restored.parent))
        app = QApplication.instance() or QApplication([sys.argv[0]])
        from ui.icons import app_icon

        icon = app_icon()
        if icon.isNull():
            raise SelfTestError("qt", "the app icon is missing")
        app.setWindowIcon(icon)  # type: ignore[attr-defined]
        _load_qt_translations()
    with step("pdf preview", timings):
        pages = _preview_pdf(result.restored.parent / "reports" / "complaint-kk.pdf")
    with step("report process", timings):
        child_pages = _render_in_child(result)
    with step("window", timings):
        name = _main_window(result, app)
    return (f"{pages}-page PDF previewed; a {child_pages}-page report rendered in a child "
            f"process; window {name} opened and closed")


def _render_in_child(result: CoreResult) -> int:
    """Render a report of the restored vault in a child process, as the report dialog does (a
    frozen app that lacks ``multiprocessing.freeze_support()`` fails here); its page count."""
    from datetime import UTC, datetime

    from advocate.report_process import ReportProcess
    from advocate.reports import ReportKind, ReportRequest
    from advocate.store import Store

    with Store.open(result.restored, result.passphrase) as store:
        case_file = store.case_file(max(store.cases(), key=lambda c: c.threats).id)
        request = ReportRequest(kind=ReportKind.THREATS, lang="kk",
                                generated_at=datetime.now(UTC), audit_head=store.audit_head())
    with ReportProcess() as renderer:
        rendered = renderer.render(case_file, request)
        if renderer.pid in (None, os.getpid()):
            raise SelfTestError("report process", "the report was not rendered in a child")
    if not rendered.pdf.startswith(b"%PDF") or len(rendered.stamp.code) != 12:
        raise SelfTestError("report process", "the child process returned no PDF")
    return _preview_pdf_bytes(rendered.pdf)


def _load_qt_translations() -> None:
    """Qt's own strings (Save, Cancel, the file dialog) in Russian and Kazakh must be there."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for lang in QT_LANGUAGES:
        if not QTranslator().load(f"qtbase_{lang}", folder):
            raise SelfTestError("qt", f"Qt's qtbase_{lang}.qm is not in {folder}")


def _preview_pdf(path: Path) -> int:
    """Load a report from memory into QPdfDocument and render its first page; the page count."""
    return _preview_pdf_bytes(path.read_bytes(), path.name)


def _preview_pdf_bytes(data: bytes, name: str = "the report") -> int:
    """``_preview_pdf`` on bytes in memory."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise SelfTestError("pdf preview", f"QPdfDocument could not load {name} "
                                           f"({document.error().name})")
    if document.render(0, QSize(200, 280)).isNull():
        raise SelfTestError("pdf preview", "the first page did not render")
    pages = document.pageCount()
    document.close()
    return pages


def _main_window(result: CoreResult, app: Any) -> str:
    """Open the app's window on the restored vault, wait until it shows, close it; its name."""
    main = importlib.import_module("ui.main") if importlib.util.find_spec("ui.main") else None
    if main is not None and hasattr(main, "App"):
        return _unlock_in_main_window(main, result, app)
    if main is not None:
        return _open_first_screen(app)
    return _open_placeholder(app)


def _unlock_in_main_window(main: Any, result: CoreResult, app: Any) -> str:
    """The app as ``ui.main.start`` builds it (``App``: session, preferences, main window), with
    preferences in the temporary folder; the restored vault is unlocked on its unlock screen as
    a user would, and the window waits until the work area shows."""
    from ui.prompts import Prompts

    settings = importlib.import_module("ui.settings")
    made = main.App(app, prompts=Prompts(strict=True),
                    prefs=settings.Preferences(result.restored.parent / "preferences.ini"))
    try:
        window = made.window
        window.show()
        window.show_unlock(result.restored)
        window.unlock_view.secret.setText(result.passphrase)
        window.unlock_view.unlock()
        _wait(lambda: window.work is not None and window.screens.currentWidget() is window.work,
              "the restored vault did not open in the main window")
        if window.windowTitle() != "Advocate":
            raise SelfTestError("window", "the window's title is not 'Advocate'")
        name = type(window).__name__
        window.close()
    finally:
        made.close()
    return f"{name} (unlocked)"


def _open_first_screen(app: Any) -> str:
    """Before the main window exists: run ui.main.start and close what it shows first."""
    from PySide6.QtCore import QTimer

    from ui.main import start  # type: ignore[import-not-found,unused-ignore]

    seen: list[str] = []
    deadline = time.monotonic() + WINDOW_TIMEOUT

    def poll() -> None:
        shown = [w for w in app.topLevelWidgets() if w.isVisible()]
        if shown or time.monotonic() > deadline:
            seen.extend(type(w).__name__ for w in shown)
            for widget in shown:
                widget.close()
            app.quit()
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(0, poll)
    start(app, demo=False)
    if not seen:
        raise SelfTestError("window", "ui.main.start showed no window")
    return f"{seen[0]} (ui.main.start; ui.main_window not there yet)"


def _open_placeholder(app: Any) -> str:
    from PySide6.QtWidgets import QLabel

    window = QLabel("Advocate")
    window.setWindowTitle("Advocate")
    window.setWindowIcon(app.windowIcon())
    _show_and_close(window)
    return "placeholder (no ui.main_window or ui.main on this branch)"


def _show_and_close(window: Any) -> None:
    from PySide6.QtWidgets import QApplication

    window.resize(1366, 768)
    window.show()
    _wait(window.isVisible, "the window did not show")
    QApplication.processEvents()
    if window.windowTitle() != "Advocate":
        raise SelfTestError("window", "the window's title is not 'Advocate'")
    window.close()
    window.deleteLater()
    QApplication.processEvents()


def _wait(done: Callable[[], bool], failure: str) -> None:
    """Process Qt events until ``done()`` or the timeout."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + WINDOW_TIMEOUT
    while not done():
        if time.monotonic() > deadline:
            raise SelfTestError("window", failure)
        QApplication.processEvents()
        time.sleep(0.01)


def main() -> int:
    """Run the self-test; one line on stdout (exit 0) or on stderr (exit 1)."""
    try:
        line = run_self_test()
    except SelfTestError as exc:
        print(f"advocate self-test FAILED at {exc}", file=sys.stderr)
        return 1
    print(line)
    return 0
