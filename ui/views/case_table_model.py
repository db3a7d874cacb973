"""The case list's model: it holds case ids, and fetches the rows shown, a page at a time.

Rows not yet fetched read as empty until their page arrives from the worker (Anki's browser
model); the list of ids itself comes from the filter (``advocate.store.case_lists``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from advocate.i18n import _, language
from advocate.model.date_input import format_partial_date
from advocate.model.enums import CaseStatus
from advocate.store.case_lists import CaseListRow
from ui.labels import label

PAGE = 100
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    """Reference, title, status, region, next deadline, last threat of each case id."""

    COLUMNS = 6

    def __init__(self, fetch: Callable[[list[str]], None] | None = None,
                 format_day: Callable[[Any], str] = str) -> None:
        super().__init__()
        self._ids: list[str] = []
        self._rows: dict[str, CaseListRow] = {}
        self._asked: set[int] = set()
        self._fetch = fetch
        self._day = format_day

    # --- filling ---------------------------------------------------------------------------

    def set_ids(self, ids: list[str]) -> None:
        """Show these cases (in this order); rows already fetched are kept."""
        self.beginResetModel()
        self._ids = list(ids)
        self._asked.clear()
        self.endResetModel()

    def add_rows(self, rows: list[CaseListRow]) -> None:
        """Rows fetched by the worker; their cells are repainted."""
        for row in rows:
            self._rows[row.id] = row
        positions = [i for i, case_id in enumerate(self._ids) if case_id in {r.id for r in rows}]
        if positions:
            self.dataChanged.emit(self.index(min(positions), 0),
                                  self.index(max(positions), self.COLUMNS - 1))

    def forget(self) -> None:
        """Drop every fetched row (after a change, or at lock)."""
        self._rows.clear()
        self._asked.clear()

    def case_id(self, row: int) -> str:
        """The id of the case at a row."""
        return self._ids[row]

    def row_of(self, case_id: str) -> int:
        """The row of a case, or -1."""
        try:
            return self._ids.index(case_id)
        except ValueError:
            return -1

    def row_data(self, row: int) -> CaseListRow | None:
        """The fetched row, or None."""
        return self._rows.get(self._ids[row])

    # --- Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < self.COLUMNS:
            return None
        return (_("Reference"), _("Title"), _("Status"), _("Region"), _("Next deadline"),
                _("Last threat"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        case_id = self._ids[index.row()]
        if role == CASE_ID_ROLE:
            return case_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows.get(case_id)
        if row is None:
            self._ask(index.row())
            return ""
        column = index.column()
        if column == 0:
            return row.reference
        if column == 1:
            return row.title
        if column == 2:
            try:
                return label(CaseStatus(row.status))
            except ValueError:
                return row.status
        if column == 3:
            return row.region
        if column == 4:
            return self._day(row.next_deadline) if row.next_deadline else ""
        if column == 5:
            return format_partial_date(row.last_threat, language()) if row.last_threat else ""
        return None

    def _ask(self, row: int) -> None:
        page = row // PAGE
        if self._fetch is None or page in self._asked:
            return
        self._asked.add(page)
        self._fetch([i for i in self._ids[page * PAGE:(page + 1) * PAGE]
                     if i not in self._rows])
