"""Every enumeration value has a name for people (advocate.labels)."""

from __future__ import annotations

from advocate.labels import label, labels
from advocate.model import enums
from advocate.model.deadlines import PeriodUnit


def test_every_enum_value_has_an_english_name_that_is_not_its_identifier() -> None:
    found = [getattr(enums, n) for n in dir(enums)]
    classes = [c for c in found
               if isinstance(c, type) and issubclass(c, enums.StrEnum) and c is not enums.StrEnum]
    for cls in [*classes, PeriodUnit]:
        for member, words in labels(cls, "en"):
            assert words and words != member.value, (cls, member)


def test_labels_follow_the_language() -> None:
    assert label(enums.RoleKind.VICTIM, "en") == "Victim"
    assert label(enums.RoleKind.VICTIM, "ru") == "Потерпевший"
