"""PLACEHOLDER (shell branch only, dropped at integration): the workspace helper writes the real
CaseDialog. This one has just enough for the shell's tests: reference, title, save, a draft."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from advocate.model.records import Case
from ui.session import Session
from ui.worker import Op


class CaseDialog(QDialog):
    """New or edit a case (placeholder)."""

    saved = Signal(str)

    def __init__(self, session: Session, case_id: str | None, parent: QWidget | None = None,
                 state: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseDialog")
        self.setWindowTitle("Advocate")
        self.session = session
        self.case_id = case_id
        self.reference = QLineEdit(self)
        self.reference.setObjectName("caseReference")
        self.reference.setAccessibleName("Reference")
        self.title = QLineEdit(self)
        self.title.setObjectName("caseTitle")
        self.title.setAccessibleName("Title")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        for b in buttons.buttons():
            b.setAccessibleName(b.text())
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Reference", self.reference)
        form.addRow("Title", self.title)
        form.addRow(buttons)
        if state:
            self.reference.setText(state.get("reference", ""))
            self.title.setText(state.get("title", ""))
        self._draft = session.drafts.register("case_form", self._state, case_id=case_id)
        self.finished.connect(lambda _r: self._draft.unregister())

    def _state(self) -> dict[str, Any] | None:
        if not (self.reference.text() or self.title.text()):
            return None
        return {"reference": self.reference.text(), "title": self.title.text()}

    def _save(self) -> None:
        reference, title, case_id = self.reference.text(), self.title.text(), self.case_id

        def fn(store: Any, _task: Any) -> str:
            if case_id is None:
                return str(store.add(Case(reference=reference, title=title)).id)
            case = store.get(case_id, Case)
            return str(store.update(replace(case, reference=reference, title=title)).id)

        Op(self.session.worker, fn, parent=self).success(self._done).run()

    def _done(self, case_id: str) -> None:
        self.accept()
        self.saved.emit(case_id)


def register_restorer(session: Session) -> None:
    """Reopen the form from a kept draft."""
    session.drafts.register_restorer(
        "case_form", lambda draft, parent: CaseDialog(session, draft.case_id, parent,
                                                      draft.state).open())
