"""Every enumeration value named for people, in English, Russian and Kazakh.

One source for each word (DESIGN.md section 10): the app, and later the reports and the core's
errors, name record kinds, roles, statuses, channels and purposes from here. The English words are
the catalogue's ids (context: the enumeration's class name); ``make catalog`` extracts them.

Minimal version written for the case workspace; the reports helper's fuller module replaces it.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import TypeVar

from advocate.i18n import language, normalize_language, pgettext_in

E = TypeVar("E", bound=StrEnum)

# note: pgettext_in("en", ...) returns its message; the call is there so Babel extracts it.
_ENGLISH: dict[tuple[str, str], str] = {
    ("CaseStatus", "open"): pgettext_in("en", "CaseStatus", "Open"),
    ("CaseStatus", "dormant"): pgettext_in("en", "CaseStatus", "Dormant"),
    ("CaseStatus", "closed"): pgettext_in("en", "CaseStatus", "Closed"),
    ("Gender", "female"): pgettext_in("en", "Gender", "Female"),
    ("Gender", "male"): pgettext_in("en", "Gender", "Male"),
    ("Gender", "other"): pgettext_in("en", "Gender", "Other"),
    ("Gender", "unknown"): pgettext_in("en", "Gender", "Not known"),
    ("RoleKind", "victim"): pgettext_in("en", "RoleKind", "Victim"),
    ("RoleKind", "family"): pgettext_in("en", "RoleKind", "Family member"),
    ("RoleKind", "perpetrator"): pgettext_in("en", "RoleKind", "Perpetrator or suspect"),
    ("RoleKind", "witness"): pgettext_in("en", "RoleKind", "Witness"),
    ("RoleKind", "official"): pgettext_in("en", "RoleKind", "Official"),
    ("RoleKind", "lawyer"): pgettext_in("en", "RoleKind", "Lawyer"),
    ("RoleKind", "journalist"): pgettext_in("en", "RoleKind", "Journalist"),
    ("RoleKind", "applicant"): pgettext_in("en", "RoleKind", "Applicant"),
    ("RoleKind", "other"): pgettext_in("en", "RoleKind", "Other"),
    ("ThreatSource", "known_person"): pgettext_in("en", "ThreatSource", "A known person"),
    ("ThreatSource", "unknown"): pgettext_in("en", "ThreatSource", "Unknown"),
    ("ThreatSource", "claims_authority"):
        pgettext_in("en", "ThreatSource", "Claims to act for an authority"),
    ("Channel", "in_person"): pgettext_in("en", "Channel", "In person"),
    ("Channel", "phone"): pgettext_in("en", "Channel", "Phone call"),
    ("Channel", "sms"): pgettext_in("en", "Channel", "SMS"),
    ("Channel", "messenger"): pgettext_in("en", "Channel", "Messenger"),
    ("Channel", "social_media"): pgettext_in("en", "Channel", "Social media"),
    ("Channel", "letter"): pgettext_in("en", "Channel", "Letter"),
    ("Channel", "through_relatives"): pgettext_in("en", "Channel", "Through relatives"),
    ("Channel", "other"): pgettext_in("en", "Channel", "Other"),
    ("Severity", "low"): pgettext_in("en", "Severity", "Low"),
    ("Severity", "medium"): pgettext_in("en", "Severity", "Medium"),
    ("Severity", "high"): pgettext_in("en", "Severity", "High"),
    ("Severity", "critical"): pgettext_in("en", "Severity", "Critical"),
    ("ActionKind", "complaint"): pgettext_in("en", "ActionKind", "Complaint"),
    ("ActionKind", "petition"): pgettext_in("en", "ActionKind", "Petition"),
    ("ActionKind", "request"): pgettext_in("en", "ActionKind", "Request"),
    ("ActionKind", "appeal"): pgettext_in("en", "ActionKind", "Appeal"),
    ("ActionKind", "court_filing"): pgettext_in("en", "ActionKind", "Court filing"),
    ("ActionKind", "hearing_attended"): pgettext_in("en", "ActionKind", "Hearing attended"),
    ("ActionKind", "meeting"): pgettext_in("en", "ActionKind", "Meeting"),
    ("ActionKind", "media_statement"): pgettext_in("en", "ActionKind", "Media statement"),
    ("ActionKind", "other"): pgettext_in("en", "ActionKind", "Other"),
    ("ActionStatus", "draft"): pgettext_in("en", "ActionStatus", "Draft"),
    ("ActionStatus", "filed"): pgettext_in("en", "ActionStatus", "Filed"),
    ("ActionStatus", "awaiting"): pgettext_in("en", "ActionStatus", "Awaiting answer"),
    ("ActionStatus", "answered"): pgettext_in("en", "ActionStatus", "Answered"),
    ("ActionStatus", "refused"): pgettext_in("en", "ActionStatus", "Refused"),
    ("ActionStatus", "satisfied"): pgettext_in("en", "ActionStatus", "Satisfied"),
    ("ActionStatus", "appealed"): pgettext_in("en", "ActionStatus", "Appealed"),
    ("ProceedingKind", "criminal"): pgettext_in("en", "ProceedingKind", "Criminal case"),
    ("ProceedingKind", "civil"): pgettext_in("en", "ProceedingKind", "Civil suit"),
    ("ProceedingKind", "libel"): pgettext_in("en", "ProceedingKind", "Defamation suit"),
    ("ProceedingKind", "administrative"):
        pgettext_in("en", "ProceedingKind", "Administrative case"),
    ("ProceedingStatus", "pending"): pgettext_in("en", "ProceedingStatus", "Pending"),
    ("ProceedingStatus", "active"): pgettext_in("en", "ProceedingStatus", "Active"),
    ("ProceedingStatus", "suspended"): pgettext_in("en", "ProceedingStatus", "Suspended"),
    ("ProceedingStatus", "decided"): pgettext_in("en", "ProceedingStatus", "Decided"),
    ("ProceedingStatus", "appealed"): pgettext_in("en", "ProceedingStatus", "Appealed"),
    ("ProceedingStatus", "closed"): pgettext_in("en", "ProceedingStatus", "Closed"),
    ("ConsentPurpose", "keep_record"): pgettext_in("en", "ConsentPurpose", "Keep the record"),
    ("ConsentPurpose", "share_ombudsman"):
        pgettext_in("en", "ConsentPurpose", "Share with the Ombudsman"),
    ("ConsentPurpose", "share_court_prosecutor"):
        pgettext_in("en", "ConsentPurpose", "Share with a court or prosecutor"),
    ("ConsentPurpose", "publish_anonymised"):
        pgettext_in("en", "ConsentPurpose", "Publish without names"),
    ("AuthorityKind", "legal_representative"):
        pgettext_in("en", "AuthorityKind", "Legal representative"),
    ("AuthorityKind", "power_of_attorney"): pgettext_in("en", "AuthorityKind", "Power of attorney"),
    ("AuthorityKind", "association_consent"):
        pgettext_in("en", "AuthorityKind", "Association, with written consent"),
    ("ConsentMethod", "written"): pgettext_in("en", "ConsentMethod", "Written"),
    ("ConsentMethod", "oral"): pgettext_in("en", "ConsentMethod", "Oral"),
    ("ConsentMethod", "electronic"): pgettext_in("en", "ConsentMethod", "Electronic"),
    ("PeriodUnit", "calendar"): pgettext_in("en", "PeriodUnit", "Calendar days"),
    ("PeriodUnit", "working"): pgettext_in("en", "PeriodUnit", "Working days"),
}


def label(member: StrEnum, lang: str | None = None) -> str:
    """The member's name for people in ``lang`` (default: the current language)."""
    context = type(member).__name__
    english = _ENGLISH.get((context, member.value))
    if english is None:
        return member.value.replace("_", " ").capitalize()
    return pgettext_in(lang or language(), context, english)


def labels(enum_cls: type[E], lang: str | None = None) -> list[tuple[E, str]]:
    """Every member of an enumeration with its name, in declaration order."""
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
