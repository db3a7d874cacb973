"""The overview: the essentials of a case on one page, and the next deadlines."""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from advocate.i18n import _
from advocate.model import Action, CaseFile, RoleKind
from ui.forms.kinds import count_of
from ui.labels import label
from ui.views.workspace.columns import due_text, when

if TYPE_CHECKING:
    from ui.views.case_workspace import CaseWorkspace

#: How many deadlines the overview lists.
NEXT_DEADLINES = 6


class OverviewTab(QWidget):
    """Reference, title, status, region, victims, counts, next deadlines, summary."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__(workspace)
        self.workspace = workspace
        self.text = QTextBrowser(self)
        self.text.setObjectName("overviewText")
        self.text.setOpenLinks(False)
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("editCase")
        self.edit_button.clicked.connect(workspace.edit_case)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("deleteCase")
        self.delete_button.clicked.connect(workspace.delete_case)
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)

    def retranslate(self) -> None:
        """Texts in the UI language."""
        self.edit_button.setText(_("Edit case…"))
        self.edit_button.setAccessibleName(_("Edit the case"))
        self.delete_button.setText(_("Delete case…"))
        self.delete_button.setAccessibleName(_("Delete the case"))
        self.text.setAccessibleName(_("Overview of the case"))
        if self.workspace.case_file is not None:
            self.set_case_file(self.workspace.case_file)

    def set_case_file(self, cf: CaseFile) -> None:
        """Write the page."""
        self.text.setHtml(overview_html(cf))


def overview_html(cf: CaseFile) -> str:
    """The overview page as HTML (every value escaped)."""
    case = cf.case
    e = html.escape
    victims = ", ".join(p.full_name or p.pseudonym for p in cf.people_with_role(RoleKind.VICTIM))
    rows = [
        (_("Reference"), case.reference), (_("Title"), case.title),
        (_("Status"), label(case.status)),
        (_("Region"), ", ".join(x for x in (case.region, case.place) if x)),
        (_("Opened"), when(case.opened)), (_("Victims"), victims or _("not recorded")),
    ]
    counts = ", ".join(count_of(kind, len(items)) for kind, items in (
        ("person", cf.persons), ("threat", cf.threats), ("action", cf.actions),
        ("proceeding", cf.proceedings), ("hearing", cf.hearings), ("evidence", cf.evidence),
        ("note", cf.notes)))
    rows.append((_("In the file"), counts))
    table = "".join(f"<tr><th align='left' style='padding-right:16px'>{e(k)}</th>"
                    f"<td>{e(v)}</td></tr>" for k, v in rows)
    deadlines = _deadlines(cf) or [_("None.")]
    items = "".join(f"<li>{e(d)}</li>" for d in deadlines)
    summary = "".join(f"<p>{e(p)}</p>" for p in case.summary.split("\n") if p.strip())
    # note: _() outside the f-strings, or Babel does not extract the words.
    next_heading, summary_heading = e(_("Next deadlines")), e(_("Summary"))
    return (f"<h2>{e(case.title)}</h2><table>{table}</table>"
            f"<h3>{next_heading}</h3><ul>{items}</ul>"
            + (f"<h3>{summary_heading}</h3>{summary}" if summary else ""))


def _deadlines(cf: CaseFile) -> list[str]:
    """The next answers due and hearings, earliest first (the core's deadline per record)."""
    entries: list[tuple[str, str]] = []
    for record in [*cf.actions, *cf.hearings]:
        day = record.deadline()
        if not day:
            continue
        if isinstance(record, Action):
            entries.append((day, _("{title}: answer {due}").format(
                title=record.title, due=due_text(record))))
        else:
            entries.append((day, _("Hearing on {date} {time}").format(
                date=when(record.date), time=record.time).strip()))  # type: ignore[attr-defined]
    today = date.today().isoformat()
    return [_("{item} — overdue").format(item=text) if day < today else text
            for day, text in sorted(entries)[:NEXT_DEADLINES]]
