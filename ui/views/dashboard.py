"""The dashboard: what needs doing, at a glance.

Answers overdue (marked in red AND with the words "Overdue", never by color alone) and due soon,
hearings this week, threats of the last 30 days, open cases with no next action, and the age of
the last backup with a reminder after the days set in the settings. The rules are the core's
(``advocate.store.agenda``); every row opens its case (Enter or double-click).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import _, language, ngettext
from advocate.model.date_input import format_partial_date
from advocate.model.records import Action, Hearing
from advocate.store.agenda import Agenda, agenda
from advocate.store.store import Deadline
from advocate.store.vault_facts import backup_age_days
from ui.session import Session
from ui.worker import Op

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOR = QColor("#b00020")
EXCERPT_CHARS = 90


@dataclass(frozen=True, slots=True)
class DashboardData:
    """One read of the dashboard."""

    agenda: Agenda
    backup_age: int | None


def load_dashboard(store: Any, _task: Any) -> DashboardData:
    """The worker call: everything the dashboard shows."""
    return DashboardData(agenda(store), backup_age_days(store))


def day_text(day: date) -> str:
    """A day in the UI language ("3 March 2025")."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


def excerpt(text: str) -> str:
    """The start of a text, on one line."""
    line = " ".join(text.split())
    return line if len(line) <= EXCERPT_CHARS else line[:EXCERPT_CHARS - 1] + "…"


class DashboardView(QWidget):
    """Sections of rows; ``open_case(case_id)`` when a row is opened."""

    open_case = Signal(str)
    backup_requested = Signal()
    #: The number of open cases with no next action (for the navigation).
    idle_count = Signal(int)

    def __init__(self, session: Session, reminder_days: int = 7,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self.session = session
        self.reminder_days = reminder_days
        self._data: DashboardData | None = None
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        self.backup_line = QLabel(self)
        self.backup_line.setObjectName("dashboardBackup")
        self.backup_line.setWordWrap(True)
        self.backup_button = QPushButton(self)
        self.backup_button.setObjectName("dashboardBackupNow")
        self.backup_button.clicked.connect(self.backup_requested)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("dashboardTree")
        self.tree.setColumnCount(3)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setTabKeyNavigation(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._activated)
        self.tree.header().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.backup_line, 1)
        top.addWidget(self.backup_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.retranslate()
        session.language_changed.connect(self.retranslate)
        session.changed.connect(lambda _notice: self.refresh())

    def retranslate(self) -> None:
        """Set the texts in the current language (the rows too)."""
        self.heading.setText(_("Dashboard"))
        self.tree.setHeaderLabels([_("When"), _("Case"), _("What")])
        self.tree.setAccessibleName(_("What needs doing"))
        self.backup_button.setText(_("&Back up now…"))
        self.backup_button.setAccessibleName(_("Back up now"))
        self.backup_line.setAccessibleName(_("Last backup"))
        if self._data is not None:
            self._show(self._data)

    def refresh(self) -> None:
        """Read the dashboard again (on the worker)."""
        Op(self.session.worker, load_dashboard, parent=self).success(self._show).run()

    def _show(self, data: DashboardData) -> None:
        self._data = data
        self.idle_count.emit(len(data.agenda.no_next_action))
        self._show_backup(data.backup_age)
        self.tree.clear()
        a = data.agenda
        overdue = max(a.overdue_total, len(a.overdue))  # the latest are listed, all counted
        self._section(ngettext("Overdue answer ({n})", "Overdue answers ({n})", overdue)
                      .format(n=overdue), "dashOverdue",
                      [self._deadline_row(d, overdue=True) for d in a.overdue],
                      more=overdue - len(a.overdue))
        self._section(ngettext("Answer due in the next two weeks ({n})",
                               "Answers due in the next two weeks ({n})", len(a.due_soon))
                      .format(n=len(a.due_soon)), "dashDueSoon",
                      [self._deadline_row(d) for d in a.due_soon])
        self._section(ngettext("Hearing this week ({n})", "Hearings this week ({n})",
                               len(a.hearings_this_week)).format(n=len(a.hearings_this_week)),
                      "dashHearings", [self._deadline_row(d) for d in a.hearings_this_week])
        self._section(ngettext("Threat in the last 30 days ({n})",
                               "Threats in the last 30 days ({n})", len(a.recent_threats))
                      .format(n=len(a.recent_threats)), "dashThreats",
                      [([format_partial_date(t.threat.received, language()),
                         t.case.reference, excerpt(t.threat.words)], t.case.id, False)
                       for t in a.recent_threats])
        self._section(ngettext("Open case with no next action ({n})",
                               "Open cases with no next action ({n})", len(a.no_next_action))
                      .format(n=len(a.no_next_action)), "dashNoNextAction",
                      [(["", c.reference, excerpt(c.title)], c.id, False)
                       for c in a.no_next_action])
        self.tree.expandAll()
        for column in (0, 1):
            self.tree.resizeColumnToContents(column)

    def _show_backup(self, age: int | None) -> None:
        if age is None:
            text = _("No backup of this vault has been made yet. Make one now and keep it on "
                     "a USB stick away from this computer.")
        elif age == 0:
            text = _("Last backup: today.")
        else:
            text = ngettext("Last backup: {n} day ago.", "Last backup: {n} days ago.",
                            age).format(n=age)
        late = age is None or age >= self.reminder_days
        if late and age is not None:
            text = _("{when} Time to make a new one.").format(when=text)
        self.backup_line.setText(text)
        self.backup_line.setProperty("late", late)
        self.backup_button.setVisible(late)

    def _deadline_row(self, d: Deadline, *, overdue: bool = False) -> tuple[list[str], str, bool]:
        when = day_text(d.day)
        if overdue:
            when = _("Overdue since {day}").format(day=when)
        if isinstance(d.record, Action):
            what = _("Answer from {addressee}: {title}").format(
                addressee=d.record.addressee or "—", title=d.record.title)
        elif isinstance(d.record, Hearing):
            what = _("Hearing {time} {place}").format(time=d.record.time,
                                                      place=d.record.place).strip()
        else:
            what = ""
        return [when, d.case_reference, excerpt(what)], d.case_id, overdue

    def _section(self, title: str, name: str,
                 rows: list[tuple[list[str], str, bool]], more: int = 0) -> None:
        head = QTreeWidgetItem(self.tree, [title])
        head.setFirstColumnSpanned(True)
        head.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = head.font(0)
        font.setBold(True)
        head.setFont(0, font)
        head.setData(0, Qt.ItemDataRole.AccessibleTextRole, title)
        head.setData(0, Qt.ItemDataRole.UserRole, name)
        if not rows:
            QTreeWidgetItem(head, [_("Nothing.")]).setFlags(Qt.ItemFlag.ItemIsEnabled)
        warn = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for texts, case_id, overdue in rows:
            item = QTreeWidgetItem(head, texts)
            item.setData(0, CASE_ID_ROLE, case_id)
            if overdue:
                item.setIcon(0, warn)
                for column in range(3):
                    item.setForeground(column, QBrush(OVERDUE_COLOR))
        if more > 0:  # the latest are listed; the rest are said, not hidden
            rest = QTreeWidgetItem(head, [ngettext(
                "and {n} older one, not listed here: each case shows its own",
                "and {n} older ones, not listed here: each case shows its own", more)
                .format(n=more)])
            rest.setFirstColumnSpanned(True)
            rest.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def section_rows(self, name: str) -> list[list[str]]:
        """The texts of a section's rows (tests)."""
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            if head is not None and head.data(0, Qt.ItemDataRole.UserRole) == name:
                rows = [head.child(j) for j in range(head.childCount())]
                return [[row.text(c) for c in range(3)] for row in rows
                        if row is not None and row.data(0, CASE_ID_ROLE)]
        return []

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        case_id = item.data(0, CASE_ID_ROLE)
        if case_id:
            self.open_case.emit(str(case_id))
