"""A table of records that holds ids and builds rows only when the view asks for them.

The workspace hands in the ids (in date order) and a lookup into the case file it loaded on the
worker; rows are made visible page by page (``canFetchMore``/``fetchMore``) and each cell is
computed when painted, so a case of thousands of threats opens at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from advocate.i18n import _

PAGE = 200
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Column:
    """A column: its heading (N_-marked English) and how to show a row's value."""

    title: str
    text: Callable[[Any], str]
    #: Optional colour hint (e.g. overdue): returns a colour name or "".
    colour: Callable[[Any], str] | None = None
    #: Starting width in pixels (the user can resize).
    width: int = 140
    #: A date column: at least as wide as the longest date of the UI language.
    dated: bool = False


class RecordTableModel(QAbstractTableModel):
    """Rows of records (anything with an ``id``), fetched lazily by page."""

    def __init__(self, columns: list[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = columns
        self._ids: list[str] = []
        self._rows: dict[str, Any] = {}
        self._shown = 0

    def set_rows(self, rows: list[Any]) -> None:
        """Replace the rows (records or timeline entries), first page visible."""
        self.beginResetModel()
        self._ids = [r.id for r in rows]
        self._rows = {r.id: r for r in rows}
        self._shown = min(PAGE, len(self._ids))
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        """The record at a row."""
        return self._rows[self._ids[row]]

    def row_of(self, record_id: str) -> int:
        """The row of an id, or -1 (fetching pages until it is shown)."""
        if record_id not in self._rows:
            return -1
        row = self._ids.index(record_id)
        while row >= self._shown and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        return row

    def widths(self) -> list[int]:
        """Starting widths of the columns."""
        return [c.width for c in self._columns]

    def dated(self) -> list[bool]:
        """Which columns hold dates."""
        return [c.dated for c in self._columns]

    def ids(self) -> list[str]:
        """Every id, in order."""
        return list(self._ids)

    def retranslate(self) -> None:
        """Headers and cells in the new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._shown:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._shown - 1, len(self._columns) - 1))

    # --- Qt -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if parent.isValid():
            return
        more = min(PAGE, len(self._ids) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(self.row_object(index.row()))
        if role == Qt.ItemDataRole.ToolTipRole:
            text = column.text(self.row_object(index.row()))
            return text if len(text) > 40 else None
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            from PySide6.QtGui import QColor
            name = column.colour(self.row_object(index.row()))
            return QColor(name) if name else None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return _(self._columns[section].title)
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None
