"""Screenshots of every screen, in English, Russian and Kazakh, from a fresh demo vault.

``make screenshots`` (offscreen, 1366x768) writes ``docs/screenshots/<lang>/<screen>.png``,
used by the user guide. The workspace and ops screens are shot by ``tools/shots_workspace.py``
and ``tools/shots_ops.py`` when present; each defines::

    def shots(made: ui.main.App, shoot: Callable[[QWidget, str], Path], lang: str) -> None

where ``made`` is the app unlocked on the demo vault (its work area on screen) and
``shoot(widget, name)`` saves one picture of the widget's window; or
``shoot(out_dir, lang) -> list[Path]``, which makes its own demo app.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QWidget

from advocate.demo import build_demo
from advocate.demo_run import DEMO_PASSPHRASE
from advocate.i18n import set_language
from advocate.store import Store
from advocate.vault import KdfParams
from ui.dialogs.create_vault_dialog import CreateVaultDialog
from ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from ui.dialogs.settings_dialog import SettingsDialog
from ui.dialogs.shortcuts_dialog import ShortcutsDialog
from ui.main import App
from ui.prompts import Prompts
from ui.settings import Preferences

SIZE = (1366, 768)
LANGS = ("en", "ru", "kk")
EXTRA = ("tools.shots_workspace", "tools.shots_ops")
SAMPLE_KEY = "K4TR-9QXM-2LWD-7HBN-5FJC-8PZA-3VYE-6GUS"
#: The demo's main case (the one with the most records).
MAIN_CASE = "АҚТ-2023-01"


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run the event loop until ``condition()`` (or fail after ``timeout`` seconds)."""
    end = time.monotonic() + timeout
    while not condition():
        QApplication.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the app did not get there in time")
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    """Let pending answers and paints through."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def demo_vault(folder: Path) -> Path:
    """A demo vault (cheap KDF: screenshots only, the data is invented)."""
    path = folder / "demo.advocate"
    store, _ = Store.create(path, DEMO_PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store:
        build_demo(store)
    return path


class Camera:
    """Saves pictures of windows into one folder."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.saved: list[Path] = []
        out.mkdir(parents=True, exist_ok=True)

    def shoot(self, widget: QWidget, name: str) -> Path:
        """A picture of the widget's window."""
        settle()
        path = self.out / f"{name}.png"
        (widget if widget.isWindow() else widget.window()).grab().save(str(path))
        self.saved.append(path)
        return path

    def shoot_dialog(self, dialog: QWidget, name: str) -> None:
        """Show a dialog, take its picture, destroy it."""
        dialog.show()
        self.shoot(dialog, name)
        dialog.hide()
        dialog.deleteLater()


def shell_screens(made: App, camera: Camera, vault: Path) -> None:
    """First start, creating, the recovery key, unlock, dashboard, cases, search, settings."""
    window = made.window
    window.show_start()
    camera.shoot(window, "01-start")
    camera.shoot_dialog(CreateVaultDialog(made.session, window), "02-create-vault")
    camera.shoot_dialog(RecoveryKeyDialog(made.session.prompts, SAMPLE_KEY, window),
                        "03-recovery-key")
    work = _unlocked(window, camera, vault, "04-unlock")
    work.show_screen(0)
    wait_until(lambda: work.dashboard._data is not None)
    camera.shoot(window, "05-dashboard")
    work.show_screen(1)
    wait_until(lambda: work.cases.model.rowCount() > 0)
    work.cases.table.selectRow(0)
    camera.shoot(window, "06-cases")
    work.focus_search()
    work.search.box.setText("Айгерім")
    wait_until(lambda: bool(work.search.group_titles()))
    camera.shoot(window, "07-search")
    camera.shoot_dialog(SettingsDialog(made.prefs, parent=window), "08-settings")
    camera.shoot_dialog(ShortcutsDialog(window), "09-shortcuts")


def _unlocked(window: Any, camera: Camera, vault: Path, shot: str) -> Any:
    """Show the unlock screen (shot as ``shot``), unlock the demo vault; its work area."""
    window.show_unlock(vault, DEMO_PASSPHRASE)
    camera.shoot(window, shot)
    assert window.unlock_view is not None
    window.unlock_view.secret.setText(DEMO_PASSPHRASE)
    window.unlock_view.unlock()
    wait_until(lambda: window.work is not None)
    work = window.work
    assert work is not None
    return work


def few_screens(made: App, camera: Camera, vault: Path) -> None:
    """The high-DPI set (``--few``): unlock, dashboard, a case (its overview and threats) and two
    dialogs, all in the main window at its logical size."""
    window = made.window
    work = _unlocked(window, camera, vault, "unlock")
    wait_until(lambda: work.dashboard._data is not None)
    camera.shoot(window, "dashboard")
    work.show_screen(1)
    model = work.cases.model
    wait_until(lambda: model.rowCount() > 0 and all(
        model.index(r, 0).data() for r in range(model.rowCount())))
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == MAIN_CASE)
    work.open_case(model.case_id(row))
    workspace: Any = work.workspace
    wait_until(lambda: workspace.case_file is not None)
    camera.shoot(window, "case")
    workspace.tabs.setCurrentWidget(workspace.threats)
    camera.shoot(window, "case-threats")
    camera.shoot_dialog(SettingsDialog(made.prefs, parent=window), "dialog-settings")
    camera.shoot_dialog(CreateVaultDialog(made.session, window), "dialog-create-vault")


def shoot_language(qapp: QApplication, vault: Path, out: Path, lang: str,
                   scratch: Path, few: bool = False) -> list[Path]:
    """Every shell screen in one language; then the other helpers' screens (``few``: only the
    high-DPI set)."""
    made = App(qapp, prompts=Prompts(), prefs=Preferences(scratch / lang / "settings.ini"))
    made.window.set_language(lang)
    made.window.resize(*SIZE)
    made.window.show()
    camera = Camera(out)
    try:
        if few:
            few_screens(made, camera, vault)
            return camera.saved
        shell_screens(made, camera, vault)
        for module_name in EXTRA:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            if hasattr(module, "shots"):
                module.shots(made, camera.shoot, lang)
            else:
                # note: the workspace and ops scripts make their own demo app: shoot(out, lang)
                camera.saved += module.shoot(out, lang)
    finally:
        made.window.hide()
        made.close()
        made.window.deleteLater()
        settle(0.1)
    return camera.saved


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; prints where."""
    parser = argparse.ArgumentParser(description="Screenshots of every screen.")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", action="append", choices=LANGS)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="device pixel ratio (1.5, 2.0: high-DPI screens); the pictures go "
                             "to <out>/<lang>@<scale>x")
    parser.add_argument("--few", action="store_true",
                        help="only unlock, dashboard, a case and two dialogs (the high-DPI set "
                             "in docs/screenshots/scale)")
    args = parser.parse_args(argv)
    if args.scale != 1.0:
        # note: read by Qt when the application object is made, so set before it
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    qapp = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(qapp, QApplication)
    with tempfile.TemporaryDirectory(prefix="advocate-shots-") as tmp:
        scratch = Path(tmp)
        vault = demo_vault(scratch)
        for lang in args.lang or LANGS:
            folder = args.out / (lang if args.scale == 1.0 else f"{lang}@{args.scale:g}x")
            saved = shoot_language(qapp, vault, folder, lang, scratch, few=args.few)
            print(f"{lang}: {len(saved)} screenshots in {folder}")
    set_language("en")
    return 0


if __name__ == "__main__":
    sys.exit(main())
