"""The labels the app shows at unlock (statuses in the case list's filter) come without
reportlab: importing it took 0.37 s of the UI thread at every first unlock (bench/bench_app.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_labels_and_report_types_load_without_the_pdf_renderer() -> None:
    code = ("import sys\n"
            "from advocate.labels import labels\n"
            "from advocate.model.enums import CaseStatus\n"
            "from advocate.reports import Profile, ReportKind\n"
            "assert labels(CaseStatus)\n"
            "assert 'reportlab' not in sys.modules, 'reportlab loaded'\n"
            "from advocate.reports import render_report\n"
            "assert callable(render_report) and 'reportlab' in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
