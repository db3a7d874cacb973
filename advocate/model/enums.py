"""The closed vocabularies of the records.

Values are stable identifiers stored in the vault and the interchange format; labels in the
user's language come from the UI's translations and the report texts, never from here.
"""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    """Where a case stands."""

    OPEN = "open"
    DORMANT = "dormant"
    CLOSED = "closed"


class Gender(StrEnum):
    """A person's gender as the documents need it."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class RoleKind(StrEnum):
    """The part a person plays in a case."""

    VICTIM = "victim"
    FAMILY = "family"  # family member of the victim; the relation says which
    PERPETRATOR = "perpetrator"  # older records: convicted or suspected, not said which
    SUSPECT = "suspect"  # suspected of the offence (CPC Art. 64)
    ACCUSED = "accused"  # charged (CPC Art. 65): the accused, or the defendant at trial
    CONVICTED = "convicted"  # found guilty by a court
    UNDERAGE_NOT_PROSECUTED = "underage_not_prosecuted"  # not prosecuted: under age
    WITNESS = "witness"
    OFFICIAL = "official"  # institution and position say which
    LAWYER = "lawyer"
    JOURNALIST = "journalist"
    APPLICANT = "applicant"  # the person in whose name complaints are filed
    OTHER = "other"


class ThreatSource(StrEnum):
    """Who a threat came from."""

    KNOWN_PERSON = "known_person"
    UNKNOWN = "unknown"
    CLAIMS_AUTHORITY = "claims_authority"  # someone who says they act for an authority


class Channel(StrEnum):
    """How a threat reached its target."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    SMS = "sms"
    MESSENGER = "messenger"
    SOCIAL_MEDIA = "social_media"
    LETTER = "letter"
    THROUGH_RELATIVES = "through_relatives"
    OTHER = "other"


class Severity(StrEnum):
    """How grave a threat is, in the advocate's judgement."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ActionKind(StrEnum):
    """What the lawyer or advocate did."""

    COMPLAINT = "complaint"
    PETITION = "petition"
    REQUEST = "request"
    APPEAL = "appeal"
    COURT_FILING = "court_filing"
    HEARING_ATTENDED = "hearing_attended"
    MEETING = "meeting"
    MEDIA_STATEMENT = "media_statement"
    OTHER = "other"


class ActionStatus(StrEnum):
    """Where an action stands with its addressee."""

    DRAFT = "draft"
    FILED = "filed"
    AWAITING = "awaiting"
    ANSWERED = "answered"
    REFUSED = "refused"
    SATISFIED = "satisfied"
    APPEALED = "appealed"


class ProceedingKind(StrEnum):
    """The kind of a proceeding before a court or an investigator."""

    CRIMINAL = "criminal"
    CIVIL = "civil"
    LIBEL = "libel"  # defamation suits, including those brought against the advocates (SLAPPs)
    ADMINISTRATIVE = "administrative"


class ProceedingStatus(StrEnum):
    """Where a proceeding stands."""

    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DECIDED = "decided"
    APPEALED = "appealed"
    CLOSED = "closed"


class ConsentPurpose(StrEnum):
    """What a person agreed to."""

    KEEP_RECORD = "keep_record"
    SHARE_OMBUDSMAN = "share_ombudsman"
    SHARE_COURT_PROSECUTOR = "share_court_prosecutor"
    PUBLISH_ANONYMISED = "publish_anonymised"
    SHARE_INTERNATIONAL = "share_international"  # a UN treaty body, an international body


class AuthorityKind(StrEnum):
    """On what authority a representative acts for the applicant of a complaint."""

    LEGAL_REPRESENTATIVE = "legal_representative"  # a parent or guardian of a minor
    POWER_OF_ATTORNEY = "power_of_attorney"
    ASSOCIATION_CONSENT = "association_consent"  # an association, with written consent
    ADVOCATE_ORDER = "advocate_order"  # an advocate's order («ордер») of the bar


#: Roles of someone suspected of, charged with or found guilty of the offence, or who would be
#: but for their age: named in a complaint without their consent, but a minor among them never
#: in full in a document that leaves the office.
OFFENDER_ROLES = frozenset({RoleKind.PERPETRATOR, RoleKind.SUSPECT, RoleKind.ACCUSED,
                            RoleKind.CONVICTED, RoleKind.UNDERAGE_NOT_PROSECUTED})


class ConsentMethod(StrEnum):
    """How consent was given."""

    WRITTEN = "written"
    ORAL = "oral"
    ELECTRONIC = "electronic"
