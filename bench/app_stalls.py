"""The stall probes of ``bench/app_probes.py``: long work through the app's own dialogs, timed by
the event loop's longest gap (a 5 ms timer), each run in its own process."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.app_meters import GapMeter, PaintWatch, pause, wait_until
from bench.app_probes import TIMEOUT_S, _on_worker, result

BACKUP_SECRET = "seven purple otters juggle lanterns"


def _session(vault: Path, passphrase: str) -> Any:
    """A session with the vault open on its worker, as the unlock screen leaves it."""
    from advocate.store import Store
    from ui.prompts import Prompts
    from ui.session import Session
    from ui.worker import Op

    session = Session(Prompts(strict=True))
    opened: list[Any] = []

    def fn(lane: Any, _task: Any) -> None:
        lane.resource = Store.open(vault, passphrase)

    Op(session.worker, fn, needs_store=False).success(opened.append) \
        .failure(opened.append).run()
    wait_until(lambda: opened, TIMEOUT_S)
    if opened[0] is not None:
        raise opened[0]
    session.worker.attach_reader(lambda store: store.reader())
    session.vault_path = vault
    return session


def _click(widget: Any, name: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton

    button = widget.findChild(QPushButton, name)
    if button is None or not button.isEnabled():
        raise RuntimeError(f"{name} missing or disabled")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _type_new(dialog: Any, secret: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    for name in ("newPassphrase", "repeatPassphrase"):
        dialog.findChild(QLineEdit, name).setText(secret)


def _label(dialog: Any, name: str = "result") -> str:
    from PySide6.QtWidgets import QLabel

    return str(dialog.findChild(QLabel, name).text())


def _stalled(start: Callable[[], None], done: Callable[[], bool]) -> dict[str, float]:
    """Run ``start``, wait for ``done``; the longest event-loop gap (5 ms timer) and seconds."""
    meter = GapMeter(5).start()
    began = time.perf_counter()
    start()
    wait_until(done, TIMEOUT_S)
    took = time.perf_counter() - began
    meter.stop()
    return {"stall_ms": meter.longest * 1000, "seconds": took, "ticks": meter.ticks}


def stall_intake(folder: Path, file: Path) -> None:
    """Take in one large evidence file through the evidence tab (file dialog answered)."""
    from PySide6.QtWidgets import QApplication

    from advocate.model import Case
    from advocate.store import Store
    from advocate.vault import KdfParams
    from ui.views.case_workspace import CaseWorkspace

    app = QApplication([sys.argv[0]])
    vault = folder / "intake.advocate"
    store, _ = Store.create(vault, "intake passphrase", kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store:
        case = store.add(Case(title="Приём доказательств"))
    session = _session(vault, "intake passphrase")
    workspace = CaseWorkspace(session, case.id)
    workspace.resize(1366, 768)
    workspace.show()
    wait_until(lambda: workspace.case_file is not None, TIMEOUT_S)
    workspace.tabs.setCurrentWidget(workspace.evidence)
    tab = workspace.evidence
    finished: list[bool] = []
    tab.transfer_finished.connect(lambda: finished.append(True))
    session.prompts.answer_next([file])
    out = _stalled(tab.add, lambda: bool(finished))
    out["status"] = tab.status.text()  # type: ignore[assignment]
    session.worker.shutdown()
    del app
    result(**out)


def stall_backup(vault: Path, passphrase: str, out_file: Path) -> None:
    """Back up a vault through the backup dialog, to a written and checked file."""
    from PySide6.QtWidgets import QApplication

    from ui.dialogs.backup_dialog import BackupDialog

    app = QApplication([sys.argv[0]])
    session = _session(vault, passphrase)
    dialog = BackupDialog(session)
    dialog.show()
    session.prompts.answer_next(out_file)
    _click(dialog, "backupFileChoose")
    _type_new(dialog, BACKUP_SECRET)
    out = _stalled(lambda: _click(dialog, "goButton"),
                   lambda: "written and checked" in _label(dialog)
                   or bool(session.prompts.asked and session.prompts.asked[-1][0] == "warn"))
    out["size_mib"] = out_file.stat().st_size / 2**20 if out_file.exists() else 0.0
    session.worker.shutdown()
    del app
    result(**out)


def stall_restore(backup: Path, target: Path) -> None:
    """Restore a backup into a new vault through the restore dialog (KDF as a user's)."""
    from PySide6.QtWidgets import QApplication, QLineEdit

    from ui.dialogs.backup_dialog import RestoreDialog
    from ui.prompts import Prompts
    from ui.worker import VaultWorker

    app = QApplication([sys.argv[0]])
    prompts = Prompts(strict=True)
    worker = VaultWorker()
    dialog = RestoreDialog(prompts, worker=worker)
    dialog.show()
    prompts.answer_next(backup, target)
    _click(dialog, "backupFileChoose")
    _click(dialog, "newVaultChoose")
    dialog.findChild(QLineEdit, "backupPassphrase").setText(BACKUP_SECRET)
    _type_new(dialog.new_passphrase, "quiet harbour smells of cedar smoke")
    restored: list[str] = []
    dialog.restored.connect(restored.append)
    out = _stalled(lambda: _click(dialog, "goButton"),
                   lambda: bool(restored) or any(k == "warn" for k, _ in prompts.asked))
    out["restored"] = float(bool(restored))
    worker.shutdown()
    del app
    result(**out)


def stall_import(folder: Path, document: Path) -> None:
    """Import a JSON document into an empty vault through the import dialog."""
    from PySide6.QtWidgets import QApplication

    from advocate.store import Store
    from advocate.vault import KdfParams
    from ui.dialogs.transfer_dialog import ImportDialog

    app = QApplication([sys.argv[0]])
    vault = folder / "import.advocate"
    store, _ = Store.create(vault, "import passphrase", kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    store.close()
    session = _session(vault, "import passphrase")
    dialog = ImportDialog(session)
    dialog.show()
    session.prompts.answer_next(document)
    _click(dialog, "importFileChoose")
    out = _stalled(lambda: _click(dialog, "goButton"),
                   lambda: "Imported" in _label(dialog)
                   or any(k == "warn" for k, _ in session.prompts.asked))
    out["records"] = float(dialog.added)
    session.worker.shutdown()
    del app
    result(**out)


def stall_complaint(vault: Path, passphrase: str, reference: str) -> None:
    """A complaint rendered and previewed through the report dialog, as a user makes it."""
    from PySide6.QtWidgets import QApplication, QPushButton

    from ui.dialogs.report_dialog import ReportDialog

    app = QApplication([sys.argv[0]])
    session = _session(vault, passphrase)
    case_id = _on_worker(session, lambda store: store.find_case(reference).id)
    dialog = ReportDialog(session, case_id)
    dialog.resize(1100, 800)
    dialog.show()
    render = dialog.findChild(QPushButton, "renderButton")
    wait_until(render.isEnabled, TIMEOUT_S)
    pause(1.0)  # the gaps check settles
    save = dialog.findChild(QPushButton, "savePdfButton")
    painted: list[float] = []
    watch = PaintWatch(dialog.preview.viewport(), lambda: dialog.preview.page_count() > 0,
                       painted.append)
    began = time.perf_counter()
    out = _stalled(lambda: _click(dialog, "renderButton"),
                   lambda: save.isEnabled() and bool(painted))
    watch.stop()
    out["preview_s"] = painted[0] - began
    out["pages"] = float(dialog.preview.page_count())
    session.worker.shutdown()
    del app
    result(**out)
