"""People in the case (their roles), relations between them; proceedings with their hearings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from advocate.i18n import N_
from advocate.model import CaseFile, Person
from ui.views.workspace.tabs import RecordTab

if TYPE_CHECKING:
    from ui.views.case_workspace import CaseWorkspace


class PeopleTab(QWidget):
    """Roles (a person added to the case with a role) above relations between persons."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__(workspace)
        self.workspace = workspace
        self.roles = RecordTab(workspace, "role", heading=N_("People in the case and their roles"),
                               extra=[("editPerson", N_("Edit person…"), self.edit_person),
                                      ("deletePerson", N_("Delete person…"), self.delete_person)])
        self.relations = RecordTab(workspace, "relation",
                                   heading=N_("Relations between people"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.roles)
        splitter.addWidget(self.relations)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def retranslate(self) -> None:
        """Texts in the UI language."""
        self.roles.retranslate()
        self.relations.retranslate()

    def set_case_file(self, cf: CaseFile) -> None:
        """Show the case's roles and relations."""
        self.roles.set_case_file(cf)
        self.relations.set_case_file(cf)

    def _person(self) -> Person | None:
        role = self.roles.selected()
        cf = self.workspace.case_file
        return cf.persons.get(role.person_id) if role is not None and cf is not None else None

    def edit_person(self) -> None:
        """Edit the selected role's person (name, birth date, contacts)."""
        person = self._person()
        if person is not None:
            self.workspace.edit_record(person)

    def delete_person(self) -> None:
        """Delete the selected role's person from the vault (the core says what goes)."""
        person = self._person()
        if person is not None:
            self.workspace.delete_record(person.id)


class ProceedingsTab(QWidget):
    """Proceedings above the hearings of the case."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__(workspace)
        self.proceedings = RecordTab(workspace, "proceeding", heading=N_("Proceedings"))
        self.hearings = RecordTab(workspace, "hearing", heading=N_("Hearings"),
                                  defaults=self._hearing_defaults)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.proceedings)
        splitter.addWidget(self.hearings)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.workspace = workspace

    def _hearing_defaults(self) -> dict[str, Any] | None:
        selected = self.proceedings.selected()
        return {"proceeding_id": selected.id} if selected is not None else None

    def retranslate(self) -> None:
        """Texts in the UI language."""
        self.proceedings.retranslate()
        self.hearings.retranslate()

    def set_case_file(self, cf: CaseFile) -> None:
        """Show the case's proceedings and hearings."""
        self.proceedings.set_case_file(cf)
        self.hearings.set_case_file(cf)
