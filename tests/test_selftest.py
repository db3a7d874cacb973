"""The built app's ``--self-test`` and ``--version`` (ui/bundle_main.py), run from the source tree:
one result line and exit 0 when everything works; one line naming the failed step and a non-zero
exit otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import advocate
import advocate.selftest as selftest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "ui.bundle_main", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_self_test_passes_and_prints_one_line() -> None:
    done = _run("--self-test")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"advocate {advocate.__version__} self-test passed: 4 cases")
    assert "12 reports" in lines[0]  # 4 kinds x 3 languages
    assert "restored and verified" in lines[0]
    assert "window" in lines[0]
    assert "rendered in a child process" in lines[0]


def test_version_prints_the_version_without_loading_qt_or_the_store() -> None:
    # note: run as the bundle runs it, a script (importing ui loads Qt: ui/qt_fixes)
    probe = ("import runpy, sys; main = runpy.run_path('ui/bundle_main.py')['main']; "
             "code = main(['--version']); "
             "print(any(m.startswith(('PySide6', 'advocate.store', 'sqlcipher3')) "
             "for m in sys.modules)); raise SystemExit(code)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, env=os.environ | {"PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [f"advocate {advocate.__version__}", "False"]


def test_a_missing_data_file_fails_at_the_resources_step_with_one_line(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(selftest, "resources_dir", lambda: tmp_path)
    assert selftest.main() == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("advocate self-test FAILED at resources: missing under")
    assert "fonts/DejaVuSans.ttf" in err


def test_a_failing_backup_names_the_backup_step(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(selftest, "write_backup", no_space)
    monkeypatch.setattr(selftest, "_render_every_report", lambda store, out: 0)  # faster
    assert selftest.main() == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert err.startswith("advocate self-test FAILED at backup: OSError")


def test_the_core_part_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    monkeypatch.setattr(selftest, "_render_every_report", lambda store, out: 0)
    assert "self-test passed" in selftest.run_in_temp()
    assert list(tmp_path.iterdir()) == []
