"""A case at scale: 1,000 threats and 500 actions (timings are the bench's, not asserted here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate.reports import ReportKind, render_report
from tests.reports.conftest import (
    complaint_options,
    make_big_case,
    make_request,
    page_count,
    pdftotext,
    qpdf_check,
)


@pytest.mark.slow
def test_complaint_and_threat_log_of_a_big_case(tmp_path: Path) -> None:
    case_file = make_big_case(threats=1000, actions=500)
    progress: list[int] = []
    out = tmp_path / "complaint.pdf"
    render_report(case_file, make_request(ReportKind.COMPLAINT, "ru",
                                          complaint=complaint_options(case_file)), out,
                  progress=lambda done, total: progress.append(done))
    qpdf_check(out)
    pages = page_count(out)
    assert pages > 100
    text = pdftotext(out)
    assert "Угроза номер 999:" in text and "Ответ на запрос № 499:" in text
    assert f"Страница {pages} из {pages}" in text
    assert progress == sorted(progress) and len(progress) > 20

    out = tmp_path / "threats.pdf"
    render_report(case_file, make_request(ReportKind.THREATS, "kk"), out)
    qpdf_check(out)
    text = pdftotext(out)
    assert "Барлық қорқытулар: 1000" in text and "Угроза номер 999:" in text
