"""Record kinds named for people: one heading per kind, counts with real plurals."""

from __future__ import annotations

from advocate.i18n import _
from advocate.labels import count_of

__all__ = ["count_of", "kind_name"]


def kind_name(kind: str) -> str:
    """A record kind's name, capitalised ("Threat")."""
    names = {
        "case": _("Case"), "person": _("Person"), "role": _("Role in the case"),
        "relation": _("Relation"), "incident": _("Incident"), "threat": _("Threat"),
        "action": _("Action"), "proceeding": _("Proceeding"), "hearing": _("Hearing"),
        "consent": _("Consent"), "note": _("Note"), "evidence": _("Evidence file"),
        "complaint": _("Complaint draft"),
    }
    return names.get(kind, kind)
