"""Forms say what is wrong in the user's words: field_problem covers every rule of the records."""

from __future__ import annotations

import pytest

from advocate.errors import ValidationError
from advocate.model import Action, ActionStatus, Hearing, Person, Role, RoleKind, Threat
from advocate.model.date_input import parse_partial_date
from advocate.model.field_messages import REQUIRED, field_problem


def _problem(record: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        record.validate()  # type: ignore[attr-defined]
    return caught.value


CASE = "00000000-0000-4000-8000-000000000001"


@pytest.mark.parametrize(("record", "field", "words"), [
    (Person(), "full_name", "A person needs a name or a pseudonym."),
    (Role(case_id=CASE, person_id=CASE, role=RoleKind.FAMILY), "relation_to_victim",
     "Say how this person is related to the victim."),
    (Threat(case_id=CASE), "received", "A threat needs a date, even an approximate year."),
    (Action(case_id=CASE, title="x", status=ActionStatus.FILED), "filed",
     "An action that is no longer a draft needs a filing date."),
    (Hearing(case_id=CASE, proceeding_id=CASE, date=parse_partial_date("2025"), time="25:00"),
     "time", "Write the time as 10:30."),
    (Action(case_id=CASE), "title", REQUIRED),
])
def test_each_rule_has_words_for_its_field(record: object, field: str, words: str) -> None:
    exc = _problem(record)
    assert exc.field == field
    assert field_problem(exc, "en") == words


def test_words_follow_the_language() -> None:
    exc = _problem(Person())
    assert field_problem(exc, "ru") != field_problem(exc, "en")


def test_a_typed_error_speaks_for_itself() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_partial_date("soon")
    assert field_problem(caught.value, "en").startswith("“soon” is not a date")
