"""What a form says next to a field when a record breaks a rule, in the user's language.

The records' ``validate()`` raise :class:`~advocate.errors.ValidationError` naming the field with
an English message (for logs and the command line). Forms need the same rule in the user's words;
this table gives them per (record kind, field), so the words live in the core beside the rules and
in the catalogue, never in the UI. Errors that already carry a template (typed errors such as the
date input's) speak for themselves.
"""

from __future__ import annotations

from advocate.errors import ValidationError
from advocate.i18n import N_, gettext_in, language

REQUIRED = N_("This is required.")

#: Words for a required field left empty, where a plain "required" would not say enough.
_REQUIRED: dict[tuple[str, str], str] = {
    ("role", "person_id"): N_("Choose the person."),
    ("role", "relation_to_victim"): N_("Say how this person is related to the victim."),
    ("role", "institution"): N_("An official's institution is required."),
    ("relation", "person_id"): N_("Choose the person."),
    ("relation", "other_person_id"): N_("Choose the other person."),
    ("relation", "kind"): N_("Say how they are related (for example, mother of)."),
    ("hearing", "proceeding_id"): N_("Choose the proceeding."),
    ("hearing", "date"): N_("A hearing needs a date."),
    ("consent", "person_id"): N_("Choose whom the consent is about."),
    ("consent", "given_by_id"): N_("Choose who gave the consent."),
    ("consent", "given_on"): N_("When was the consent given? A month or a year will do."),
}

#: Words for every other rule of a record, by (record kind, field).
_RULES: dict[tuple[str, str], str] = {
    ("person", "full_name"): N_("A person needs a name or a pseudonym."),
    ("case", "closed"): N_("The case cannot close before it opened."),
    ("relation", "other_person_id"): N_("A person cannot be related to themselves."),
    ("threat", "received"): N_("A threat needs a date, even an approximate year."),
    ("threat", "target_ids"): N_("Choose at least one person the threat targeted."),
    ("threat", "source_person_id"): N_("Choose the known person the threat came from."),
    ("threat", "report_date"): N_("A threat cannot be reported before it was received."),
    ("action", "response_days"): N_("The term must be between 1 and 3650 days."),
    ("action", "filed"): N_("An action that is no longer a draft needs a filing date."),
    ("action", "due"): N_("The answer cannot be due before the action was filed."),
    ("action", "response_date"): N_("The answer cannot come before the action was filed."),
    ("hearing", "time"): N_("Write the time as 10:30."),
    ("consent", "valid_until"): N_("Consent cannot expire before it was given."),
    ("consent", "withdrawn_on"): N_("Consent cannot be withdrawn before it was given."),
    ("note", "text"): N_("A note needs a title or some text."),
    ("complaint", "representative_id"): N_("The representative is the applicant themselves."),
    ("complaint", "authority_kind"): N_("Say on what authority the representative acts."),
}


def field_problem(exc: ValidationError, lang: str | None = None) -> str:
    """The words a form shows next to ``exc.field`` in ``lang`` (default: the current one)."""
    lang = lang or language()
    key = (exc.record_kind, exc.field)
    if exc.code == "record.required":
        return gettext_in(lang, _REQUIRED.get(key, REQUIRED))
    if key in _RULES:
        return gettext_in(lang, _RULES[key])
    return exc.text(lang)  # the rule's own template (dates typed, typed errors)
