"""Writing the PDF (atomically, privately), progress and cancel, and the verification stamp."""

from __future__ import annotations

import dataclasses
import os
import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from advocate.errors import Cancelled
from advocate.model import CaseFile
from advocate.reports import (
    Profile,
    ReportKind,
    ReportRequestError,
    ReportWriteError,
    code_for_payload,
    normalise_code,
    render_report,
    stamp_for,
)
from advocate.reports.stamp import attachments_hash, attachments_of
from tests.reports.conftest import (
    AUDIT_HEAD,
    complaint_options,
    make_request,
    pdftotext,
    qdf_bytes,
)


def _request(case_file: CaseFile, kind: ReportKind = ReportKind.COMPLAINT, lang: str = "ru"
             ) -> object:
    return make_request(kind, lang, complaint=complaint_options(case_file)
                        if kind is ReportKind.COMPLAINT else None)


def test_report_is_written_owner_only_with_no_temporary_file_left(
        rich_case: CaseFile, tmp_path: Path) -> None:
    out = tmp_path / "жалоба.pdf"
    render_report(rich_case, _request(rich_case), out)  # type: ignore[arg-type]
    assert [p.name for p in tmp_path.iterdir()] == ["жалоба.pdf"]
    assert out.read_bytes().startswith(b"%PDF-")
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_cancel_stops_the_work_and_leaves_nothing(rich_case: CaseFile, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    cancel = threading.Event()
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        cancel.set()  # the user presses Cancel as soon as the bar moves

    with pytest.raises(Cancelled):
        render_report(rich_case, _request(rich_case), out,  # type: ignore[arg-type]
                      progress=progress, cancel=cancel)
    assert calls
    assert list(tmp_path.iterdir()) == []


def test_cancel_set_before_start(rich_case: CaseFile, tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        render_report(rich_case, _request(rich_case, ReportKind.THREATS),  # type: ignore[arg-type]
                      tmp_path / "x.pdf", cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_render_keeps_the_previous_file(rich_case: CaseFile, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the report of yesterday")
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        render_report(rich_case, _request(rich_case), out,  # type: ignore[arg-type]
                      progress=lambda d, t: cancel.set(), cancel=cancel, overwrite=True)
    assert out.read_bytes() == b"the report of yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_progress_rises_to_the_total(rich_case: CaseFile, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    render_report(rich_case, _request(rich_case), tmp_path / "r.pdf",  # type: ignore[arg-type]
                  progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 2
    dones = [d for d, _ in calls]
    assert dones == sorted(dones)
    assert calls[-1][0] == calls[-1][1] > 0
    assert len({t for _, t in calls}) == 1


def test_an_unwritable_folder_is_a_typed_error(rich_case: CaseFile, tmp_path: Path) -> None:
    with pytest.raises(ReportWriteError) as caught:
        render_report(rich_case, _request(rich_case),  # type: ignore[arg-type]
                      tmp_path / "missing" / "r.pdf")
    assert caught.value.path == tmp_path / "missing" / "r.pdf"


def test_a_time_without_zone_or_a_bad_audit_head_is_refused(rich_case: CaseFile,
                                                             tmp_path: Path) -> None:
    request = make_request(ReportKind.THREATS)
    for bad in (dataclasses.replace(request, generated_at=datetime(2024, 6, 3, 9, 30)),
                dataclasses.replace(request, audit_head="<script>")):
        with pytest.raises(ReportRequestError):
            render_report(rich_case, bad, tmp_path / "r.pdf")
    assert list(tmp_path.iterdir()) == []


def test_stamp_is_deterministic_and_recomputable_from_its_payload(rich_case: CaseFile) -> None:
    request = make_request(ReportKind.EVIDENCE, "kk")
    stamp = stamp_for(rich_case, request)
    assert stamp == stamp_for(rich_case, request)
    assert code_for_payload(stamp.payload) == stamp.code
    assert stamp.payload["case_reference"] == "АБ-17/2024"
    assert stamp.payload["generated_at"] == "2024-06-03T09:30:00Z"
    assert stamp.payload["audit_head"] == AUDIT_HEAD
    assert stamp.payload["attachments_sha256"] == attachments_hash(attachments_of(rich_case))
    for line in ("АБ-17/2024", "2024-06-03T09:30:00Z", AUDIT_HEAD,
                 stamp.payload["attachments_sha256"], stamp.code):
        assert line in stamp.qr_text
    assert stamp.payload_json().startswith('{"attachments":"5"')


def test_stamp_changes_with_what_it_commits_to(rich_case: CaseFile) -> None:
    request = make_request(ReportKind.COMPLAINT, complaint=complaint_options(rich_case))
    codes = {stamp_for(rich_case, request).code}
    codes.add(stamp_for(rich_case, dataclasses.replace(
        request, generated_at=datetime(2024, 6, 3, 9, 31, tzinfo=UTC))).code)
    codes.add(stamp_for(rich_case, dataclasses.replace(request, audit_head="b4" * 32)).code)
    codes.add(stamp_for(rich_case, dataclasses.replace(request, profile=Profile.PRESS)).code)
    rich_case.evidence[0].sha256 = "0" * 64  # an attachment changed
    codes.add(stamp_for(rich_case, request).code)
    assert len(codes) == 5


def test_code_is_short_typable_and_forgiving() -> None:
    code = code_for_payload({"case_reference": "x"})
    assert len(code) == 12 and code[4] == code[9] == "-"
    assert set(code.replace("-", "")) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert normalise_code(code.lower().replace("-", " ")) == code
    assert normalise_code("K7QM-2XHD-9F") == "K7QM-2XHD-9F"
    assert normalise_code("k7qm 2xhd 9f") == "K7QM-2XHD-9F"
    assert normalise_code("O1IL-0000-00") == "0111-0000-00"
    assert normalise_code("K7QM-2XHD") == ""
    assert normalise_code("K7QM-2XHD-9U") == ""


def test_every_report_prints_its_code_qr_audit_head_and_attachment_hash(
        rich_case: CaseFile, tmp_path: Path) -> None:
    for kind in ReportKind:
        out = tmp_path / f"{kind.value}.pdf"
        stamp = render_report(rich_case, _request(rich_case, kind, "en"),  # type: ignore[arg-type]
                              out)
        text = "".join(pdftotext(out).split())
        assert f"Verificationcode:{stamp.code}" in text
        assert AUDIT_HEAD in text
        assert stamp.payload["attachments_sha256"] in text
        # The QR code is drawn as vector squares: hundreds of filled rectangles.
        assert qdf_bytes(out).count(b" re f*") > 100
