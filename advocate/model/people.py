"""Cases and the people in them: cases, persons, their roles in a case, relations between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from advocate.model.base import Record
from advocate.model.dates import PartialDate
from advocate.model.enums import (
    CaseStatus,
    Gender,
    RoleKind,
)


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
            self._fail("closed", "the case cannot close before it opened.", "before_opened")

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
            self._fail("full_name", "a person needs a name or a pseudonym.", "required")

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
            self._fail("relation_to_victim", "the relation to the victim is required.", "required")
        if self.role is RoleKind.OFFICIAL and not self.institution:
            self._fail("institution", "an official's institution is required.", "required")


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
            self._fail("other_person_id", "a person cannot be related to themselves.",
                       "same_person")
