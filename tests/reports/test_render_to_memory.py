"""render_report_to: the app's preview renders into memory, with progress and cancel."""

from __future__ import annotations

import io
import threading

import pytest

from advocate.errors import Cancelled
from advocate.model import CaseFile
from advocate.reports import ReportKind
from advocate.reports.render import render_report_to
from tests.reports.conftest import make_request


def test_a_report_renders_into_memory_with_progress(rich_case: CaseFile) -> None:
    target = io.BytesIO()
    seen: list[tuple[int, int]] = []
    stamp = render_report_to(rich_case, make_request(ReportKind.THREATS), target,
                             progress=lambda d, t: seen.append((d, t)))
    assert target.getvalue().startswith(b"%PDF")
    assert len(stamp.code) == 12
    assert seen and seen[-1][0] == seen[-1][1]


def test_a_cancelled_render_raises_cancelled(rich_case: CaseFile) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        render_report_to(rich_case, make_request(ReportKind.COMPLAINT), io.BytesIO(),
                         cancel=cancel)
