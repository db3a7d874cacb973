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
        ("description", "too_long"), ("case_id", "required"), ("title", "required"),
        ("response_days", "out_of_range"), ("filed", "required")]
    assert problems[0].params == {"max": MAX_TEXT}
    assert problems[3].params == {"min": 1, "max": 3650}


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
    assert error.code == "record.invalid" and error.field == "received"
    assert error.params == {"kind": "threat", "fields": ["received", "target_ids"]}


def test_the_codec_reports_every_problem_and_where() -> None:
    data = to_dict(_bad_action())
    with pytest.raises(RecordInvalidError) as raised:
        from_dict(data, "records[3]")
    assert len(raised.value.problems) == 5
    assert raised.value.message.startswith("records[3]: action description")
