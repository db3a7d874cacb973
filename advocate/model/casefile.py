"""A whole case file in memory: the case and every record that belongs to it.

This is what the store hands to reports, exports and the case workspace: plain records, already
sorted by date, with the persons of the case looked up once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advocate.model.enums import RoleKind
from advocate.model.records import (
    Action,
    Case,
    ComplaintDraft,
    Consent,
    Evidence,
    Hearing,
    Incident,
    Note,
    Person,
    Proceeding,
    Relation,
    Role,
    Threat,
)


@dataclass(slots=True)
class CaseFile:
    """A case with its records; lists are in date order (undated last)."""

    case: Case
    persons: dict[str, Person] = field(default_factory=dict)  # every person the case mentions
    roles: list[Role] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    threats: list[Threat] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    proceedings: list[Proceeding] = field(default_factory=list)
    hearings: list[Hearing] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    complaints: list[ComplaintDraft] = field(default_factory=list)

    def people_with_role(self, role: RoleKind) -> list[Person]:
        """The persons who play a role in this case, in the order the roles were added."""
        return [self.persons[r.person_id] for r in self.roles
                if r.role is role and r.person_id in self.persons]

    def roles_of(self, person_id: str) -> list[Role]:
        """Every role a person plays in this case."""
        return [r for r in self.roles if r.person_id == person_id]

    def consents_of(self, person_id: str) -> list[Consent]:
        """Every consent recorded about a person in this case."""
        return [c for c in self.consents if c.person_id == person_id]

    def person_name(self, person_id: str) -> str:
        """The person's full name (or pseudonym), or '' when unknown."""
        person = self.persons.get(person_id)
        return (person.full_name or person.pseudonym) if person else ""
