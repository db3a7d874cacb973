"""The case form: New case and Edit case, for the case list and the workspace.

``CaseDialog(session, case_id, parent)`` loads the case on the worker when editing, then behaves
as every record form (``ui.forms.record_form``); ``saved(case_id)`` when the store has saved it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from advocate.model import Case
from ui.forms.editors import fill_editor
from ui.forms.record_form import RecordDialog
from ui.session import Session
from ui.worker import Op


class CaseDialog(RecordDialog):
    """Create a case (``case_id`` None) or edit one."""

    def __init__(self, session: Session, case_id: str | None, parent: QWidget | None = None,
                 *, case: Case | None = None) -> None:
        super().__init__(session, "case", record=case, parent=parent)
        self.setObjectName("caseForm")
        self._loading = case is None and case_id is not None
        if self._loading:
            self.setEnabled(False)
            Op(session.worker, lambda store, _t: store.get(case_id, Case), parent=self) \
                .success(self._loaded).failure(self._failed).reading().run()

    def is_loading(self) -> bool:
        """Whether the case is still being read."""
        return self._loading

    def _loaded(self, case: Case) -> None:
        self._old = self._base = case
        for spec in self._specs:
            fill_editor(spec, self.editor(spec.name), getattr(case, spec.name))
        self._initial = self.unsaved_state()["fields"]
        self._loading = False
        self.setEnabled(True)
        self.retranslate()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.setEnabled(True)
        super()._failed(exc)


def open_case_dialog(session: Session, case_id: str | None, parent: QWidget | None,
                     **kw: Any) -> CaseDialog:
    """Build and show a case dialog (non-blocking)."""
    dialog = CaseDialog(session, case_id, parent, **kw)
    dialog.open()
    return dialog
