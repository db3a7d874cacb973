"""Start, create and unlock: through the widgets, with the worker doing the KDF."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from advocate.errors import (
    DatabaseDamagedError,
    ForeignHeaderError,
    HeaderDamagedError,
    NotAVaultError,
    StorageError,
    VaultLockedError,
    VaultReadOnlyError,
    VaultTooNewError,
    WrongPassphraseError,
)
from advocate.store import Store
from advocate.vault import KdfParams
from tests.ui.conftest import PASSPHRASE
from tests.ui.shell_helpers import WAIT, close_app, make_app, type_text, unlock
from ui.app import EXIT_NO_DISPLAY, run_app
from ui.dialogs.create_vault_dialog import CreateVaultDialog
from ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from ui.prompts import Prompts
from ui.views.vault_errors import open_error_text

NEW_PASSPHRASE = "lantern orchard velvet — тұман 1987"


@pytest.fixture
def app(qapp: QApplication, tmp_path: Path, prompts: Prompts) -> Any:
    made = make_app(qapp, tmp_path, prompts)
    made.window.show()
    made.window.show_start()
    yield made
    close_app(made)


def test_create_a_vault_from_the_first_screen_with_a_recovery_key(
        qtbot: Any, app: Any, tmp_path: Path, prompts: Prompts) -> None:
    folder = tmp_path / "vaults"
    folder.mkdir()
    (folder / "something else.txt").write_text("x")
    qtbot.mouseClick(app.window.start_view.create_button, Qt.MouseButton.LeftButton)
    dialog = app.window.findChild(CreateVaultDialog)
    assert not dialog.ok.isEnabled()
    prompts.answer_next(folder)
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.passphrase.first, NEW_PASSPHRASE)
    type_text(qtbot, dialog.passphrase.second, NEW_PASSPHRASE)
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.key_dialog is not None if hasattr(dialog, "key_dialog")
                    else False, timeout=WAIT)
    keys: RecoveryKeyDialog = dialog.key_dialog
    assert keys.key_label.text().count("-") >= 3
    assert not keys.done_button.isEnabled()
    prompts.answer_next(True, tmp_path / "key.txt")  # the "not encrypted" warning, then where
    qtbot.mouseClick(keys.save_button, Qt.MouseButton.LeftButton)
    assert keys.key_label.text() in (tmp_path / "key.txt").read_text(encoding="utf-8")
    assert (tmp_path / "key.txt").stat().st_mode & 0o077 == 0
    keys.kept.setChecked(True)
    qtbot.mouseClick(keys.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.work is not None, timeout=WAIT)
    vault = folder / "Advocate vault"
    assert (vault / "vault.json").exists()
    assert app.session.vault_path == vault
    # the recovery key opens the vault too
    app.window.lock_now()
    qtbot.waitUntil(lambda: not app.session.worker.is_busy(), timeout=WAIT)
    app.window.unlock_view.by_recovery.setChecked(True)
    unlock(qtbot, app, vault, keys.key_label.text())


def test_the_last_vault_is_remembered_only_when_the_user_agrees(
        qtbot: Any, app: Any, demo_vault: Path, prompts: Prompts) -> None:
    prompts.answer_next(demo_vault)
    qtbot.mouseClick(app.window.start_view.open_button, Qt.MouseButton.LeftButton)
    unlock(qtbot, app, demo_vault)
    assert app.prefs.last_vault is None
    assert str(demo_vault) not in app.prefs.path.read_text(encoding="utf-8")
    app.window.lock_now()
    app.window.show_start()
    app.window.start_view.remember.setChecked(True)
    prompts.answer_next(demo_vault)
    qtbot.mouseClick(app.window.start_view.open_button, Qt.MouseButton.LeftButton)
    unlock(qtbot, app, demo_vault)
    assert app.prefs.last_vault == demo_vault
    app.window.lock_now()
    app.first_screen()  # the next start opens on this vault's unlock screen
    assert app.window.unlock_view is not None and app.window.unlock_view.path == demo_vault


def test_wrong_passphrase_is_said_calmly_and_changes_nothing_then_right_one_opens(
        qtbot: Any, app: Any, demo_vault: Path) -> None:
    before = {p.name: p.read_bytes() for p in demo_vault.iterdir() if p.name != "vault.lock"}
    app.window.show_unlock(demo_vault)
    view = app.window.unlock_view
    type_text(qtbot, view.secret, "not the passphrase")
    qtbot.keyClick(view.secret, Qt.Key.Key_Return)
    assert view.busy.isVisible()
    qtbot.waitUntil(lambda: bool(view.message.text()), timeout=WAIT)
    assert "does not open this vault" in view.message.text()
    assert view.secret.hasFocus() or QApplication.focusWidget() is view.secret
    assert view.secret.selectedText() == "not the passphrase"
    assert app.window.work is None and not app.session.is_open
    after = {p.name: p.read_bytes() for p in demo_vault.iterdir() if p.name != "vault.lock"}
    assert before == after
    view.secret.clear()
    type_text(qtbot, view.secret, PASSPHRASE)
    qtbot.keyClick(view.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.window.work is not None, timeout=WAIT)
    work = app.window.work
    assert QApplication.focusWidget() is work.quick  # search focused, dashboard on screen
    assert work.stack.currentWidget() is work.dashboard
    qtbot.keyClicks(work.quick, "A")  # the first key moves to Search; the rest follow it
    qtbot.keyClicks(QApplication.focusWidget(), "ig")
    assert work.stack.currentWidget() is work.search and work.search.box.text() == "Aig"
    assert QApplication.focusWidget() is work.search.box


def test_the_event_loop_keeps_turning_while_the_kdf_runs(
        qtbot: Any, app: Any, tmp_path: Path) -> None:
    path = tmp_path / "real-kdf.advocate"
    store, _ = Store.create(path, PASSPHRASE, kdf=KdfParams(64 * 1024, 4, 4))
    store.close()
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    started = time.perf_counter()
    unlock(qtbot, app, path)
    took = time.perf_counter() - started
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    print(f"unlock {took * 1000:.0f} ms, {len(ticks)} ticks, longest event-loop gap "
          f"{max(gaps) * 1000:.0f} ms")
    # not a timed assertion: only that the UI thread kept running during the KDF
    assert len(ticks) >= 5


def test_a_vault_open_in_another_window_gets_a_clear_message(
        qtbot: Any, app: Any, demo_vault: Path) -> None:
    with Store.open(demo_vault, PASSPHRASE):
        app.window.show_unlock(demo_vault)
        view = app.window.unlock_view
        type_text(qtbot, view.secret, PASSPHRASE)
        qtbot.keyClick(view.secret, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(view.message.text()), timeout=WAIT)
    assert "already open in another Advocate window" in view.message.text()


def test_a_folder_that_is_not_a_vault_says_so(qtbot: Any, app: Any, tmp_path: Path) -> None:
    app.window.show_unlock(tmp_path)
    view = app.window.unlock_view
    type_text(qtbot, view.secret, PASSPHRASE)
    qtbot.keyClick(view.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(view.message.text()), timeout=WAIT)
    assert "does not hold an Advocate vault" in view.message.text()


@pytest.mark.parametrize(("error", "words"), [
    (WrongPassphraseError(Path("v")), "does not open this vault"),
    (DatabaseDamagedError(Path("v"), "x"), "damaged"),
    (HeaderDamagedError(Path("v"), "x"), "damaged"),
    (VaultLockedError(Path("v")), "already open"),
    (VaultTooNewError(Path("v"), 9, 1), "newer version"),
    (ForeignHeaderError(Path("v")), "belongs to another vault"),
    (NotAVaultError(Path("v"), "x"), "does not hold an Advocate vault"),
    (VaultReadOnlyError(Path("v")), "cannot write"),
    (StorageError(Path("v"), "x"), "drive refused"),
    (RuntimeError("Айгерім secret words"), "unexpected problem"),
])
def test_each_vault_error_has_its_own_message(error: BaseException, words: str) -> None:
    text, detail = open_error_text(error)
    assert words in text
    assert "Айгерім" not in text + detail  # never the text of an unexpected exception


def test_without_a_display_one_line_says_so(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert run_app() == EXIT_NO_DISPLAY
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no display" in err


def test_the_demo_is_built_in_a_private_folder_shown_with_its_passphrase_and_removed(
        qtbot: Any, qapp: QApplication, tmp_path: Path, prompts: Prompts,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.main
    from advocate.demo import build_demo
    from advocate.demo_run import DEMO_PASSPHRASE

    def cheap_builder(path: Path) -> Any:
        def fn(_lane: Any, _task: Any) -> Path:
            store, _ = Store.create(path, DEMO_PASSPHRASE, kdf=KdfParams.cheap(),
                                    _allow_weak_kdf_for_tests=True)
            with store:
                build_demo(store)
            return path
        return fn

    monkeypatch.setattr(ui.main, "demo_builder", cheap_builder)
    made = make_app(qapp, tmp_path, prompts)
    try:
        made.window.show()
        made.window.show_start()
        qtbot.mouseClick(made.window.start_view.demo_button, Qt.MouseButton.LeftButton)
        assert made.window.start_view.busy.isVisible()  # the demo takes a moment to build
        qtbot.waitUntil(lambda: made.window.unlock_view is not None, timeout=WAIT)
        view = made.window.unlock_view
        assert view.demo_secret.text() == DEMO_PASSPHRASE and not view.demo_secret.isHidden()
        folder = made.demo_folder
        assert folder is not None and (folder.stat().st_mode & 0o077) == 0
        qtbot.mouseClick(view.demo_fill, Qt.MouseButton.LeftButton)
        qtbot.keyClick(view.secret, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: made.window.work is not None, timeout=WAIT)
        assert made.prefs.last_vault is None  # the demo is never remembered
    finally:
        close_app(made)
    assert not folder.exists()
