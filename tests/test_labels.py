"""Every enumeration value has a name for people in each language (advocate.labels)."""

from __future__ import annotations

from advocate.labels import label, labels
from advocate.model import enums
from advocate.model.deadlines import PeriodUnit


def test_every_enum_value_is_named_in_every_language() -> None:
    found = [getattr(enums, n) for n in dir(enums)]
    classes = [c for c in found
               if isinstance(c, type) and issubclass(c, enums.StrEnum) and c is not enums.StrEnum]
    for cls in [*classes, PeriodUnit]:
        for lang in ("en", "ru", "kk"):
            for member, words in labels(cls, lang):
                assert words and "_" not in words, (cls, member, lang)
                if lang != "en":
                    assert words != member.value, (cls, member, lang)


def test_labels_follow_the_language() -> None:
    assert label(enums.RoleKind.VICTIM, "en").casefold() == "victim"
    assert label(enums.RoleKind.VICTIM, "ru").casefold() == "потерпевший"
