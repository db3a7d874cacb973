"""The complaint drafts of a case: the lawyer's texts, and the way to the report dialog."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTextBrowser

from advocate.i18n import N_, _
from advocate.model import CaseFile, ComplaintDraft
from ui.views.workspace.tabs import RecordTab

if TYPE_CHECKING:
    from ui.views.case_workspace import CaseWorkspace


class ComplaintTab(RecordTab):
    """Drafts above the texts of the selected one; "Make a report…" opens the report dialog."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__(workspace, "complaint", extra=[
            ("extra_makeReport", N_("Make a report…"), workspace.make_report)])
        self.texts = QTextBrowser(self)
        self.texts.setObjectName("complaintTexts")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.layout().removeWidget(self.table)  # type: ignore[union-attr]
        splitter.addWidget(self.table)
        splitter.addWidget(self.texts)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        self.layout().addWidget(splitter)  # type: ignore[union-attr]
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show())

    def retranslate(self) -> None:
        """Texts in the UI language."""
        super().retranslate()
        if hasattr(self, "texts"):
            self.texts.setAccessibleName(_("Texts of the complaint draft"))
            self._show()

    def set_case_file(self, cf: CaseFile) -> None:
        """Show the drafts; the first is selected."""
        super().set_case_file(cf)
        if self.selected() is None and self.model.rowCount():
            self.table.selectRow(0)
        self._show()

    def _show(self) -> None:
        draft: ComplaintDraft | None = self.selected()
        if draft is None:
            self.texts.setHtml(html.escape(_("No complaint draft yet: Add… starts one.")))
            return
        parts = [(_("What is complained of"), draft.complained_of),
                 (_("Legal grounds"), draft.legal_grounds),
                 (_("What is requested"), draft.request)]
        self.texts.setHtml("".join(
            f"<h3>{html.escape(title)}</h3>"
            + "".join(f"<p>{html.escape(p)}</p>" for p in (text or "—").split("\n") if p.strip())
            for title, text in parts))
