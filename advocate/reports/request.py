"""What a caller asks for: the kind of report, its language and addressee, and the complaint's
own fields that the records do not hold.

These are plain values: the CLI builds them from its arguments, the app from its report dialog.
``AuthorityKind`` is the model's (a complaint draft in the vault stores it); it is re-exported
here for callers of the reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from enum import StrEnum

from advocate.model.enums import AuthorityKind, ConsentPurpose
from advocate.reports.errors import ReportRequestError

__all__ = [
    "LANGUAGES", "AuthorityKind", "ComplaintOptions", "Gap", "Profile", "ReportKind",
    "ReportRequest", "ReportStamp", "canonical_json",
]

LANGUAGES = ("ru", "kk", "en")


class ReportKind(StrEnum):
    """The four documents Advocate prints."""

    COMPLAINT = "complaint"
    THREATS = "threats"
    CHRONOLOGY = "chronology"
    EVIDENCE = "evidence"


class Profile(StrEnum):
    """The kind of addressee a report goes to; it sets the default redaction and which consent
    a person must have given to be named."""

    OMBUDSMAN = "ombudsman"
    COURT = "court"  # a court or a prosecutor
    PRESS = "press"
    INTERNATIONAL = "international"  # a UN treaty body or another international body
    INTERNAL = "internal"  # the lawyer's own file: everything, no consent filtering

    @property
    def redacts_by_default(self) -> bool:
        """Whether victims, minors and contact details are hidden unless the caller says."""
        return self is Profile.PRESS

    @property
    def consent_purpose(self) -> ConsentPurpose | None:
        """The consent a person needs to be named in a report for this addressee (None: none)."""
        return _PURPOSES[self]


_PURPOSES: dict[Profile, ConsentPurpose | None] = {
    Profile.OMBUDSMAN: ConsentPurpose.SHARE_OMBUDSMAN,
    Profile.COURT: ConsentPurpose.SHARE_COURT_PROSECUTOR,
    Profile.PRESS: ConsentPurpose.PUBLISH_ANONYMISED,
    Profile.INTERNATIONAL: ConsentPurpose.SHARE_INTERNATIONAL,
    Profile.INTERNAL: None,
}


@dataclass(slots=True)
class ComplaintOptions:
    """What the lawyer fills in for a complaint that the records do not hold.

    Person ids left empty are chosen from the case: the applicant is the person with the role
    APPLICANT, else the legal representative of the first victim (a relation whose kind names
    legal representation), else the first victim; the representative is the first LAWYER; the
    signatory is the representative, else the applicant.

    ``official_ids`` are the officials whose decisions, actions or inaction are complained of
    (the lawyer chooses them; no one is listed by default). ``event_ids`` are the records whose
    events make the statement of facts (incidents, threats, actions, proceedings, hearings);
    empty: those linked to the officials complained of, or every event when none is linked.
    """

    addressee_preset: str = "ombudsman"  # a key of resources/reports/addressees.json
    addressee_text: str = ""  # replaces the preset's addressee block when not empty
    applicant_id: str = ""
    representative_id: str = ""
    authority_kind: AuthorityKind | None = None
    authority: str = ""  # the document it rests on: "power of attorney No. 12 of 1 March 2024"
    complained_of: str = ""  # which decisions, actions or inaction of which officials
    legal_grounds: str = ""
    request: str = ""
    confidential: bool = False
    place: str = ""  # where it is signed; default: the case's place
    signatory_id: str = ""
    official_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ReportRequest:
    """One report to render."""

    kind: ReportKind
    lang: str = "ru"
    profile: Profile = Profile.OMBUDSMAN
    redact: bool | None = None  # None: the profile's default
    complaint: ComplaintOptions | None = None  # None for a complaint: the profile's preset
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    audit_head: str = ""  # hex of the vault's audit chain head, from the caller
    timezone: tzinfo | None = None  # for the dates printed; None: the computer's own zone
    # Whom a register is for ("Прокуратура Алматинской области"): a consent for a named body
    # covers the register only when this names it. A complaint's addressee block does this.
    recipient: str = ""

    @property
    def redacts(self) -> bool:
        """Whether this report hides victims, minors and contact details."""
        return self.profile.redacts_by_default if self.redact is None else self.redact

    def generated_utc(self) -> datetime:
        """The generation time in UTC; a time without a zone is refused (it would be ambiguous)."""
        if self.generated_at.tzinfo is None or self.generated_at.utcoffset() is None:
            raise ReportRequestError(
                "generated_at", "the report time has no time zone; pass an aware datetime (UTC)"
            )
        return self.generated_at.astimezone(UTC).replace(microsecond=0)

    def generated_local(self) -> datetime:
        """The generation time in the zone the dates on the report are written in."""
        utc = self.generated_utc()
        return utc.astimezone(self.timezone) if self.timezone else utc.astimezone()

    def audit_head_hex(self) -> str:
        """The audit head as lowercase hex ('' when none was passed); anything else is refused,
        since the report prints it and the stamp commits to it."""
        head = self.audit_head.strip().lower()
        if len(head) > 128 or any(c not in "0123456789abcdef" for c in head):
            raise ReportRequestError(
                "audit_head", "the audit head must be the hex SHA-256 of the audit chain head"
            )
        return head

    def complaint_options(self) -> ComplaintOptions:
        """The complaint options, or the defaults for this profile's usual addressee."""
        if self.complaint is not None:
            return self.complaint
        preset = {Profile.COURT: "court",
                  Profile.INTERNATIONAL: "international"}.get(self.profile, "ombudsman")
        return ComplaintOptions(addressee_preset=preset)


@dataclass(frozen=True, slots=True)
class Gap:
    """Something a report still lacks, in the report's language (``code`` is stable)."""

    code: str
    message: str
    record_id: str = ""  # the person or record concerned, when there is one
    # A notice says what the document will do (a person appears by role only) rather than
    # what it lacks: ``strict`` rendering refuses only gaps that are not notices.
    notice: bool = False


@dataclass(frozen=True, slots=True)
class ReportStamp:
    """A report's verification code, what it commits to, and the text of its QR code."""

    code: str  # 'K7QM-2XHD-9F': ten Crockford base-32 characters of the payload's hash
    payload: dict[str, str]
    qr_text: str

    def payload_json(self) -> str:
        """The payload as canonical JSON: what the vault stores to re-check the code later."""
        return canonical_json(self.payload)


def canonical_json(value: object) -> str:
    """JSON with sorted keys, no spaces and raw UTF-8: one text for one value, always."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
