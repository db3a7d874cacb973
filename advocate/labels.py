"""Closed vocabularies named for people, in the three languages (minimal version of the shell).

note: a fuller module with the same API (``label``, ``labels``, ``record_kind_label``) is being
written by the reports helper; the integrator keeps that one. This one names what the shell's
screens show (case statuses, record kinds) with the same gettext contexts and English words, and
gives the stored value for anything else.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from functools import cache
from typing import TypeVar

from advocate.i18n import language, normalize_language, pgettext_in
from advocate.model.enums import CaseStatus

E = TypeVar("E", bound=StrEnum)


@cache
def _table(lang: str) -> dict[Enum, str]:
    return {
        CaseStatus.OPEN: pgettext_in(lang, "CaseStatus", "open"),
        CaseStatus.DORMANT: pgettext_in(lang, "CaseStatus", "dormant"),
        CaseStatus.CLOSED: pgettext_in(lang, "CaseStatus", "closed"),
    }


def label(member: StrEnum, lang: str | None = None) -> str:
    """The label of an enumeration value in a language (default: the current one)."""
    code = normalize_language(lang) if lang else language()
    return _table(code).get(member, str(member.value))


def labels(enum_cls: type[E], lang: str | None = None) -> list[tuple[E, str]]:
    """Every value of an enumeration with its label, in declaration order."""
    return [(member, label(member, lang)) for member in enum_cls]


@cache
def _record_kinds(lang: str) -> dict[str, str]:
    return {
        "case": pgettext_in(lang, "RecordKind", "case"),
        "person": pgettext_in(lang, "RecordKind", "person"),
        "role": pgettext_in(lang, "RecordKind", "role"),
        "relation": pgettext_in(lang, "RecordKind", "relation"),
        "incident": pgettext_in(lang, "RecordKind", "incident"),
        "threat": pgettext_in(lang, "RecordKind", "threat"),
        "action": pgettext_in(lang, "RecordKind", "action"),
        "proceeding": pgettext_in(lang, "RecordKind", "proceeding"),
        "hearing": pgettext_in(lang, "RecordKind", "hearing"),
        "consent": pgettext_in(lang, "RecordKind", "consent"),
        "note": pgettext_in(lang, "RecordKind", "note"),
        "complaint": pgettext_in(lang, "RecordKind", "complaint draft"),
        "evidence": pgettext_in(lang, "RecordKind", "evidence file"),
    }


def record_kind_label(kind: str, lang: str | None = None) -> str:
    """A record kind (``Record.KIND``) as people call it."""
    code = normalize_language(lang) if lang else language()
    return _record_kinds(code).get(kind, kind)
