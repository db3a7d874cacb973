"""Consent, notes, complaint drafts and evidence files of a case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from advocate.model.base import Record
from advocate.model.dates import PartialDate
from advocate.model.enums import (
    AuthorityKind,
    ConsentMethod,
    ConsentPurpose,
)


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
            self._fail("valid_until", "consent cannot expire before it was given.", "before_given")
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on.earliest():
            self._fail("withdrawn_on", "consent cannot be withdrawn before it was given.",
                       "before_given")

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
            self._fail("text", "a note needs a title or some text.", "required")

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
            self._fail("representative_id", "the representative is the applicant themselves.",
                       "same_as_applicant")
        if self.representative_id and self.authority_kind is None:
            self._fail("authority_kind", "say on what authority the representative acts.",
                       "required")

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
            self._fail("sha256", "is not a lowercase hex SHA-256.", "not_a_sha256")
        if self.size < 0:
            self._fail("size", "cannot be negative.", "negative")

    def sort_key(self) -> str:
        return self.intake_at
