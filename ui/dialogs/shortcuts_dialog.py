"""Help, Keyboard shortcuts: every shortcut of the main window in one table."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import _


def shortcut_rows() -> list[tuple[str, str]]:
    """(keys, what they do) in the current language."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = [
        ("Ctrl+L", _("Lock the vault")),
        ("F12", _("Panic: lock the vault and minimise the window at once")),
        ("Ctrl+F", _("Search the vault")),
        ("Ctrl+1", _("Dashboard")),
        ("Ctrl+2", _("Cases")),
        ("Ctrl+3", _("Search")),
        ("Ctrl+N", _("New case")),
        ("Alt+Left", _("Back to the cases from a case")),
        ("Enter", _("Open the case of the selected row")),
        ("F2", _("Edit the selected case (in the case list)")),
        ("Delete", _("Delete the selected case, after saying what goes with it")),
        ("Tab", _("Move to the next control (Tab leaves tables)")),
        ("Ctrl+Z", _("Undo the last edit (in forms)")),
        ("F1", _("Keyboard shortcuts")),
        ("Ctrl+Q", _("Quit")),
    ]
    return [(QKeySequence(keys).toString(native), what) for keys, what in rows]


class ShortcutsDialog(QDialog):
    """A read-only table of the shortcuts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(_("Advocate"))
        rows = shortcut_rows()
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Keys"), _("What they do")])
        self.table.setTabKeyNavigation(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, (keys, what) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(keys))
            self.table.setItem(i, 1, QTableWidgetItem(what))
        self.table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setAccessibleName(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(680, 600)
