"""The records of a case file, as plain dataclasses.

Every record has a UUID (so records can later be merged between vaults) and created/updated
timestamps in UTC; the store fills those. ``validate()`` checks what a record can check on its own
and raises :class:`~advocate.errors.ValidationError` naming the field; rules that need other records
(a threat's target must exist) are the store's.

Which record belongs to what (this decides what deleting does, see ``advocate.store``):

- a Case owns its Roles, Incidents, Threats, Actions, Proceedings (and their Hearings), Consents,
  Notes and Evidence;
- a Person exists once and may appear in several cases through Roles; Relations link two persons.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from typing import ClassVar

from advocate.errors import ValidationError
from advocate.model.dates import PartialDate
from advocate.model.deadlines import PeriodUnit
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

MAX_TEXT = 1_000_000  # characters in one field: a 50,000-character note is ordinary, a novel is not


def new_id() -> str:
    """A fresh random record id."""
    return str(uuid.uuid4())


def utc_now() -> str:
    """The current time in UTC, ISO 8601 with seconds and a Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(kw_only=True, slots=True)
class Record:
    """Fields every record has."""

    KIND: ClassVar[str] = "record"
    #: Names of the fields that hold ids of other records, and the kinds they may point to.
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {}

    id: str = field(default_factory=new_id)
    created: str = ""
    updated: str = ""

    def validate(self) -> None:
        """Check the rules a record can check alone; raise ValidationError naming the field."""
        try:
            uuid.UUID(self.id)
        except ValueError:
            self._fail("id", f"'{self.id[:40]}' is not a record id (a UUID).")
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and len(value) > MAX_TEXT:
                self._fail(f.name, f"is longer than {MAX_TEXT:,} characters.")

    def _fail(self, name: str, problem: str) -> None:
        raise ValidationError(f"{self.KIND} {name}: {problem}", field=name, record_kind=self.KIND)

    def _require(self, name: str) -> None:
        value = getattr(self, name)
        if value is None or (isinstance(value, str | list) and not value):
            self._fail(name, "is required.")

    def case_of(self) -> str | None:
        """The id of the case the record belongs to, if it belongs to one."""
        return getattr(self, "case_id", None)

    def sort_key(self) -> str:
        """The key that orders records of one kind in a case (by date where they have one)."""
        return ""

    def deadline(self) -> str | None:
        """The day (ISO) this record asks for attention — an answer due, a hearing — or None."""
        return None


@dataclass(kw_only=True, slots=True)
class Case(Record):
    """One case file: the matter the lawyer works on."""

    KIND: ClassVar[str] = "case"

    reference: str = ""
    title: str = ""
    status: CaseStatus = CaseStatus.OPEN
    region: str = ""
    place: str = ""
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    opened: PartialDate | None = None
    closed: PartialDate | None = None

    def validate(self) -> None:
        Record.validate(self)
        self._require("title")
        if self.opened and self.closed and self.closed.latest() < self.opened.earliest():
            self._fail("closed", "the case cannot close before it opened.")

    def case_of(self) -> str | None:
        return self.id

    def sort_key(self) -> str:
        return self.reference or self.title


@dataclass(kw_only=True, slots=True)
class Person(Record):
    """A person who appears in one or more cases."""

    KIND: ClassVar[str] = "person"

    full_name: str = ""
    pseudonym: str = ""  # what reports print when the person must not be named
    birth_date: PartialDate | None = None
    gender: Gender = Gender.UNKNOWN
    id_number: str = ""  # the individual identification number (ИИН/ЖСН) when known
    address: str = ""
    phones: list[str] = field(default_factory=list)
    contacts: str = ""  # e-mail, messenger handles, other ways to reach them
    notes: str = ""

    def validate(self) -> None:
        Record.validate(self)
        if not self.full_name and not self.pseudonym:
            self._fail("full_name", "a person needs a name or a pseudonym.")

    def sort_key(self) -> str:
        return (self.full_name or self.pseudonym).casefold()

    def age_on(self, day: date) -> int | None:
        """Age in whole years on a day, when the birth date allows knowing it for sure."""
        if self.birth_date is None:
            return None
        born_early, born_late = self.birth_date.earliest(), self.birth_date.latest()
        oldest = _years_between(born_early, day)
        youngest = _years_between(born_late, day)
        return oldest if oldest == youngest else None

    def was_minor_on(self, day: date, age_of_majority: int = 18) -> bool | None:
        """Whether the person was under 18 on a day; None when the birth date does not tell."""
        if self.birth_date is None:
            return None
        if _years_between(self.birth_date.earliest(), day) < age_of_majority:
            return True
        if _years_between(self.birth_date.latest(), day) >= age_of_majority:
            return False
        return None


def _years_between(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(kw_only=True, slots=True)
class Role(Record):
    """A person's part in a case."""

    KIND: ClassVar[str] = "role"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",), "person_id": ("person",)
    }

    case_id: str = ""
    person_id: str = ""
    role: RoleKind = RoleKind.OTHER
    relation_to_victim: str = ""  # for family members: mother, grandmother, …
    institution: str = ""  # for officials
    position: str = ""
    notes: str = ""

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("person_id")
        if self.role is RoleKind.FAMILY and not self.relation_to_victim:
            self._fail("relation_to_victim", "the relation to the victim is required.")
        if self.role is RoleKind.OFFICIAL and not self.institution:
            self._fail("institution", "an official's institution is required.")


@dataclass(kw_only=True, slots=True)
class Relation(Record):
    """A link between two persons (mother of, neighbour of, acts for)."""

    KIND: ClassVar[str] = "relation"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "person_id": ("person",), "other_person_id": ("person",)
    }

    person_id: str = ""
    other_person_id: str = ""
    kind: str = ""  # "mother of", "legal representative of", …
    notes: str = ""

    def validate(self) -> None:
        Record.validate(self)
        self._require("person_id")
        self._require("other_person_id")
        self._require("kind")
        if self.person_id == self.other_person_id:
            self._fail("other_person_id", "a person cannot be related to themselves.")


@dataclass(kw_only=True, slots=True)
class Incident(Record):
    """Something that happened to the victim: the original abuse, later assaults."""

    KIND: ClassVar[str] = "incident"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",), "person_ids": ("person",), "evidence_ids": ("evidence",)
    }

    case_id: str = ""
    title: str = ""
    date: PartialDate | None = None
    place: str = ""
    description: str = ""
    person_ids: list[str] = field(default_factory=list)
    evidence_ids: list[str] = field(default_factory=list)

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("title")

    def sort_key(self) -> str:
        return self.date.sort_key() if self.date else "9999"


@dataclass(kw_only=True, slots=True)
class Threat(Record):
    """A threat received by the victim, the family, the lawyer or a journalist."""

    KIND: ClassVar[str] = "threat"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",),
        "target_ids": ("person",),
        "source_person_id": ("person",),
        "evidence_ids": ("evidence",),
    }

    case_id: str = ""
    received: PartialDate | None = None
    target_ids: list[str] = field(default_factory=list)
    source: ThreatSource = ThreatSource.UNKNOWN
    source_person_id: str = ""  # when the source is a known person
    source_description: str = ""  # "a man who said he was from the akimat"
    channel: Channel = Channel.OTHER
    words: str = ""  # the exact words, as remembered or recorded
    severity: Severity = Severity.MEDIUM
    reported: bool = False
    reported_to: str = ""
    report_number: str = ""  # the police registration number (КУИ/ЕРДР)
    report_date: PartialDate | None = None
    response: str = ""
    evidence_ids: list[str] = field(default_factory=list)

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        if self.received is None:
            self._fail("received", "a threat needs a date, even an approximate year.")
        if not self.target_ids:
            self._fail("target_ids", "a threat needs at least one person it targeted.")
        if self.source is ThreatSource.KNOWN_PERSON and not self.source_person_id:
            self._fail("source_person_id", "name the known person the threat came from.")
        if self.report_date and self.received and (
            self.report_date.latest() < self.received.earliest()
        ):
            self._fail("report_date", "a threat cannot be reported before it was received.")

    def sort_key(self) -> str:
        return self.received.sort_key() if self.received else "9999"


@dataclass(kw_only=True, slots=True)
class Action(Record):
    """Something the lawyer or advocate did, and how the addressee answered."""

    KIND: ClassVar[str] = "action"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",),
        "proceeding_id": ("proceeding",),
        "evidence_ids": ("evidence",),
    }

    case_id: str = ""
    kind: ActionKind = ActionKind.COMPLAINT
    title: str = ""
    addressee: str = ""  # the authority written to
    description: str = ""
    filed: PartialDate | None = None
    reference_number: str = ""  # the incoming number the authority gave
    response_days: int | None = None  # the term for an answer
    response_unit: PeriodUnit = PeriodUnit.CALENDAR
    due: date | None = None  # computed from filed + term, or set by hand
    status: ActionStatus = ActionStatus.DRAFT
    response: str = ""
    response_date: PartialDate | None = None
    proceeding_id: str = ""
    evidence_ids: list[str] = field(default_factory=list)

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("title")
        if self.response_days is not None and not 1 <= self.response_days <= 3650:
            self._fail("response_days", "the term must be between 1 and 3650 days.")
        if self.status is not ActionStatus.DRAFT and self.filed is None:
            self._fail("filed", f"an action that is {self.status.value} needs a filing date.")
        if self.due and self.filed and self.due < self.filed.earliest():
            self._fail("due", "the answer cannot be due before the action was filed.")
        if self.response_date and self.filed and (
            self.response_date.latest() < self.filed.earliest()
        ):
            self._fail("response_date", "the answer cannot come before the action was filed.")

    def sort_key(self) -> str:
        return self.filed.sort_key() if self.filed else "9999"

    def deadline(self) -> str | None:
        waiting = self.status in (ActionStatus.FILED, ActionStatus.AWAITING)
        return self.due.isoformat() if self.due and waiting else None


@dataclass(kw_only=True, slots=True)
class Proceeding(Record):
    """A criminal case, a civil or libel suit, or an administrative case."""

    KIND: ClassVar[str] = "proceeding"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {"case_id": ("case",)}

    case_id: str = ""
    kind: ProceedingKind = ProceedingKind.CRIMINAL
    title: str = ""
    court: str = ""  # or the investigating body
    judge: str = ""
    case_number: str = ""
    parties: str = ""
    against_advocates: bool = False  # a suit brought against the lawyer or journalist
    opened: PartialDate | None = None
    status: ProceedingStatus = ProceedingStatus.PENDING
    decisions: str = ""

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("title")

    def sort_key(self) -> str:
        return self.opened.sort_key() if self.opened else "9999"


@dataclass(kw_only=True, slots=True)
class Hearing(Record):
    """A hearing in a proceeding."""

    KIND: ClassVar[str] = "hearing"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",), "proceeding_id": ("proceeding",)
    }

    case_id: str = ""
    proceeding_id: str = ""
    date: PartialDate | None = None
    time: str = ""  # "10:30", local time of the court
    place: str = ""
    outcome: str = ""
    notes: str = ""

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("proceeding_id")
        self._require("date")
        if self.time:
            hh, sep, mm = self.time.partition(":")
            if not (sep and hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60):
                self._fail("time", f"'{self.time[:20]}' is not a time; write 10:30.")

    def sort_key(self) -> str:
        return (self.date.sort_key() if self.date else "9999") + (self.time or "")

    def deadline(self) -> str | None:
        return self.date.sort_key() if self.date and not self.outcome else None


@dataclass(kw_only=True, slots=True)
class Consent(Record):
    """A person's consent for one purpose (and, for a minor, the child's own assent)."""

    KIND: ClassVar[str] = "consent"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",),
        "person_id": ("person",),
        "given_by_id": ("person",),
        "evidence_ids": ("evidence",),
    }

    case_id: str = ""
    person_id: str = ""  # whom the consent is about
    purpose: ConsentPurpose = ConsentPurpose.KEEP_RECORD
    given_by_id: str = ""  # who gave it: the person, or a minor's legal representative
    child_assent: bool | None = None  # for a minor: whether the child agreed too
    given_on: PartialDate | None = None
    method: ConsentMethod = ConsentMethod.WRITTEN
    recipient: str = ""  # the body it covers; empty = any body of that purpose
    valid_until: date | None = None
    withdrawn_on: date | None = None
    notes: str = ""
    evidence_ids: list[str] = field(default_factory=list)  # the signed form, a recording

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("person_id")
        self._require("given_by_id")
        self._require("given_on")
        if self.valid_until and self.given_on and self.valid_until < self.given_on.earliest():
            self._fail("valid_until", "consent cannot expire before it was given.")
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on.earliest():
            self._fail("withdrawn_on", "consent cannot be withdrawn before it was given.")

    def is_valid_on(self, day: date, recipient: str = "") -> bool:
        """Whether this consent covers sharing on a day with a recipient."""
        if self.given_on is None or self.given_on.latest() > day:
            return False
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        if self.valid_until is not None and self.valid_until < day:
            return False
        if self.recipient and recipient and self.recipient.casefold() != recipient.casefold():
            return False
        return True


@dataclass(kw_only=True, slots=True)
class Note(Record):
    """A free note in a case."""

    KIND: ClassVar[str] = "note"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {"case_id": ("case",)}

    case_id: str = ""
    title: str = ""
    date: PartialDate | None = None
    text: str = ""

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        if not self.title and not self.text:
            self._fail("text", "a note needs a title or some text.")

    def sort_key(self) -> str:
        return self.date.sort_key() if self.date else self.created


@dataclass(kw_only=True, slots=True)
class ComplaintDraft(Record):
    """What the lawyer writes for a complaint that the other records do not hold.

    The facts, threats, remedies and attachments come from the case's records when the report
    is rendered; this keeps the addressee, who complains on whose authority, what is complained
    of, the legal grounds and what is requested — in the vault, encrypted and audited.
    """

    KIND: ClassVar[str] = "complaint"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",),
        "applicant_id": ("person",),
        "representative_id": ("person",),
        "signatory_id": ("person",),
    }

    case_id: str = ""
    title: str = ""  # for the lawyer's own list: "To the Ombudsman, March 2025"
    addressee_preset: str = "ombudsman"  # a key of resources/reports/addressees.json
    addressee_text: str = ""  # replaces the preset's addressee block when not empty
    applicant_id: str = ""
    representative_id: str = ""
    authority_kind: AuthorityKind | None = None
    authority: str = ""  # "power of attorney No. 12 of 1 March 2024"
    complained_of: str = ""  # which decisions, actions or inaction of which officials
    legal_grounds: str = ""
    request: str = ""
    confidential: bool = False
    place: str = ""
    signatory_id: str = ""

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("addressee_preset")
        if self.representative_id and self.representative_id == self.applicant_id:
            self._fail("representative_id", "the representative is the applicant themselves.")
        if self.representative_id and self.authority_kind is None:
            self._fail("authority_kind", "say on what authority the representative acts.")

    def sort_key(self) -> str:
        return self.updated


@dataclass(kw_only=True, slots=True)
class Evidence(Record):
    """An evidence file's description; its bytes live in the vault's evidence chunks."""

    KIND: ClassVar[str] = "evidence"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",), "provided_by_id": ("person",)
    }

    case_id: str = ""
    original_name: str = ""  # as given at intake; never trusted as a path
    media_type: str = "application/octet-stream"
    size: int = 0
    sha256: str = ""
    intake_at: str = ""  # UTC time the bytes were taken in
    source: str = ""  # where it came from: "WhatsApp screenshot sent by the mother"
    provided_by_id: str = ""
    description: str = ""

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("original_name")
        if len(self.sha256) != 64 or any(c not in "0123456789abcdef" for c in self.sha256):
            self._fail("sha256", "is not a lowercase hex SHA-256.")
        if self.size < 0:
            self._fail("size", "cannot be negative.")

    def sort_key(self) -> str:
        return self.intake_at


RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (
        Case, Person, Role, Relation, Incident, Threat, Action, Proceeding, Hearing, Consent,
        Note, Evidence, ComplaintDraft,
    )
}
