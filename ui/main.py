"""The app's start: language, crash handler, the main window, and the demo vault.

``advocate --demo`` (``make run``) builds a new vault of the invented demo cases in a private
temporary folder (removed at exit) and opens its unlock screen, where the demo passphrase is
shown, since it is not secret.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from advocate.i18n import system_language
from advocate.store import Store
from ui.crash import CrashHandler
from ui.main_window import MainWindow
from ui.prompts import Prompts
from ui.session import Session
from ui.settings import Preferences
from ui.translations import LanguageSwitch
from ui.worker import Op, TaskState


def demo_passphrase() -> str:
    """The demo's fixed passphrase (imported when needed: its module loads the reports, which
    would add half a second to every start)."""
    from advocate.demo_run import DEMO_PASSPHRASE

    return DEMO_PASSPHRASE


def demo_builder(path: Path) -> Any:
    """The worker call that builds the demo vault at ``path`` (then closes it)."""
    def fn(_lane: Any, _task: TaskState) -> Path:
        from advocate.demo import build_demo

        store, _ = Store.create(path, demo_passphrase())
        with store:
            build_demo(store)
        return path
    return fn


class App:
    """What ``start`` builds; tests build it too (with their own prompts and preferences)."""

    def __init__(self, app: QApplication, *, prompts: Prompts | None = None,
                 prefs: Preferences | None = None) -> None:
        self.qapp = app
        self.prefs = prefs or Preferences()
        self.languages = LanguageSwitch(app)
        self.languages.apply(self.prefs.language or system_language())
        self.session = Session(prompts or Prompts())
        self.window = MainWindow(self.session, self.prefs, self.languages)
        self.demo_folder: Path | None = None
        self.window.start_view.demo_requested.connect(self.open_demo)

    def first_screen(self) -> None:
        """The unlock screen of the remembered vault, else the first screen."""
        last = self.prefs.last_vault
        if last is not None and (last / "vault.json").exists():
            self.window.show_unlock(last)
        else:
            self.window.show_start()

    def open_demo(self) -> None:
        """Build a new demo vault in a private temporary folder and ask for its passphrase."""
        if self.prefs.language is None:
            self.prefs.language = self.languages.current
        if self.demo_folder is None:
            self.demo_folder = Path(tempfile.mkdtemp(prefix="advocate-demo-"))
        path = self.demo_folder / f"demo-{len(list(self.demo_folder.iterdir())) + 1}.advocate"
        self.window.start_view.set_busy(True)
        Op(self.session.worker, demo_builder(path), parent=self.window, needs_store=False) \
            .success(lambda made: self.window.show_unlock(made, demo_passphrase())) \
            .finished(lambda: self.window.start_view.set_busy(False)).run()

    def close(self) -> None:
        """Lock, stop the worker, remove the demo."""
        self.session.lock()
        self.window.triggers.detach()
        self.session.worker.shutdown()
        if self.demo_folder is not None:
            shutil.rmtree(self.demo_folder, ignore_errors=True)


def quit_on_signals(app: QApplication) -> QTimer:
    """Ctrl+C in the terminal or a TERM signal closes the app normally (the vault is locked and
    the demo folder removed). A timer lets Python run its signal handlers while Qt waits."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_args: app.quit())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(300)
    return timer


def start(app: QApplication, demo: bool) -> int:
    """Run the app until the main window closes; returns the exit status."""
    crash = CrashHandler(parent=app)
    crash.install()
    quit_on_signals(app)
    made = App(app)
    made.window.show()
    if demo:
        made.window.show_start()
        made.open_demo()
    else:
        made.first_screen()
    try:
        return app.exec()
    finally:
        made.close()
