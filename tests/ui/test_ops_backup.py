"""Backups from the app: cancel then complete, verify, restore into a new vault that opens, and
the failure paths with real damaged files, each one calm message that leaves nothing behind."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from advocate.backup import write_backup
from advocate.model.records import Case
from advocate.store import Store
from advocate.store.vault_facts import last_backup_at
from advocate.vault import KdfParams
from tests.ui.conftest import PASSPHRASE
from tests.ui.ops_helpers import GapMeter, call, child, open_session
from ui.dialogs.backup_dialog import BackupDialog, RestoreDialog, VerifyBackupDialog
from ui.prompts import Prompts
from ui.worker import VaultWorker

BACKUP_SECRET = "seven purple otters juggle lanterns"
NEW_SECRET = "quiet harbour smells of cedar smoke"


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory: pytest.TempPathFactory, _demo_template: Path) -> Path:
    """A good backup of the demo vault, made once by the core."""
    folder = tmp_path_factory.mktemp("backups")
    vault = folder / "demo.advocate"
    shutil.copytree(_demo_template, vault, ignore=shutil.ignore_patterns("vault.lock"))
    with Store.open(vault, PASSPHRASE) as store:
        write_backup(store, folder / "good.advocate-backup", BACKUP_SECRET)
    return folder / "good.advocate-backup"


def _type_new(qtbot: Any, fields: QWidget, secret: str) -> None:
    qtbot.keyClicks(child(fields, QLineEdit, "newPassphrase"), secret)
    qtbot.keyClicks(child(fields, QLineEdit, "repeatPassphrase"), secret)


def _go(qtbot: Any, dialog: QWidget) -> None:
    button = child(dialog, QPushButton, "goButton")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _result(dialog: QWidget) -> str:
    return child(dialog, QLabel, "result").text()


def _warnings(prompts: Prompts) -> list[str]:
    return [text for kind, text in prompts.asked if kind == "warn"]


def test_a_cancelled_backup_leaves_nothing_then_a_backup_is_written_and_checked(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    session = open_session(qtbot, prompts, worker, demo_vault)
    dialog = BackupDialog(session)
    qtbot.addWidget(dialog)
    prompts.answer_next(stick / "friday")  # the extension is added
    qtbot.mouseClick(child(dialog, QPushButton, "backupFileChoose"), Qt.MouseButton.LeftButton)
    _type_new(qtbot, dialog.passphrase, BACKUP_SECRET)
    _go(qtbot, dialog)
    qtbot.mouseClick(child(dialog, QPushButton, "progressCancel"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    assert "Cancelled" in dialog.progress.text.text()
    assert list(stick.iterdir()) == []
    meter = GapMeter().start()
    _go(qtbot, dialog)
    qtbot.waitUntil(lambda: "written and checked" in _result(dialog), timeout=120_000)
    meter.stop()
    assert meter.ticks > 0
    assert [p.name for p in stick.iterdir()] == ["friday.advocate-backup"]
    text = _result(dialog)
    assert "records" in text and "evidence files" in text and "KB" in text
    assert call(qtbot, worker, lambda store, task: last_backup_at(store)) is not None


def test_a_backup_is_verified_without_a_vault(qtbot: Any, prompts: Prompts,
                                              backup_file: Path) -> None:
    dialog = VerifyBackupDialog(prompts)  # no vault open: a worker of its own
    qtbot.addWidget(dialog)
    prompts.answer_next(backup_file)
    qtbot.mouseClick(child(dialog, QPushButton, "backupFileChoose"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(child(dialog, QLineEdit, "backupPassphrase"), BACKUP_SECRET)
    _go(qtbot, dialog)
    qtbot.waitUntil(lambda: "complete and unaltered" in _result(dialog), timeout=60_000)
    assert _warnings(prompts) == []
    thread = dialog.worker.owner_thread
    qtbot.mouseClick(child(dialog, QPushButton, "closeButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10_000)


def _restore(qtbot: Any, prompts: Prompts, worker: VaultWorker, backup: Path, secret: str,
             target: Path) -> RestoreDialog:
    dialog = RestoreDialog(prompts, worker=worker, kdf=KdfParams.cheap(), allow_weak_kdf=True)
    qtbot.addWidget(dialog)
    prompts.answer_next(backup, target)
    qtbot.mouseClick(child(dialog, QPushButton, "backupFileChoose"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(child(dialog, QPushButton, "newVaultChoose"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(child(dialog, QLineEdit, "backupPassphrase"), secret)
    _type_new(qtbot, dialog.new_passphrase, NEW_SECRET)
    return dialog


def test_a_backup_restores_into_a_new_vault_that_opens_with_the_same_cases(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, backup_file: Path,
        tmp_path: Path) -> None:
    dialog = _restore(qtbot, prompts, worker, backup_file, BACKUP_SECRET, tmp_path / "again")
    with qtbot.waitSignal(dialog.restored, timeout=120_000) as signal:
        _go(qtbot, dialog)
    path = Path(signal.args[0])
    assert path == tmp_path / "again.advocate" and path.is_dir()
    with Store.open(path, NEW_SECRET) as store:
        assert store.count(Case) == 4


def test_a_wrong_backup_passphrase_is_one_message_and_leaves_nothing(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, backup_file: Path,
        tmp_path: Path) -> None:
    dialog = _restore(qtbot, prompts, worker, backup_file, "not the passphrase", tmp_path / "x")
    prompts.answer_next(None)  # the warning's OK
    _go(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(_warnings(prompts)), timeout=60_000)
    assert len(_warnings(prompts)) == 1 and "passphrase" in _warnings(prompts)[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("drop", [0.5, 0.0])
def test_a_truncated_backup_is_refused_when_verified_and_when_restored(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, backup_file: Path, tmp_path: Path,
        drop: float) -> None:
    cut = tmp_path / "cut.advocate-backup"
    data = backup_file.read_bytes()
    # half of it, or just the end of data.age (the last 10 KiB are the tar's zero padding)
    cut.write_bytes(data[: int(len(data) * drop) or len(data) - 10 * 1024 - 100])
    checker = VerifyBackupDialog(prompts, worker=worker)
    qtbot.addWidget(checker)
    prompts.answer_next(cut)
    qtbot.mouseClick(child(checker, QPushButton, "backupFileChoose"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(child(checker, QLineEdit, "backupPassphrase"), BACKUP_SECRET)
    prompts.answer_next(None)
    _go(qtbot, checker)
    qtbot.waitUntil(lambda: len(_warnings(prompts)) == 1, timeout=60_000)
    assert _result(checker) == _warnings(prompts)[0]
    dialog = _restore(qtbot, prompts, worker, cut, BACKUP_SECRET, tmp_path / "from-cut")
    prompts.answer_next(None)
    _go(qtbot, dialog)
    qtbot.waitUntil(lambda: len(_warnings(prompts)) == 2, timeout=60_000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.advocate-backup"]


def test_a_backup_to_a_pulled_stick_is_one_message_and_leaves_nothing(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        tmp_path: Path) -> None:
    session = open_session(qtbot, prompts, worker, demo_vault)
    dialog = BackupDialog(session)
    qtbot.addWidget(dialog)
    gone = tmp_path / "pulled-stick"  # the stick was pulled: its folder no longer exists
    prompts.answer_next(gone / "b.advocate-backup")
    qtbot.mouseClick(child(dialog, QPushButton, "backupFileChoose"), Qt.MouseButton.LeftButton)
    _type_new(qtbot, dialog.passphrase, BACKUP_SECRET)
    prompts.answer_next(None)
    _go(qtbot, dialog)
    qtbot.waitUntil(lambda: len(_warnings(prompts)) == 1, timeout=60_000)
    assert not gone.exists()


def test_the_window_keeps_breathing_during_a_backup_of_a_larger_vault(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        tmp_path: Path) -> None:
    with Store.open(demo_vault, PASSPHRASE) as store:
        case_id = store.find_case("АҚТ-2023-01").id
        store.add_evidence(case_id, io.BytesIO(os.urandom(48 * 1024 * 1024)),
                           original_name="recording.bin")
    session = open_session(qtbot, prompts, worker, demo_vault)
    dialog = BackupDialog(session)
    qtbot.addWidget(dialog)
    prompts.answer_next(tmp_path / "big")
    qtbot.mouseClick(child(dialog, QPushButton, "backupFileChoose"), Qt.MouseButton.LeftButton)
    _type_new(qtbot, dialog.passphrase, BACKUP_SECRET)
    meter = GapMeter().start()
    _go(qtbot, dialog)
    qtbot.waitUntil(lambda: "written and checked" in _result(dialog), timeout=300_000)
    meter.stop()
    print(f"\nbackup of 48 MiB evidence: {meter.ticks} ticks, longest UI gap "
          f"{meter.longest * 1000:.0f} ms, {dialog.progress.seconds():.1f} s")
    assert meter.ticks > 10
    restore = _restore(qtbot, prompts, worker, tmp_path / "big.advocate-backup", BACKUP_SECRET,
                       tmp_path / "restored")
    meter = GapMeter().start()
    with qtbot.waitSignal(restore.restored, timeout=300_000):
        _go(qtbot, restore)
    meter.stop()
    print(f"restore of it: {meter.ticks} ticks, longest UI gap {meter.longest * 1000:.0f} ms, "
          f"{restore.progress.seconds():.1f} s")
    assert meter.ticks > 10


def test_a_backup_to_a_full_stick_is_one_message_and_leaves_nothing(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        tmp_path: Path) -> None:
    from tests.hardening.conftest import tmpfs

    with tmpfs(tmp_path / "stick", "256k") as stick:  # a real file system, too small
        session = open_session(qtbot, prompts, worker, demo_vault)
        dialog = BackupDialog(session)
        qtbot.addWidget(dialog)
        prompts.answer_next(stick / "b.advocate-backup")
        qtbot.mouseClick(child(dialog, QPushButton, "backupFileChoose"),
                         Qt.MouseButton.LeftButton)
        _type_new(qtbot, dialog.passphrase, BACKUP_SECRET)
        prompts.answer_next(None)
        _go(qtbot, dialog)
        qtbot.waitUntil(lambda: len(_warnings(prompts)) == 1, timeout=60_000)
        assert list(stick.iterdir()) == []


def test_the_backup_dialog_follows_a_change_of_language(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path) -> None:
    from advocate.i18n import set_language

    session = open_session(qtbot, prompts, worker, demo_vault)
    dialog = BackupDialog(session)
    qtbot.addWidget(dialog)
    try:
        set_language("kk")
        session.language_changed.emit("kk")
        assert child(dialog, QLabel, "heading").text() == "Қойманың сақтық көшірмесі"
        assert child(dialog, QPushButton, "closeButton").text() == "Жабу"
    finally:
        set_language("en")


def test_an_organisations_public_key_can_also_open_the_backup(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        tmp_path: Path) -> None:
    import tarfile

    import pyrage
    from pyrage import x25519

    organisation = x25519.Identity.generate()
    session = open_session(qtbot, prompts, worker, demo_vault)
    dialog = BackupDialog(session)
    qtbot.addWidget(dialog)
    prompts.answer_next(tmp_path / "friday")
    qtbot.mouseClick(child(dialog, QPushButton, "backupFileChoose"), Qt.MouseButton.LeftButton)
    _type_new(qtbot, dialog.passphrase, BACKUP_SECRET)
    recipient = child(dialog, QLineEdit, "backupRecipient")
    qtbot.keyClicks(recipient, "ssh-ed25519 AAAA")  # not an age key: said, and refused
    assert not child(dialog, QPushButton, "goButton").isEnabled()
    assert "not an age public key" in recipient.toolTip()
    recipient.clear()
    qtbot.keyClicks(recipient, str(organisation.to_public()))
    _go(qtbot, dialog)
    qtbot.waitUntil(lambda: "written and checked" in _result(dialog), timeout=120_000)
    with tarfile.open(tmp_path / "friday.advocate-backup") as outer:
        member = outer.extractfile("data.age")
        assert member is not None
        data = member.read()
    assert pyrage.decrypt(data, [organisation])  # the organisation's key opens the data
