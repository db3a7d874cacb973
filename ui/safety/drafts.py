"""What the user was typing when the vault locked: kept encrypted in the vault, offered back.

A form that holds unsaved input registers a callable returning its state (a dict of plain
values, or None when there is nothing unsaved)::

    self._draft = session.drafts.register("threat_form", lambda: self.unsaved_state(),
                                          case_id=case_id)
    ...                                  # and when the form closes normally:
    self._draft.unregister()

and, once for its kind of form, how to reopen it from a kept state::

    session.drafts.register_restorer("threat_form", lambda draft, parent: ThreatDialog.restore(
        session, draft.case_id, draft.state, parent))

At lock, :meth:`DraftBook.collect` runs the callables on the UI thread (they only read widgets;
nothing waits), and the worker writes the drafts into the vault just before it drops the keys
(``advocate.store.vault_facts.save_drafts``). After unlock the main window takes them back
(``take_drafts``) and, if the user agrees, calls each form's restorer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

from advocate.store.vault_facts import Draft

StateFn = Callable[[], dict[str, Any] | None]
Restorer = Callable[[Draft, QWidget], None]


@dataclass(eq=False)
class DraftHandle:
    """A registered form; ``unregister()`` when the form is closed or saved."""

    book: DraftBook
    form: str
    state: StateFn
    case_id: str | None

    def unregister(self) -> None:
        """Stop offering this form's state at lock."""
        self.book._forms.discard(self)


class DraftBook:
    """The open forms with unsaved input, and how to reopen each kind of form."""

    def __init__(self) -> None:
        self._forms: set[DraftHandle] = set()
        self._restorers: dict[str, Restorer] = {}

    def register(self, form: str, state: StateFn, *, case_id: str | None = None) -> DraftHandle:
        """Offer a form's unsaved state at lock."""
        handle = DraftHandle(self, form, state, case_id)
        self._forms.add(handle)
        return handle

    def register_restorer(self, form: str, restorer: Restorer) -> None:
        """How to reopen a form of this kind from a kept draft (after unlock)."""
        self._restorers[form] = restorer

    def restorer(self, form: str) -> Restorer | None:
        """The restorer of a kind of form, if one was registered."""
        return self._restorers.get(form)

    def collect(self) -> list[Draft]:
        """The unsaved states of every registered form (forgets the registrations: the forms
        are about to be destroyed)."""
        drafts = []
        for handle in list(self._forms):
            state: dict[str, Any] | None = None
            # note: a form that fails to report must not stop the lock; its draft is lost.
            with contextlib.suppress(Exception):
                state = handle.state()
            if state:
                drafts.append(Draft(handle.form, handle.case_id, dict(state)))
        self._forms.clear()
        return drafts
