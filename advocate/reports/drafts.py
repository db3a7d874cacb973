"""Which complaint draft of a case a report takes when none is named.

The latest edited for the addressee, else the latest of all: a draft written for one addressee
still serves another (the facts, grounds and request rarely change between the Ombudsman and a
prosecutor). The command line and the app's report dialog both take it from here.
"""

from __future__ import annotations

from collections.abc import Iterable

from advocate.model import ComplaintDraft


def latest_draft(drafts: Iterable[ComplaintDraft],
                 addressee: str | None = None) -> ComplaintDraft | None:
    """The draft edited last for ``addressee`` (any addressee when None), else the last of all."""
    ordered = sorted(drafts, key=lambda d: d.updated, reverse=True)
    matching = [d for d in ordered if addressee is None or d.addressee_preset == addressee]
    candidates = matching or ordered
    return candidates[0] if candidates else None
