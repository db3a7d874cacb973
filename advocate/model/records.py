"""The records of a case file, as plain dataclasses.

Every record has a UUID (so records can later be merged between vaults) and created/updated
timestamps in UTC; the store fills those. ``validate()`` checks what a record can check on its own
and raises :class:`~advocate.errors.ValidationError` naming the field; rules that need other records
(a threat's target must exist) are the store's.

Which record belongs to what (this decides what deleting does, see ``advocate.store``):

- a Case owns its Roles, Incidents, Threats, Actions, Proceedings (and their Hearings), Consents,
  Notes and Evidence;
- a Person exists once and may appear in several cases through Roles; Relations link two persons.

The records live in ``base`` (the Record base), ``people``, ``casework`` and ``documents``; this
module gathers them and knows every kind by name.
"""

from __future__ import annotations

from advocate.model.base import MAX_TEXT, Record, new_id, utc_now
from advocate.model.casework import Action, Hearing, Incident, Proceeding, Threat
from advocate.model.documents import ComplaintDraft, Consent, Evidence, Note
from advocate.model.people import Case, Person, Relation, Role

RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (
        Case, Person, Role, Relation, Incident, Threat, Action, Proceeding, Hearing, Consent,
        Note, Evidence, ComplaintDraft,
    )
}

__all__ = [
    "MAX_TEXT", "RECORD_TYPES", "Action", "Case", "ComplaintDraft", "Consent", "Evidence",
    "Hearing", "Incident", "Note", "Person", "Proceeding", "Record", "Relation", "Role", "Threat",
    "new_id", "utc_now",
]
