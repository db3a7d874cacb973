"""Which fields each record kind's form shows, in what order, with which editor.

One editor per record kind (issue 10), described here as data so every form behaves the same way:
validation as the user types, the message next to the field, Save disabled while invalid. The
labels are marked for the catalogue and translated when the form is built or retranslated.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from advocate.i18n import N_
from advocate.model import enums
from advocate.model.deadlines import PeriodUnit


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a form: the record's attribute, its label, its editor."""

    name: str
    label: str  # N_-marked English
    editor: str  # line, text, date, day, enum, optional_enum, bool, tristate, int, person,
    #              optional_person, persons, evidence, proceeding, list, preset
    enum: type[StrEnum] | None = None


def _f(name: str, label: str, editor: str = "line", enum: type[StrEnum] | None = None) -> FieldSpec:
    return FieldSpec(name, label, editor, enum)


#: Fields shown only when another field has one of some values (kind -> field -> (field, values)).
#: Presentation only: what is valid is still the record's own rule.
SHOWN_WHEN: dict[str, dict[str, tuple[str, frozenset[object]]]] = {
    "role": {
        "relation_to_victim": ("role", frozenset({enums.RoleKind.FAMILY})),
        "institution": ("role", frozenset({enums.RoleKind.OFFICIAL})),
        "position": ("role", frozenset({enums.RoleKind.OFFICIAL})),
    },
    "threat": {
        "source_person_id": ("source", frozenset({enums.ThreatSource.KNOWN_PERSON})),
        "source_description": ("source", frozenset({enums.ThreatSource.UNKNOWN,
                                                    enums.ThreatSource.CLAIMS_AUTHORITY})),
        "reported_to": ("reported", frozenset({True})),
        "report_number": ("reported", frozenset({True})),
        "report_date": ("reported", frozenset({True})),
    },
    "complaint": {
        "authority_kind": ("representative_id", frozenset({"__any__"})),
        "authority": ("representative_id", frozenset({"__any__"})),
    },
}

FORMS: dict[str, tuple[FieldSpec, ...]] = {
    "case": (
        _f("reference", N_("Reference")), _f("title", N_("Title")),
        _f("status", N_("Status"), "enum", enums.CaseStatus), _f("region", N_("Region")),
        _f("place", N_("Place")), _f("opened", N_("Opened"), "date"),
        _f("closed", N_("Closed"), "date"), _f("tags", N_("Tags (comma-separated)"), "list"),
        _f("summary", N_("Summary"), "text"),
    ),
    "person": (
        _f("full_name", N_("Full name")), _f("pseudonym", N_("Pseudonym for reports")),
        _f("birth_date", N_("Date of birth"), "date"),
        _f("gender", N_("Gender"), "enum", enums.Gender), _f("id_number", N_("IIN")),
        _f("address", N_("Address")), _f("phones", N_("Phones (comma-separated)"), "list"),
        _f("contacts", N_("Other contacts"), "text"), _f("notes", N_("Notes"), "text"),
    ),
    "role": (
        _f("person_id", N_("Person"), "person"), _f("role", N_("Role"), "enum", enums.RoleKind),
        _f("relation_to_victim", N_("Relation to the victim")),
        _f("institution", N_("Institution")), _f("position", N_("Position")),
        _f("notes", N_("Notes"), "text"),
    ),
    "relation": (
        _f("person_id", N_("Person"), "person"), _f("kind", N_("Is (e.g. mother of)")),
        _f("other_person_id", N_("Of"), "person"), _f("notes", N_("Notes"), "text"),
    ),
    "incident": (
        _f("title", N_("What happened")), _f("date", N_("When"), "date"),
        _f("place", N_("Place")), _f("person_ids", N_("People involved"), "persons"),
        _f("description", N_("Description"), "text"),
        _f("evidence_ids", N_("Evidence"), "evidence"),
    ),
    "threat": (
        _f("received", N_("Received"), "date"),
        _f("target_ids", N_("Targeted"), "persons"),
        _f("source", N_("From"), "enum", enums.ThreatSource),
        _f("source_person_id", N_("Known person"), "optional_person"),
        _f("source_description", N_("Who it was (as described)")),
        _f("channel", N_("Channel"), "enum", enums.Channel),
        _f("words", N_("Exact words"), "text"),
        _f("severity", N_("Severity"), "enum", enums.Severity),
        _f("reported", N_("Reported to the police"), "bool"),
        _f("reported_to", N_("Reported to")), _f("report_number", N_("Registration number")),
        _f("report_date", N_("Reported on"), "date"), _f("response", N_("Response"), "text"),
        _f("evidence_ids", N_("Evidence"), "evidence"),
    ),
    "action": (
        _f("kind", N_("Kind"), "enum", enums.ActionKind), _f("title", N_("Title")),
        _f("addressee", N_("Addressee")), _f("filed", N_("Filed on"), "date"),
        _f("reference_number", N_("Incoming number")),
        _f("response_days", N_("Term for an answer (days)"), "int"),
        _f("response_unit", N_("Days counted as"), "enum", PeriodUnit),
        _f("status", N_("Status"), "enum", enums.ActionStatus),
        _f("response_date", N_("Answered on"), "date"), _f("response", N_("Answer"), "text"),
        _f("proceeding_id", N_("Proceeding"), "proceeding"),
        _f("description", N_("Description"), "text"),
        _f("evidence_ids", N_("Documents"), "evidence"),
    ),
    "proceeding": (
        _f("kind", N_("Kind"), "enum", enums.ProceedingKind), _f("title", N_("Title")),
        _f("court", N_("Court or investigating body")), _f("judge", N_("Judge")),
        _f("case_number", N_("Case number")), _f("parties", N_("Parties")),
        _f("against_advocates", N_("Brought against the lawyer or journalist"), "bool"),
        _f("opened", N_("Opened"), "date"),
        _f("status", N_("Status"), "enum", enums.ProceedingStatus),
        _f("decisions", N_("Decisions"), "text"),
    ),
    "hearing": (
        _f("proceeding_id", N_("Proceeding"), "proceeding"), _f("date", N_("Date"), "date"),
        _f("time", N_("Time (10:30)")), _f("place", N_("Place")),
        _f("outcome", N_("Outcome"), "text"), _f("notes", N_("Notes"), "text"),
    ),
    "consent": (
        _f("person_id", N_("About"), "person"),
        _f("purpose", N_("Purpose"), "enum", enums.ConsentPurpose),
        _f("given_by_id", N_("Given by"), "person"),
        _f("child_assent", N_("The child's own assent"), "tristate"),
        _f("given_on", N_("Given on"), "date"),
        _f("method", N_("How"), "enum", enums.ConsentMethod),
        _f("recipient", N_("For which body (empty: any)")),
        _f("valid_until", N_("Valid until"), "day"),
        _f("withdrawn_on", N_("Withdrawn on"), "day"), _f("notes", N_("Notes"), "text"),
        _f("evidence_ids", N_("Signed form or recording"), "evidence"),
    ),
    "note": (
        _f("title", N_("Title")), _f("date", N_("Date"), "date"), _f("text", N_("Text"), "text"),
    ),
    "evidence": (
        _f("source", N_("Where it came from")),
        _f("provided_by_id", N_("Provided by"), "optional_person"),
        _f("description", N_("Description"), "text"),
    ),
    "complaint": (
        _f("title", N_("Title (for your list)")),
        _f("addressee_preset", N_("Addressee"), "preset"),
        _f("addressee_text", N_("Addressee (replaces the preset)"), "text"),
        _f("applicant_id", N_("Applicant"), "optional_person"),
        _f("representative_id", N_("Representative"), "optional_person"),
        _f("authority_kind", N_("Representative's authority"), "optional_enum",
           enums.AuthorityKind),
        _f("authority", N_("Authority document")),
        _f("complained_of", N_("What is complained of"), "text"),
        _f("legal_grounds", N_("Legal grounds"), "text"),
        _f("request", N_("What is requested"), "text"),
        _f("confidential", N_("Confidential"), "bool"), _f("place", N_("Place of signing")),
        _f("signatory_id", N_("Signed by"), "optional_person"),
    ),
}
