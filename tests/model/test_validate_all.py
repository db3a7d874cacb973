"""Form validation: every invalid field at once, each with a stable code."""

from __future__ import annotations

import pytest

from advocate.errors import RecordInvalidError, ValidationError
from advocate.model import Action, ActionStatus, Case, PartialDate, Threat
from advocate.model.base import MAX_TEXT
from advocate.model.codec import from_dict, to_dict


def _bad_action() -> Action:
    return Action(case_id="", title="", response_days=0, status=ActionStatus.FILED,
                  description="x" * (MAX_TEXT + 1))


def test_every_invalid_field_is_reported_with_its_code() -> None:
    problems = _bad_action().validate_all()
    assert [(p.field, p.code) for p in problems] == [
        ("description", "record.too_long"), ("case_id", "record.required"),
        ("title", "record.required"), ("response_days", "action.term_out_of_range"),
        ("filed", "action.filing_date_missing")]
    assert problems[0].params == {"limit": MAX_TEXT}
    assert problems[4].params == {"status": "filed"}
    assert all(p.record_kind == "action" for p in problems)


def test_a_problem_is_worded_in_each_language() -> None:
    problem = _bad_action().validate_all()[1]
    assert problem.message == "The field case_id is required."
    assert problem.text("ru") != problem.message and "case_id" in problem.text("ru")
    assert "case_id" in problem.text("kk")


def test_a_valid_record_has_no_problems() -> None:
    case = Case(title="Дело", opened=PartialDate.parse("2020"), closed=PartialDate.parse("2021"))
    assert case.validate_all() == []
    case.check()  # does not raise


def test_validate_still_stops_at_the_first_problem() -> None:
    with pytest.raises(ValidationError) as raised:
        _bad_action().validate()
    assert raised.value.field == "description"
    assert not isinstance(raised.value, RecordInvalidError)


def test_the_error_carries_every_problem() -> None:
    threat = Threat(case_id="c", received=None, target_ids=[])
    with pytest.raises(RecordInvalidError) as raised:
        threat.check()
    error = raised.value
    assert error.code == "threat.date_missing" and error.field == "received"
    assert error.record_kind == "threat"
    assert error.params == {"field": "received", "record_kind": "threat"}
    assert [(p.field, p.code) for p in error.problems] == [
        ("received", "threat.date_missing"), ("target_ids", "threat.no_target")]


def test_the_codec_reports_every_problem_and_where() -> None:
    data = to_dict(_bad_action())
    with pytest.raises(RecordInvalidError) as raised:
        from_dict(data, "records[3]")
    assert len(raised.value.problems) == 5
    assert raised.value.code == "record.too_long" and raised.value.field == "description"
    assert raised.value.params["where"] == "records[3]"
    assert raised.value.message.startswith("records[3]: The field description")
