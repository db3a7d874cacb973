"""``run_app`` leaves nothing in TMPDIR, whichever way the app ends: a Qt that cannot start
(it aborts the process inside QApplication), and a normal quit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# "no-qt": run_app starts Qt itself (and fails); "quit": the window is closed once it is up.
DRIVER = '''
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

how = sys.argv[1]
if how != "no-qt":
    app = QApplication([sys.argv[0]])

    def end() -> None:
        for window in QApplication.topLevelWidgets():
            window.close()

    QTimer.singleShot(500, end)
from ui.app import run_app
sys.exit(run_app())
'''


def _run(how: str, tmp: Path, platform: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TMPDIR=str(tmp), QT_QPA_PLATFORM=platform, PYTHONPATH=str(ROOT),
               HOME=str(tmp.parent / "home"), XDG_CONFIG_HOME=str(tmp.parent / "config"))
    return subprocess.run([sys.executable, "-c", DRIVER, how], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.parametrize(("how", "platform"), [("no-qt", "nonexistent"),
                                               ("quit", "offscreen")])
def test_run_app_leaves_no_folder_in_tmpdir(tmp_path: Path, how: str, platform: str) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    result = _run(how, tmp, platform)
    if how == "no-qt":
        assert result.returncode != 0  # Qt said why on stderr and aborted
        assert "platform plugin" in result.stderr, result.stderr[-2000:]
    else:
        assert result.returncode == 0, result.stderr[-2000:]
    assert [p.name for p in tmp.iterdir()] == []
