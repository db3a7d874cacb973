"""Picking a person of the vault by name, with completion, or asking for a new one.

People are picked, not retyped (issue 10): a person exists once and appears in several cases. The
list is handed in by the form (loaded on the worker); the last entry asks for a new person.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from advocate.i18n import _
from advocate.model import Person

NEW = "__new__"


def person_name(person: Person) -> str:
    """How a person is listed: full name, else pseudonym."""
    return person.full_name or person.pseudonym


class PersonPicker(QComboBox):
    """A combo of persons (id as item data) with type-to-complete and "New person…"."""

    #: The user chose "New person…" (the form opens the person form).
    new_person_requested = Signal()
    #: The chosen person changed (id, "" for none).
    person_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self._optional = optional
        self._persons: list[Person] = []
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.completer()
        if completer is not None:
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.currentIndexChanged.connect(self._on_index)
        line = self.lineEdit()
        if line is not None:
            line.setObjectName("personPickerText")

    def setAccessibleName(self, name: str) -> None:
        """Name the combo and its typing field alike (screen readers meet both)."""
        super().setAccessibleName(name)
        line = self.lineEdit()
        if line is not None:
            line.setAccessibleName(name)

    def set_persons(self, persons: list[Person], selected: str = "") -> None:
        """Fill the list (by name) and select a person by id."""
        self._persons = sorted(persons, key=lambda p: person_name(p).casefold())
        self.blockSignals(True)
        self.clear()
        self.addItem(_("— nobody —") if self._optional else _("— choose a person —"), "")
        for person in self._persons:
            self.addItem(person_name(person), person.id)
        self.addItem(_("New person…"), NEW)
        self.blockSignals(False)
        self.set_person(selected)

    def retranslate(self) -> None:
        """The first and last entries in the UI language."""
        if self.count() >= 2:
            self.setItemText(0, _("— nobody —") if self._optional else _("— choose a person —"))
            self.setItemText(self.count() - 1, _("New person…"))

    def set_person(self, person_id: str) -> None:
        """Select a person by id ("" for none)."""
        index = self.findData(person_id) if person_id else 0
        self.setCurrentIndex(max(index, 0))

    def person_id(self) -> str:
        """The chosen person's id, or ""."""
        data = self.currentData()
        if data in (None, NEW):
            return ""
        # note: a name typed but not completed picks nobody, rather than a guess.
        if self.currentText() != self.itemText(self.currentIndex()):
            return ""
        return str(data)

    def _on_index(self, index: int) -> None:
        if self.itemData(index) == NEW:
            self.setCurrentIndex(0)
            self.new_person_requested.emit()
            return
        self.person_changed.emit(self.person_id())
