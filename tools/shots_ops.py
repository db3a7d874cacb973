"""Screenshots of the OPS dialogs (reports, backups, restore, import/export, vault care).

``shoot(out_dir, lang)`` renders each dialog offscreen at 1366x768 on a fresh demo vault, in
the states a lawyer meets them: the report dialog with its gaps and a preview page, a backup in
progress and done, a restore, an import's result, each vault-care page. SHELL's
tools/screenshots.py calls it when present; alone::

    QT_QPA_PLATFORM=offscreen python tools/shots_ops.py /tmp/shots en ru kk
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASSPHRASE = "screenshots — демо құпия фраза"  # noqa: S105 — a throwaway demo vault
BACKUP_SECRET = "seven purple otters juggle lanterns"  # noqa: S105
SIZE = (1366, 768)


def _wait(app: Any, ready: Callable[[], bool], seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while not ready() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _save(app: Any, widget: Any, out: Path, name: str, settle: float = 0.3) -> Path:
    widget.resize(*SIZE)
    widget.show()
    end = time.monotonic() + settle
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    return path


def shoot(out_dir: Path, lang: str) -> list[Path]:
    """Write the PNGs for ``lang`` into ``out_dir``; returns their paths."""
    from PySide6.QtWidgets import QApplication

    from advocate.demo import build_demo
    from advocate.i18n import set_language
    from advocate.store import Store
    from advocate.vault import KdfParams
    from ui.prompts import Prompts
    from ui.session import Session
    from ui.worker import Op, VaultWorker

    app = QApplication.instance() or QApplication([])
    set_language(lang)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="advocate-shots-"))
    worker = VaultWorker()
    prompts = Prompts()
    try:
        vault = scratch / "demo.advocate"
        store, _ = Store.create(vault, PASSPHRASE, kdf=KdfParams.cheap(),
                                _allow_weak_kdf_for_tests=True)
        with store:
            build_demo(store)
            case_id = store.find_case("АҚТ-2023-01").id
        opened: list[Any] = []

        def open_vault(lane: Any, _task: Any) -> None:
            lane.resource = Store.open(vault, PASSPHRASE)

        Op(worker, open_vault, needs_store=False).success(opened.append).run()
        _wait(app, lambda: bool(opened))
        session = Session(prompts, worker)
        session.vault_path = vault
        shots = _report_shots(app, session, case_id, out, lang)
        shots += _backup_shots(app, session, scratch, out, lang)
        shots += _care_shots(app, session, out, lang)
        return shots
    finally:
        worker.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)


def _report_shots(app: Any, session: Any, case_id: str, out: Path, lang: str) -> list[Path]:
    from ui.dialogs.report_dialog import CheckCodeDialog, ReportDialog

    dialog = ReportDialog(session, case_id)
    _wait(app, lambda: dialog.gaps.count() > 1)
    before = dialog.gaps.count()
    dialog.legal_grounds.clear()  # so a gap of the dialog's own shows beside the consents
    _wait(app, lambda: dialog.gaps.count() > before, 10)
    shots = [_save(app, dialog, out, f"ops-report-gaps-{lang}")]
    dialog.legal_grounds.setPlainText("Конституция Республики Казахстан, статьи 13, 17.")
    dialog.prepare()
    _wait(app, dialog.save_pdf_button.isEnabled, 120)
    shots.append(_save(app, dialog, out, f"ops-report-preview-{lang}", settle=1.0))
    session.prompts.answer_next(True, out / f"ops-report-{lang}.pdf")
    dialog.save_pdf()  # a code is issued once the report is saved or printed
    _wait(app, lambda: (out / f"ops-report-{lang}.pdf").exists(), 30)
    (out / f"ops-report-{lang}.pdf").unlink(missing_ok=True)
    code = dialog.code_label.text().split(" ")[-1]
    checker = CheckCodeDialog(session)
    checker.code.setText(code)
    checker.check()
    _wait(app, lambda: "…" not in checker.result_label.text())
    checker.resize(640, 320)
    checker.show()
    app.processEvents()
    shots.append(out / f"ops-check-code-{lang}.png")
    checker.grab().save(str(shots[-1]))
    checker.close()
    dialog.close()
    return shots


def _backup_shots(app: Any, session: Any, scratch: Path, out: Path, lang: str) -> list[Path]:
    from ui.dialogs.backup_dialog import BackupDialog, RestoreDialog
    from ui.dialogs.transfer_dialog import ExportDialog, ImportDialog

    prompts = session.prompts
    dialog = BackupDialog(session)
    prompts.answer_next(scratch / "usb" / "advocate-2025-03-14.advocate-backup")
    (scratch / "usb").mkdir()
    dialog.choose_file()
    dialog.passphrase.first.setText(BACKUP_SECRET)
    dialog.passphrase.second.setText(BACKUP_SECRET)
    dialog.go()
    shots = [_save(app, dialog, out, f"ops-backup-running-{lang}", settle=0.2)]
    _wait(app, lambda: not dialog.busy, 120)
    shots.append(_save(app, dialog, out, f"ops-backup-done-{lang}"))
    dialog.close()
    restore = RestoreDialog(prompts, worker=session.worker)
    from advocate.vault import KdfParams

    restore._kdf, restore._allow_weak = KdfParams.cheap(), True  # screenshots only
    prompts.answer_next(scratch / "usb" / "advocate-2025-03-14.advocate-backup",
                        scratch / "restored")
    restore.choose_file()
    restore.choose_target()
    restore.passphrase.setText(BACKUP_SECRET)
    restore.new_passphrase.first.setText("quiet harbour smells of cedar smoke")
    restore.new_passphrase.second.setText("quiet harbour smells of cedar smoke")
    shots.append(_save(app, restore, out, f"ops-restore-form-{lang}"))
    restore.go()
    _wait(app, lambda: not restore.busy, 120)
    shots.append(_save(app, restore, out, f"ops-restore-done-{lang}"))
    restore.close()
    export = ExportDialog(session, None)
    prompts.answer_next(scratch / "usb" / "all.json", True)
    export.choose_file()
    export.go()
    _wait(app, lambda: not export.busy, 60)
    shots.append(_save(app, export, out, f"ops-export-done-{lang}"))
    export.close()
    importer = ImportDialog(session)
    prompts.answer_next(scratch / "usb" / "all.json")
    importer.choose_file()
    importer.go()
    _wait(app, lambda: not importer.busy, 60)
    shots.append(_save(app, importer, out, f"ops-import-done-{lang}"))
    importer.close()
    return shots


def _care_shots(app: Any, session: Any, out: Path, lang: str) -> list[Path]:
    from ui.dialogs.vault_care import VaultCareDialog

    shots = []
    for page in ("passphrase", "recovery", "rotate"):
        dialog = VaultCareDialog(session, None, page)
        shots.append(_save(app, dialog, out, f"ops-care-{page}-{lang}"))
        dialog.close()
    dialog = VaultCareDialog(session, None, "recovery")
    dialog.current.setText(PASSPHRASE)
    session.prompts.answer_next(True)
    dialog.new_recovery_key()
    _wait(app, lambda: bool(dialog.key_text.text()), 60)
    shots.append(_save(app, dialog, out, f"ops-care-recovery-key-shown-{lang}"))
    dialog.close()
    dialog = VaultCareDialog(session, None, "verify")
    dialog.verify()
    _wait(app, lambda: bool(dialog.result_label.text()), 60)
    shots.append(_save(app, dialog, out, f"ops-care-verify-{lang}"))
    dialog.close()
    return shots


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "shots")
    for language in sys.argv[2:] or ["en", "ru", "kk"]:
        for shot in shoot(target, language):
            print(shot)
