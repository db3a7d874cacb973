"""Which complaint draft a report takes when none is named (the CLI and the app alike)."""

from __future__ import annotations

from advocate.model import ComplaintDraft
from advocate.reports.drafts import latest_draft


def _draft(updated: str, preset: str) -> ComplaintDraft:
    return ComplaintDraft(case_id="c", addressee_preset=preset, updated=updated)


def test_the_latest_for_the_addressee_else_the_latest_of_all() -> None:
    old_ombudsman = _draft("2026-01-01T00:00:00Z", "ombudsman")
    new_prosecutor = _draft("2026-02-01T00:00:00Z", "prosecutor")
    drafts = [old_ombudsman, new_prosecutor]
    assert latest_draft(drafts) is new_prosecutor
    assert latest_draft(drafts, "ombudsman") is old_ombudsman
    assert latest_draft(drafts, "court") is new_prosecutor
    assert latest_draft([]) is None
