"""A tab of the workspace that lists one kind of record with Add, Edit and Delete.

Keyboard: Enter edits the selected row, Delete deletes it (after the confirmation), Insert adds;
Tab leaves the table (Qt's table would otherwise move between cells and trap the focus).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import _
from advocate.model import CaseFile
from ui.forms.kinds import kind_name
from ui.views.workspace.columns import columns_for, records_of, sample_dates
from ui.views.workspace.record_table import RecordTableModel

if TYPE_CHECKING:
    from ui.views.case_workspace import CaseWorkspace

ButtonSpec = tuple[str, str, Callable[[], None]]  # objectName, N_ label, callback


def make_table(parent: QWidget, name: str) -> QTableView:
    """A table view as every list of the workspace has it."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultSectionSize(150)
    return table


def apply_widths(table: QTableView, model: RecordTableModel) -> None:
    """Give the columns their starting widths; a date column fits the language's longest date
    (a Kazakh "2023 ж. 12 желтоқсан" was cut at the English width)."""
    metrics = table.fontMetrics()
    needed = max(metrics.horizontalAdvance(day) for day in sample_dates()) + 16
    for column, (width, dated) in enumerate(zip(model.widths(), model.dated(), strict=True)):
        table.setColumnWidth(column, max(width, needed) if dated else width)


class RecordTab(QWidget):
    """A table of one kind of record of the case, with its buttons."""

    def __init__(self, workspace: CaseWorkspace, kind: str, *,
                 extra: list[ButtonSpec] | None = None, heading: str = "",
                 defaults: Callable[[], dict[str, Any] | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._defaults = defaults
        self.workspace = workspace
        self.kind = kind
        self._heading_text = heading
        self.model = RecordTableModel(columns_for(kind, workspace.loaded_case_file), self)
        self.table = make_table(self, f"{kind}Table")
        self.table.setModel(self.model)
        apply_widths(self.table, self.model)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        for keys, slot in (("Return", self.edit), ("Enter", self.edit),
                           ("Delete", self.delete), ("Insert", self.add)):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.activated.connect(slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.heading = QLabel(self)
        self.heading.setObjectName(f"{kind}Heading")
        self.heading.setVisible(bool(heading))
        self.buttons: dict[str, tuple[QPushButton, str]] = {}
        row = QHBoxLayout()
        for name, words, slot in [(f"add_{kind}", "Add…", self.add),
                                  (f"edit_{kind}", "Edit…", self.edit),
                                  (f"delete_{kind}", "Delete…", self.delete), *(extra or [])]:
            button = QPushButton(self)
            button.setObjectName(name)
            button.clicked.connect(lambda _c=False, s=slot: s())
            row.addWidget(button)
            self.buttons[name] = (button, words)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the UI language."""
        what = kind_name(self.kind)
        texts = {"Add…": _("Add…"), "Edit…": _("Edit…"), "Delete…": _("Delete…")}
        for button, words in self.buttons.values():
            text = texts.get(words) or _(words)
            button.setText(text)
            button.setAccessibleName(
                _("{action} ({what})").format(action=text, what=what) if words in texts
                else text)
        if self._heading_text:
            self.heading.setText(_(self._heading_text))
        self.table.setAccessibleName(what)
        self.model.retranslate()
        self._update_buttons()

    def set_case_file(self, case_file: CaseFile) -> None:
        """Show the kind's records of a freshly loaded case file, keeping the selection."""
        selected = self.selected()
        self.model.set_rows(records_of(self.kind, case_file))
        if selected is not None:
            self.select(selected.id)
        self._update_buttons()

    def select(self, record_id: str) -> None:
        """Select a record's row."""
        row = self.model.row_of(record_id)
        if row >= 0:
            self.table.selectRow(row)

    def selected(self) -> Any:
        """The selected record, or None."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_object(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        for name, (button, _w) in self.buttons.items():
            if not name.startswith("add_"):
                button.setEnabled(has or name.startswith("extra_"))

    # --- actions ------------------------------------------------------------------------------

    def add(self) -> None:
        """A new record of this kind."""
        self.workspace.new_record(self.kind, self._defaults() if self._defaults else None)

    def edit(self) -> None:
        """Edit the selected record."""
        record = self.selected()
        if record is not None:
            self.workspace.edit_record(record)

    def delete(self) -> None:
        """Delete the selected record (the workspace confirms first)."""
        record = self.selected()
        if record is not None:
            self.workspace.delete_record(record.id)
