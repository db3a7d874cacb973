"""A dialog with a worker of its own may be deleted as soon as it closes.

The worker was the dialog's child: deleted with it while a thread of the worker could still be
sending its last answer, and a signal sent from a thread as its object is deleted crashed the
process (every run of the script below crashed before ``VaultWorker.retire``). It runs in a child
process, so a crash fails this test instead of ending the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import shiboken6
from PySide6.QtWidgets import QApplication
from ui.dialogs.backup_dialog import VerifyBackupDialog
from ui.dialogs.restore_dialog import RestoreDialog
from ui.prompts import Prompts
from ui.worker import VaultWorker

app = QApplication([])
for _ in range(200):
    for cls in (RestoreDialog, VerifyBackupDialog):
        dialog = cls(Prompts())
        dialog.show()
        app.processEvents()
        dialog.reject()
        shiboken6.delete(dialog)
        app.processEvents()
VaultWorker.shutdown_all()
assert not [w for w in VaultWorker._retired if w._threads_running()]
print("closed and deleted 400 dialogs")
"""


def test_dialogs_closed_and_deleted_at_once_do_not_crash(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert "closed and deleted 400 dialogs" in done.stdout
