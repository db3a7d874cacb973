"""advocate.labels: every value of every closed vocabulary named once, in three languages."""

from __future__ import annotations

import json
from enum import Enum

import pytest

from advocate.labels import label, labels, record_kind_label, relation_label
from advocate.model import (
    RECORD_TYPES,
    ActionKind,
    ActionStatus,
    AuthorityKind,
    CaseStatus,
    Channel,
    ConsentMethod,
    ConsentPurpose,
    Gender,
    ProceedingKind,
    ProceedingStatus,
    RoleKind,
    Severity,
    ThreatSource,
)
from advocate.reports import Profile, ReportKind
from advocate.reports.paths import reports_resources

ENUMS: tuple[type[Enum], ...] = (
    ActionKind, ActionStatus, AuthorityKind, CaseStatus, Channel, ConsentMethod,
    ConsentPurpose, Gender, ProceedingKind, ProceedingStatus, RoleKind, Severity,
    ThreatSource, Profile, ReportKind)


@pytest.mark.parametrize("enum_cls", ENUMS, ids=lambda e: e.__name__)
def test_every_value_has_a_translated_label(enum_cls: type[Enum]) -> None:
    for member in enum_cls:
        english = label(member, "en")
        assert english, member
        for lang in ("ru", "kk"):
            text = label(member, lang)
            assert text and text != english, (lang, member)
    # Labels within one list are distinct, so a person can tell them apart.
    for lang in ("en", "ru", "kk"):
        names = [text for _, text in labels(enum_cls, lang)]
        assert len(set(names)) == len(names), (lang, enum_cls)


def test_equal_values_of_different_lists_keep_their_own_labels() -> None:
    """StrEnum members equal their values: "complaint" is an action and a report."""
    assert label(ActionKind.COMPLAINT, "ru") == "жалоба"
    assert label(ReportKind.COMPLAINT, "ru") == "Жалоба"
    assert label(Gender.OTHER, "en") == "other"
    assert label(RoleKind.OTHER, "en") == "another person"
    assert label(Channel.OTHER, "ru") == "иным способом"


def test_feminine_role_nouns_where_the_language_has_them() -> None:
    assert label(RoleKind.VICTIM, "ru", female=True) == "потерпевшая"
    assert label(RoleKind.VICTIM, "ru") == "потерпевший"
    assert label(RoleKind.WITNESS, "ru", female=True) == "свидетель"
    assert label(RoleKind.JOURNALIST, "ru", female=True) == "журналист"


def test_record_kinds_are_named() -> None:
    for kind in RECORD_TYPES:
        assert record_kind_label(kind, "kk") != kind, kind


def test_common_relations_print_in_the_report_language() -> None:
    assert relation_label("мать", "kk") == "анасы"
    assert relation_label("Анасы", "en") == "mother"
    assert relation_label("grandmother", "ru") == "бабушка"
    # A common relation with more said: as typed in its language, the relation alone in another.
    assert relation_label("бабушка (по матери)", "ru") == "бабушка (по матери)"
    assert relation_label("дядя (брат матери)", "kk") == "көкесі"
    assert relation_label("дядя (брат матери)", "en") == "uncle"
    # Anything else stays as typed.
    assert relation_label("двоюродный дядя по отцу", "kk") == "двоюродный дядя по отцу"


def test_report_texts_hold_no_enumeration_labels() -> None:
    """The labels live in the catalogue only: no second copy to drift apart."""
    prefixes = ("channel.", "severity.", "status.", "action.", "proceeding.", "role.",
                "source.", "purpose.", "profile.", "authority.", "proceeding_status.")
    for lang in ("ru", "kk", "en"):
        table = json.loads((reports_resources() / "texts" / f"{lang}.json").read_text("utf-8"))
        assert not [k for k in table if k.startswith(prefixes)], lang
