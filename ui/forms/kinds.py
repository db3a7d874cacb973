"""Record kinds named for people: one heading per kind, counts with real plurals."""

from __future__ import annotations

from advocate.i18n import _, ngettext


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


def count_of(kind: str, n: int) -> str:
    """"3 threats", "1 hearing" — with the plural forms of the UI language."""
    forms = {
        "case": ngettext("{n} case", "{n} cases", n),
        "person": ngettext("{n} person", "{n} persons", n),
        "role": ngettext("{n} role in the case", "{n} roles in the case", n),
        "relation": ngettext("{n} relation", "{n} relations", n),
        "incident": ngettext("{n} incident", "{n} incidents", n),
        "threat": ngettext("{n} threat", "{n} threats", n),
        "action": ngettext("{n} action", "{n} actions", n),
        "proceeding": ngettext("{n} proceeding", "{n} proceedings", n),
        "hearing": ngettext("{n} hearing", "{n} hearings", n),
        "consent": ngettext("{n} consent", "{n} consents", n),
        "note": ngettext("{n} note", "{n} notes", n),
        "evidence": ngettext("{n} evidence file", "{n} evidence files", n),
        "complaint": ngettext("{n} complaint draft", "{n} complaint drafts", n),
    }
    return forms.get(kind, "{n} " + kind).format(n=n)
