"""check_report_code: a printed code checked against the vault, as ``verify --report-code``."""

from __future__ import annotations

from pathlib import Path

from advocate.reports import ReportKind, ReportRequest, render_report
from advocate.reports.code_check import check_report_code
from advocate.store import Store
from tests.store.factories import Factory


def _issue(store: Store, tmp_path: Path) -> str:
    case = Factory(store).case()
    case_file = store.case_file(case.id)
    request = ReportRequest(kind=ReportKind.CHRONOLOGY, lang="en", audit_head=store.audit_head())
    stamp = render_report(case_file, request, tmp_path / "c.pdf")
    store.record_issued_report(stamp.code, case.id, stamp.payload_json())
    return stamp.code


def test_a_code_typed_loosely_is_found_and_checks_out(store: Store, tmp_path: Path) -> None:
    code = _issue(store, tmp_path)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    result = check_report_code(store, typed)
    assert result.ok and result.issued and result.code == code
    assert result.payload["kind"] == "chronology"


def test_an_unknown_or_malformed_code_is_not_issued(store: Store, tmp_path: Path) -> None:
    _issue(store, tmp_path)
    assert not check_report_code(store, "AAAA-BBBB-CC").issued
    nonsense = check_report_code(store, "hello")
    assert not nonsense.issued and nonsense.code == "" and not nonsense.ok


def test_a_tampered_stored_payload_is_a_problem(store: Store, tmp_path: Path) -> None:
    code = _issue(store, tmp_path)
    with store.vault.transaction() as conn:
        conn.execute("UPDATE issued_reports SET payload = replace(payload, 'chronology', "
                     "'complaint') WHERE code = ?", (code,))
    result = check_report_code(store, code)
    assert result.issued and not result.ok
    assert "does not match its code" in result.problems[0]
