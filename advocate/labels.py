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

from advocate.i18n import language, ngettext, normalize_language, pgettext_in
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


def _key(member: Enum) -> tuple[str, str]:
    return type(member).__name__, str(member.value)


@cache
def _table(lang: str) -> dict[tuple[str, str], str]:
    """Every label in one language by (enumeration name, value).

    note: keyed by class and value, not by member: StrEnum members equal their values, so
    ActionKind.COMPLAINT and ReportKind.COMPLAINT would be one dictionary key.
    """
    # note: imported here, not at the top: the reports import this module.
    from advocate.model.deadlines import PeriodUnit
    from advocate.reports.request import Profile, ReportKind

    return {
        _key(CaseStatus.OPEN): pgettext_in(lang, "CaseStatus", "open"),
        _key(CaseStatus.DORMANT): pgettext_in(lang, "CaseStatus", "dormant"),
        _key(CaseStatus.CLOSED): pgettext_in(lang, "CaseStatus", "closed"),
        _key(Gender.FEMALE): pgettext_in(lang, "Gender", "female"),
        _key(Gender.MALE): pgettext_in(lang, "Gender", "male"),
        _key(Gender.OTHER): pgettext_in(lang, "Gender", "other"),
        _key(Gender.UNKNOWN): pgettext_in(lang, "Gender", "not known"),
        _key(RoleKind.VICTIM): pgettext_in(lang, "RoleKind", "victim"),
        _key(RoleKind.FAMILY): pgettext_in(lang, "RoleKind", "family member of the victim"),
        _key(RoleKind.PERPETRATOR): pgettext_in(lang, "RoleKind", "alleged offender"),
        _key(RoleKind.SUSPECT): pgettext_in(lang, "RoleKind", "suspect"),
        _key(RoleKind.ACCUSED): pgettext_in(lang, "RoleKind", "accused"),
        _key(RoleKind.CONVICTED): pgettext_in(lang, "RoleKind", "convicted person"),
        _key(RoleKind.UNDERAGE_NOT_PROSECUTED): pgettext_in(
            lang, "RoleKind", "not prosecuted as under age"),
        _key(RoleKind.WITNESS): pgettext_in(lang, "RoleKind", "witness"),
        _key(RoleKind.OFFICIAL): pgettext_in(lang, "RoleKind", "official"),
        _key(RoleKind.LAWYER): pgettext_in(lang, "RoleKind", "lawyer"),
        _key(RoleKind.JOURNALIST): pgettext_in(lang, "RoleKind", "journalist"),
        _key(RoleKind.APPLICANT): pgettext_in(lang, "RoleKind", "applicant"),
        _key(RoleKind.OTHER): pgettext_in(lang, "RoleKind", "another person"),
        _key(ThreatSource.KNOWN_PERSON): pgettext_in(lang, "ThreatSource", "a known person"),
        _key(ThreatSource.UNKNOWN): pgettext_in(lang, "ThreatSource", "an unknown person"),
        _key(ThreatSource.CLAIMS_AUTHORITY): pgettext_in(
            lang, "ThreatSource", "a person claiming to act for an authority"),
        _key(Channel.IN_PERSON): pgettext_in(lang, "Channel", "in person"),
        _key(Channel.PHONE): pgettext_in(lang, "Channel", "by phone"),
        _key(Channel.SMS): pgettext_in(lang, "Channel", "by SMS"),
        _key(Channel.MESSENGER): pgettext_in(lang, "Channel", "by messenger"),
        _key(Channel.SOCIAL_MEDIA): pgettext_in(lang, "Channel", "on social media"),
        _key(Channel.LETTER): pgettext_in(lang, "Channel", "by letter"),
        _key(Channel.THROUGH_RELATIVES): pgettext_in(lang, "Channel", "through relatives"),
        _key(Channel.OTHER): pgettext_in(lang, "Channel", "in another way"),
        _key(PeriodUnit.CALENDAR): pgettext_in(lang, "PeriodUnit", "calendar days"),
        _key(PeriodUnit.WORKING): pgettext_in(lang, "PeriodUnit", "working days"),
        _key(Severity.LOW): pgettext_in(lang, "Severity", "low"),
        _key(Severity.MEDIUM): pgettext_in(lang, "Severity", "medium"),
        _key(Severity.HIGH): pgettext_in(lang, "Severity", "high"),
        _key(Severity.CRITICAL): pgettext_in(lang, "Severity", "critical"),
        _key(ActionKind.COMPLAINT): pgettext_in(lang, "ActionKind", "complaint"),
        _key(ActionKind.PETITION): pgettext_in(lang, "ActionKind", "petition"),
        _key(ActionKind.REQUEST): pgettext_in(lang, "ActionKind", "request"),
        _key(ActionKind.APPEAL): pgettext_in(lang, "ActionKind", "appeal"),
        _key(ActionKind.COURT_FILING): pgettext_in(lang, "ActionKind", "court filing"),
        _key(ActionKind.HEARING_ATTENDED): pgettext_in(lang, "ActionKind", "hearing attended"),
        _key(ActionKind.MEETING): pgettext_in(lang, "ActionKind", "meeting"),
        _key(ActionKind.MEDIA_STATEMENT): pgettext_in(lang, "ActionKind", "media statement"),
        _key(ActionKind.OTHER): pgettext_in(lang, "ActionKind", "other action"),
        _key(ActionStatus.DRAFT): pgettext_in(lang, "ActionStatus", "draft"),
        _key(ActionStatus.FILED): pgettext_in(lang, "ActionStatus", "filed"),
        _key(ActionStatus.AWAITING): pgettext_in(lang, "ActionStatus", "awaiting answer"),
        _key(ActionStatus.ANSWERED): pgettext_in(lang, "ActionStatus", "answered"),
        _key(ActionStatus.REFUSED): pgettext_in(lang, "ActionStatus", "refused"),
        _key(ActionStatus.SATISFIED): pgettext_in(lang, "ActionStatus", "granted"),
        _key(ActionStatus.APPEALED): pgettext_in(lang, "ActionStatus", "appealed"),
        _key(ProceedingKind.CRIMINAL): pgettext_in(lang, "ProceedingKind", "criminal case"),
        _key(ProceedingKind.CIVIL): pgettext_in(lang, "ProceedingKind", "civil case"),
        _key(ProceedingKind.LIBEL): pgettext_in(lang, "ProceedingKind", "defamation case"),
        _key(ProceedingKind.ADMINISTRATIVE): pgettext_in(
            lang, "ProceedingKind", "administrative offence case"),
        _key(ProceedingStatus.PENDING): pgettext_in(lang, "ProceedingStatus", "pending"),
        _key(ProceedingStatus.ACTIVE): pgettext_in(lang, "ProceedingStatus", "in progress"),
        _key(ProceedingStatus.SUSPENDED): pgettext_in(lang, "ProceedingStatus", "suspended"),
        _key(ProceedingStatus.DECIDED): pgettext_in(lang, "ProceedingStatus", "decided"),
        _key(ProceedingStatus.APPEALED): pgettext_in(lang, "ProceedingStatus", "appealed"),
        _key(ProceedingStatus.CLOSED): pgettext_in(lang, "ProceedingStatus", "closed"),
        _key(ConsentPurpose.KEEP_RECORD): pgettext_in(lang, "ConsentPurpose", "keeping the record"),
        _key(ConsentPurpose.SHARE_OMBUDSMAN): pgettext_in(
            lang, "ConsentPurpose", "sharing with the Ombudsman"),
        _key(ConsentPurpose.SHARE_COURT_PROSECUTOR): pgettext_in(
            lang, "ConsentPurpose", "sharing with a court or prosecutor"),
        _key(ConsentPurpose.PUBLISH_ANONYMISED): pgettext_in(
            lang, "ConsentPurpose", "publication without names"),
        _key(ConsentPurpose.SHARE_INTERNATIONAL): pgettext_in(
            lang, "ConsentPurpose", "sharing with an international body"),
        _key(ConsentMethod.WRITTEN): pgettext_in(lang, "ConsentMethod", "in writing"),
        _key(ConsentMethod.ORAL): pgettext_in(lang, "ConsentMethod", "orally"),
        _key(ConsentMethod.ELECTRONIC): pgettext_in(lang, "ConsentMethod", "electronically"),
        _key(AuthorityKind.LEGAL_REPRESENTATIVE): pgettext_in(
            lang, "AuthorityKind", "legal representative of a minor"),
        _key(AuthorityKind.POWER_OF_ATTORNEY): pgettext_in(
            lang, "AuthorityKind", "power of attorney"),
        _key(AuthorityKind.ASSOCIATION_CONSENT): pgettext_in(
            lang, "AuthorityKind",
            "on behalf of an association, with the applicant's written consent"),
        _key(AuthorityKind.ADVOCATE_ORDER): pgettext_in(lang, "AuthorityKind", "advocate's order"),
        _key(Profile.OMBUDSMAN): pgettext_in(lang, "Profile", "the Ombudsman"),
        _key(Profile.COURT): pgettext_in(lang, "Profile", "a court or prosecutor"),
        _key(Profile.PRESS): pgettext_in(lang, "Profile", "the press"),
        _key(Profile.INTERNATIONAL): pgettext_in(lang, "Profile", "an international body"),
        _key(Profile.INTERNAL): pgettext_in(lang, "Profile", "internal use"),
        _key(ReportKind.COMPLAINT): pgettext_in(lang, "ReportKind", "Complaint"),
        _key(ReportKind.THREATS): pgettext_in(lang, "ReportKind", "Threat log"),
        _key(ReportKind.CHRONOLOGY): pgettext_in(lang, "ReportKind", "Case chronology"),
        _key(ReportKind.EVIDENCE): pgettext_in(lang, "ReportKind", "Evidence register"),
    }


@cache
def _female_table(lang: str) -> dict[tuple[str, str], str]:
    """Feminine role nouns, where a language has them (Russian "потерпевшая")."""
    return {
        _key(RoleKind.VICTIM): pgettext_in(lang, "RoleKind.female", "victim"),
        _key(RoleKind.PERPETRATOR): pgettext_in(lang, "RoleKind.female", "alleged offender"),
        _key(RoleKind.SUSPECT): pgettext_in(lang, "RoleKind.female", "suspect"),
        _key(RoleKind.ACCUSED): pgettext_in(lang, "RoleKind.female", "accused"),
        _key(RoleKind.CONVICTED): pgettext_in(lang, "RoleKind.female", "convicted person"),
        _key(RoleKind.UNDERAGE_NOT_PROSECUTED): pgettext_in(
            lang, "RoleKind.female", "not prosecuted as under age"),
    }


def label(member: Enum, lang: str | None = None, *, female: bool = False) -> str:
    """The label of an enumeration value in a language (default: the current one); a role
    in its feminine form with ``female=True`` where the language has one."""
    code = normalize_language(lang) if lang else language()
    if female:
        text = _female_table(code).get(_key(member))
        if text is not None:
            return text
    try:
        return _table(code)[_key(member)]
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
    """A relation in the report's language ``lang``.

    One of the common relations typed in any language ("мать", "анасы", "mother") is given in
    ``lang``. A relation that starts with one but says more ("бабушка (по матери)") stays as
    typed in its own language, and in another language is given as the common relation alone:
    a Kazakh document says "әжесі", not a Russian phrase. Anything else stays as typed.
    """
    target = normalize_language(lang)
    text = typed.strip()
    key = text.casefold()
    first = key.split(maxsplit=1)[0] if key else ""
    for source in ("ru", "kk", "en"):
        words = [w.casefold() for w in _relations(source)]
        if key in words:
            return _relations(target)[words.index(key)]
        if first in words and source != target:
            return _relations(target)[words.index(first)]
    return text


def count_of(kind: str, n: int) -> str:
    """"3 threats", "1 hearing" — with the plural forms of the UI language."""
    forms = {
        "case": ngettext("{n} case", "{n} cases", n),
        "person": ngettext("{n} person", "{n} persons", n),
        "role": ngettext("{n} role in the case", "{n} roles in the case", n),
        "relation": ngettext("{n} relation", "{n} relations", n),
        "incident": ngettext("{n} incident", "{n} incidents", n),
        "threat": ngettext("{n} threat", "{n} threats", n),
        "action": ngettext("{n} action", "{n} actions", n),
        "proceeding": ngettext("{n} proceeding", "{n} proceedings", n),
        "hearing": ngettext("{n} hearing", "{n} hearings", n),
        "consent": ngettext("{n} consent", "{n} consents", n),
        "note": ngettext("{n} note", "{n} notes", n),
        "evidence": ngettext("{n} evidence file", "{n} evidence files", n),
        "complaint": ngettext("{n} complaint draft", "{n} complaint drafts", n),
    }
    return forms.get(kind, "{n} " + kind).format(n=n)
