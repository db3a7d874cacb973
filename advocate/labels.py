"""Every closed vocabulary of Advocate named once, in the three languages of the product.

Record kinds, roles, statuses, channels, severities, consent purposes, report profiles and the
rest are stored as stable values (``RoleKind.VICTIM`` is ``"victim"``); what people read comes
from here, and only from here: the app's lists, the reports and the error messages all call
:func:`label`. Each label is one gettext message whose context is the enumeration's class name
(``pgettext("Channel", "by phone")``), so translators see which list a word belongs to and one
English word may translate differently in two lists. Russian feminine role nouns
("потерпевшая") have the context ``RoleKind.female``.

Relations typed by a user ("мать", "анасы", "mother") are free text; :func:`relation_label`
recognises the common ones in any of the three languages and gives them in the report's, and
leaves anything else as typed.
"""

from __future__ import annotations

from enum import Enum
from functools import cache

from advocate.i18n import language, normalize_language, pgettext_in
from advocate.model.enums import (
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

__all__ = ["label", "labels", "record_kind_label", "relation_label", "relation_labels"]


@cache
def _table(lang: str) -> dict[Enum, str]:
    """Every label in one language (English is the source text)."""
    # note: imported here, not at the top: the reports import this module.
    from advocate.reports.request import Profile, ReportKind

    return {
        CaseStatus.OPEN: pgettext_in(lang, "CaseStatus", "open"),
        CaseStatus.DORMANT: pgettext_in(lang, "CaseStatus", "dormant"),
        CaseStatus.CLOSED: pgettext_in(lang, "CaseStatus", "closed"),
        Gender.FEMALE: pgettext_in(lang, "Gender", "female"),
        Gender.MALE: pgettext_in(lang, "Gender", "male"),
        Gender.OTHER: pgettext_in(lang, "Gender", "other"),
        Gender.UNKNOWN: pgettext_in(lang, "Gender", "not known"),
        RoleKind.VICTIM: pgettext_in(lang, "RoleKind", "victim"),
        RoleKind.FAMILY: pgettext_in(lang, "RoleKind", "family member of the victim"),
        RoleKind.PERPETRATOR: pgettext_in(lang, "RoleKind", "alleged offender"),
        RoleKind.SUSPECT: pgettext_in(lang, "RoleKind", "suspect"),
        RoleKind.ACCUSED: pgettext_in(lang, "RoleKind", "accused"),
        RoleKind.CONVICTED: pgettext_in(lang, "RoleKind", "convicted person"),
        RoleKind.UNDERAGE_NOT_PROSECUTED: pgettext_in(
            lang, "RoleKind", "not prosecuted as under age"),
        RoleKind.WITNESS: pgettext_in(lang, "RoleKind", "witness"),
        RoleKind.OFFICIAL: pgettext_in(lang, "RoleKind", "official"),
        RoleKind.LAWYER: pgettext_in(lang, "RoleKind", "lawyer"),
        RoleKind.JOURNALIST: pgettext_in(lang, "RoleKind", "journalist"),
        RoleKind.APPLICANT: pgettext_in(lang, "RoleKind", "applicant"),
        RoleKind.OTHER: pgettext_in(lang, "RoleKind", "another person"),
        ThreatSource.KNOWN_PERSON: pgettext_in(lang, "ThreatSource", "a known person"),
        ThreatSource.UNKNOWN: pgettext_in(lang, "ThreatSource", "an unknown person"),
        ThreatSource.CLAIMS_AUTHORITY: pgettext_in(
            lang, "ThreatSource", "a person claiming to act for an authority"),
        Channel.IN_PERSON: pgettext_in(lang, "Channel", "in person"),
        Channel.PHONE: pgettext_in(lang, "Channel", "by phone"),
        Channel.SMS: pgettext_in(lang, "Channel", "by SMS"),
        Channel.MESSENGER: pgettext_in(lang, "Channel", "by messenger"),
        Channel.SOCIAL_MEDIA: pgettext_in(lang, "Channel", "on social media"),
        Channel.LETTER: pgettext_in(lang, "Channel", "by letter"),
        Channel.THROUGH_RELATIVES: pgettext_in(lang, "Channel", "through relatives"),
        Channel.OTHER: pgettext_in(lang, "Channel", "in another way"),
        Severity.LOW: pgettext_in(lang, "Severity", "low"),
        Severity.MEDIUM: pgettext_in(lang, "Severity", "medium"),
        Severity.HIGH: pgettext_in(lang, "Severity", "high"),
        Severity.CRITICAL: pgettext_in(lang, "Severity", "critical"),
        ActionKind.COMPLAINT: pgettext_in(lang, "ActionKind", "complaint"),
        ActionKind.PETITION: pgettext_in(lang, "ActionKind", "petition"),
        ActionKind.REQUEST: pgettext_in(lang, "ActionKind", "request"),
        ActionKind.APPEAL: pgettext_in(lang, "ActionKind", "appeal"),
        ActionKind.COURT_FILING: pgettext_in(lang, "ActionKind", "court filing"),
        ActionKind.HEARING_ATTENDED: pgettext_in(lang, "ActionKind", "hearing attended"),
        ActionKind.MEETING: pgettext_in(lang, "ActionKind", "meeting"),
        ActionKind.MEDIA_STATEMENT: pgettext_in(lang, "ActionKind", "media statement"),
        ActionKind.OTHER: pgettext_in(lang, "ActionKind", "other action"),
        ActionStatus.DRAFT: pgettext_in(lang, "ActionStatus", "draft"),
        ActionStatus.FILED: pgettext_in(lang, "ActionStatus", "filed"),
        ActionStatus.AWAITING: pgettext_in(lang, "ActionStatus", "awaiting answer"),
        ActionStatus.ANSWERED: pgettext_in(lang, "ActionStatus", "answered"),
        ActionStatus.REFUSED: pgettext_in(lang, "ActionStatus", "refused"),
        ActionStatus.SATISFIED: pgettext_in(lang, "ActionStatus", "granted"),
        ActionStatus.APPEALED: pgettext_in(lang, "ActionStatus", "appealed"),
        ProceedingKind.CRIMINAL: pgettext_in(lang, "ProceedingKind", "criminal case"),
        ProceedingKind.CIVIL: pgettext_in(lang, "ProceedingKind", "civil case"),
        ProceedingKind.LIBEL: pgettext_in(lang, "ProceedingKind", "defamation case"),
        ProceedingKind.ADMINISTRATIVE: pgettext_in(
            lang, "ProceedingKind", "administrative offence case"),
        ProceedingStatus.PENDING: pgettext_in(lang, "ProceedingStatus", "pending"),
        ProceedingStatus.ACTIVE: pgettext_in(lang, "ProceedingStatus", "in progress"),
        ProceedingStatus.SUSPENDED: pgettext_in(lang, "ProceedingStatus", "suspended"),
        ProceedingStatus.DECIDED: pgettext_in(lang, "ProceedingStatus", "decided"),
        ProceedingStatus.APPEALED: pgettext_in(lang, "ProceedingStatus", "appealed"),
        ProceedingStatus.CLOSED: pgettext_in(lang, "ProceedingStatus", "closed"),
        ConsentPurpose.KEEP_RECORD: pgettext_in(lang, "ConsentPurpose", "keeping the record"),
        ConsentPurpose.SHARE_OMBUDSMAN: pgettext_in(
            lang, "ConsentPurpose", "sharing with the Ombudsman"),
        ConsentPurpose.SHARE_COURT_PROSECUTOR: pgettext_in(
            lang, "ConsentPurpose", "sharing with a court or prosecutor"),
        ConsentPurpose.PUBLISH_ANONYMISED: pgettext_in(
            lang, "ConsentPurpose", "publication without names"),
        ConsentPurpose.SHARE_INTERNATIONAL: pgettext_in(
            lang, "ConsentPurpose", "sharing with an international body"),
        ConsentMethod.WRITTEN: pgettext_in(lang, "ConsentMethod", "in writing"),
        ConsentMethod.ORAL: pgettext_in(lang, "ConsentMethod", "orally"),
        ConsentMethod.ELECTRONIC: pgettext_in(lang, "ConsentMethod", "electronically"),
        AuthorityKind.LEGAL_REPRESENTATIVE: pgettext_in(
            lang, "AuthorityKind", "legal representative of a minor"),
        AuthorityKind.POWER_OF_ATTORNEY: pgettext_in(lang, "AuthorityKind", "power of attorney"),
        AuthorityKind.ASSOCIATION_CONSENT: pgettext_in(
            lang, "AuthorityKind",
            "on behalf of an association, with the applicant's written consent"),
        AuthorityKind.ADVOCATE_ORDER: pgettext_in(lang, "AuthorityKind", "advocate's order"),
        Profile.OMBUDSMAN: pgettext_in(lang, "Profile", "the Ombudsman"),
        Profile.COURT: pgettext_in(lang, "Profile", "a court or prosecutor"),
        Profile.PRESS: pgettext_in(lang, "Profile", "the press"),
        Profile.INTERNATIONAL: pgettext_in(lang, "Profile", "an international body"),
        Profile.INTERNAL: pgettext_in(lang, "Profile", "internal use"),
        ReportKind.COMPLAINT: pgettext_in(lang, "ReportKind", "Complaint"),
        ReportKind.THREATS: pgettext_in(lang, "ReportKind", "Threat log"),
        ReportKind.CHRONOLOGY: pgettext_in(lang, "ReportKind", "Case chronology"),
        ReportKind.EVIDENCE: pgettext_in(lang, "ReportKind", "Evidence register"),
    }


@cache
def _female_table(lang: str) -> dict[Enum, str]:
    """Feminine role nouns, where a language has them (Russian "потерпевшая")."""
    return {
        RoleKind.VICTIM: pgettext_in(lang, "RoleKind.female", "victim"),
        RoleKind.PERPETRATOR: pgettext_in(lang, "RoleKind.female", "alleged offender"),
        RoleKind.SUSPECT: pgettext_in(lang, "RoleKind.female", "suspect"),
        RoleKind.ACCUSED: pgettext_in(lang, "RoleKind.female", "accused"),
        RoleKind.CONVICTED: pgettext_in(lang, "RoleKind.female", "convicted person"),
        RoleKind.UNDERAGE_NOT_PROSECUTED: pgettext_in(
            lang, "RoleKind.female", "not prosecuted as under age"),
    }


def label(member: Enum, lang: str | None = None, *, female: bool = False) -> str:
    """The label of an enumeration value in a language (default: the current one); a role
    in its feminine form with ``female=True`` where the language has one."""
    code = normalize_language(lang) if lang else language()
    if female:
        text = _female_table(code).get(member)
        if text is not None:
            return text
    try:
        return _table(code)[member]
    except KeyError:
        # A value added to an enumeration without a label: show the value, never fail.
        return str(getattr(member, "value", member))


def labels(enum_cls: type[Enum], lang: str | None = None) -> list[tuple[Enum, str]]:
    """Every value of an enumeration with its label, in declaration order (for lists)."""
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
    """A record kind (``Record.KIND``: "threat", "evidence") as people call it."""
    code = normalize_language(lang) if lang else language()
    return _record_kinds(code).get(kind, kind)


@cache
def _relations(lang: str) -> list[str]:
    """The common relations to a victim, in one language, in one fixed order."""
    return [
        pgettext_in(lang, "Relation", "mother"),
        pgettext_in(lang, "Relation", "father"),
        pgettext_in(lang, "Relation", "grandmother"),
        pgettext_in(lang, "Relation", "grandfather"),
        pgettext_in(lang, "Relation", "sister"),
        pgettext_in(lang, "Relation", "brother"),
        pgettext_in(lang, "Relation", "aunt"),
        pgettext_in(lang, "Relation", "uncle"),
        pgettext_in(lang, "Relation", "son"),
        pgettext_in(lang, "Relation", "daughter"),
        pgettext_in(lang, "Relation", "husband"),
        pgettext_in(lang, "Relation", "wife"),
        pgettext_in(lang, "Relation", "stepfather"),
        pgettext_in(lang, "Relation", "stepmother"),
        pgettext_in(lang, "Relation", "guardian"),
        pgettext_in(lang, "Relation", "legal representative"),
        pgettext_in(lang, "Relation", "mother-in-law"),
        pgettext_in(lang, "Relation", "father-in-law"),
    ]


def relation_labels(lang: str | None = None) -> list[str]:
    """The list of relations the app offers, in a language."""
    return list(_relations(normalize_language(lang) if lang else language()))


def relation_label(typed: str, lang: str) -> str:
    """A relation as typed, in the report's language when it is one of the common ones in any
    language ("мать", "анасы", "mother" → the word in ``lang``); otherwise as typed."""
    key = typed.strip().casefold()
    for source in ("ru", "kk", "en"):
        words = [w.casefold() for w in _relations(source)]
        if key in words:
            return _relations(normalize_language(lang))[words.index(key)]
    return typed.strip()
