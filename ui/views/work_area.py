"""The unlocked app: a navigation (Dashboard, Cases, Search) beside a stack of screens.

It exists only while the vault is open: the main window destroys it at lock, with every screen
in it that showed case data. An opened case is shown in the stack (the workspace helper's
``CaseWorkspace``) with a "Back to cases" button (Alt+Left).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import _, ngettext
from advocate.store.vault_facts import Draft
from ui.a11y import name_clear_button
from ui.forms.record_form import DRAFT_FORM
from ui.session import Session
from ui.views.case_list import CaseListView
from ui.views.dashboard import DashboardView
from ui.views.search_view import SearchView

DASHBOARD, CASES, SEARCH = range(3)


class WorkArea(QWidget):
    """Navigation and screens of an open vault."""

    #: The navigation's width: narrow enough that a case's eleven tabs fit 1366 pixels.
    NAV_WIDTH = 170

    def __init__(self, session: Session, reminder_days: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workArea")
        self.session = session
        self._idle = 0
        self.case_id: str | None = None
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setWordWrap(True)
        self.nav.setFixedWidth(self.NAV_WIDTH)
        self.nav.setStyleSheet("QListWidget::item { padding: 8px 6px; }")
        for name in ("navDashboard", "navCases", "navSearch"):
            item = QListWidgetItem(self.nav)
            item.setData(Qt.ItemDataRole.UserRole, name)
        self.quick = QLineEdit(self)
        self.quick.setObjectName("quickSearch")
        self.quick.setClearButtonEnabled(True)
        self.quick.textEdited.connect(self._quick_search)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("screens")
        self.dashboard = DashboardView(session, reminder_days, self.stack)
        self.cases = CaseListView(session, self.stack)
        self.search = SearchView(session, self.stack)
        for screen in (self.dashboard, self.cases, self.search):
            self.stack.addWidget(screen)
            screen.open_case.connect(self.open_case)
        self.dashboard.idle_count.connect(self._set_idle)
        session.drafts.register_restorer(DRAFT_FORM, self.restore_draft)
        self.case_page = QWidget(self.stack)
        self.case_page.setObjectName("casePage")
        self.back = QPushButton(self.case_page)
        self.back.setObjectName("backToCases")
        self.back.clicked.connect(self.back_to_cases)
        self._page = page = QVBoxLayout(self.case_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.back, 0, Qt.AlignmentFlag.AlignLeft)
        self.stack.addWidget(self.case_page)
        self.workspace: QWidget | None = None
        QShortcut(QKeySequence("Alt+Left"), self, self.back_to_cases)
        self.nav.currentRowChanged.connect(self._navigate)
        # note: a click on the row already current (Cases while a case is open) navigates too
        self.nav.clicked.connect(lambda index: self._navigate(index.row()))
        side = QVBoxLayout()
        side.addWidget(self.quick)
        side.addWidget(self.nav, 1)
        self.quick.setFixedWidth(self.NAV_WIDTH)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(side)
        layout.addWidget(self.stack, 1)
        self.retranslate()
        session.language_changed.connect(self.retranslate)
        self.nav.setCurrentRow(DASHBOARD)  # reads the dashboard
        self.cases.refresh()

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.nav.setAccessibleName(_("Navigation"))
        self.quick.setPlaceholderText(_("Search the vault"))
        self.quick.setAccessibleName(_("Search the vault"))
        name_clear_button(self.quick)
        self.nav.item(DASHBOARD).setText(_("Dashboard"))
        self.nav.item(SEARCH).setText(_("Search"))
        self._set_idle(self._idle)
        self.back.setText(_("← Back to cases"))
        self.back.setAccessibleName(_("Back to cases"))

    def _set_idle(self, count: int) -> None:
        self._idle = count
        item = self.nav.item(CASES)
        if count:
            item.setText(ngettext("Cases\n{n} without a next action",
                                  "Cases\n{n} without a next action", count).format(n=count))
        else:
            item.setText(_("Cases"))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, item.text().replace("\n", ", "))

    def _navigate(self, row: int) -> None:
        if 0 <= row <= SEARCH:
            self._drop_workspace()  # a case left is not kept in memory
            self.stack.setCurrentIndex(row)
            if row == DASHBOARD:
                self.dashboard.refresh()

    def show_screen(self, row: int) -> None:
        """Go to Dashboard, Cases or Search (from a case too)."""
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # navigates
        else:
            self._navigate(row)

    def focus_quick_search(self) -> None:
        """The dashboard on screen, the cursor in the search box beside it (after unlock)."""
        self.show_screen(DASHBOARD)
        self.quick.setFocus()

    def _quick_search(self, text: str) -> None:
        """Typing in the side box continues in the Search screen."""
        self.quick.clear()
        self.show_screen(SEARCH)
        self.search.box.setText(text)
        self.search.focus_box()
        self.search.box.deselect()
        self.search.box.end(False)

    def focus_search(self) -> None:
        """Go to Search, cursor in the box."""
        self.show_screen(SEARCH)
        self.search.focus_box()

    def open_case(self, case_id: str) -> None:
        """Show a case in the workspace (the previous one is destroyed)."""
        from ui.views.case_workspace import CaseWorkspace

        self._drop_workspace()
        self.case_id = case_id
        self.workspace = CaseWorkspace(self.session, case_id, self.case_page)
        self._page.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.case_page)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(CASES)
        self.nav.blockSignals(False)
        self.back.setFocus()

    def restore_draft(self, draft: Draft, _parent: QWidget) -> None:
        """Reopen a record form kept through a lock: its case first, then the form."""
        state = dict(draft.state)
        if draft.case_id:
            self.open_case(draft.case_id)
            if self.workspace is not None:
                self.workspace.restore_form(state)
            return
        from ui.forms.case_form import CaseDialog

        dialog = CaseDialog(self.session, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restore_state(state)
        dialog.show()

    def back_to_cases(self) -> None:
        """Leave the case for the list."""
        if self.stack.currentWidget() is not self.case_page:
            return
        self._drop_workspace()
        self.show_screen(CASES)
        self.cases.table.setFocus()

    def _drop_workspace(self) -> None:
        if self.workspace is not None:
            self.workspace.hide()
            self.workspace.deleteLater()
            self.workspace = None
        self.case_id = None
