"""PLACEHOLDER (shell branch only, dropped at integration): the workspace helper writes the real
CaseWorkspace."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.session import Session
from ui.worker import Op


class CaseWorkspace(QWidget):
    """Shows the case's reference and title (placeholder)."""

    def __init__(self, session: Session, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseWorkspace")
        self.case_id = case_id
        self.label = QLabel(self)
        self.label.setObjectName("caseWorkspaceTitle")
        QVBoxLayout(self).addWidget(self.label)
        Op(session.worker, lambda store, _t: store.case_file(case_id), parent=self).success(
            lambda cf: self.label.setText(f"{cf.case.reference} — {cf.case.title}")).run()
