"""The case list: instant search, filters (status, region, an upcoming deadline), and the case
commands (new, edit, close, reopen, delete with a confirmation that counts what goes with it)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import _, ngettext
from advocate.model.enums import CaseStatus
from advocate.model.records import Case
from advocate.store.agenda import case_delete_counts
from advocate.store.case_lists import CaseFilter, case_ids, case_rows
from ui.a11y import name_clear_button
from ui.labels import labels, record_kind_label
from ui.session import Session
from ui.views.case_table_model import CaseTableModel
from ui.views.dashboard import day_text
from ui.worker import Op

SEARCH_DELAY_MS = 150


class CaseListView(QWidget):
    """Every case of the vault; ``open_case(case_id)`` on Enter or double-click."""

    open_case = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseListView")
        self.session = session
        self.model = CaseTableModel(fetch=self._fetch_rows, format_day=day_text)
        self._seq = 0
        self._pending_select: str | None = None
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        self.search = QLineEdit(self)
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox(self)
        self.status.setObjectName("caseStatusFilter")
        self.region = QComboBox(self)
        self.region.setObjectName("caseRegionFilter")
        self.upcoming = QCheckBox(self)
        self.upcoming.setObjectName("caseUpcomingFilter")
        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 150), (3, 170), (4, 150), (5, 130)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda index: self.open_case.emit(
            self.model.case_id(index.row())))
        for keys, slot in (("Delete", self.delete_case), ("F2", self.edit_case)):
            action = QAction(self.table)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("caseNew")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("caseEdit")
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("caseCloseReopen")
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("caseDelete")
        self.count = QLabel(self)
        self.count.setObjectName("caseCount")
        self.new_button.clicked.connect(self.new_case)
        self.edit_button.clicked.connect(self.edit_case)
        self.close_button.clicked.connect(self.close_or_reopen)
        self.delete_button.clicked.connect(self.delete_case)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.region.currentIndexChanged.connect(lambda _i: self.refresh())
        self.upcoming.toggled.connect(lambda _c: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        # note: rows are fetched after the list is set; "Close"/"Reopen" follows the status
        # once the selected row's data is there (it said "Close" on a case just closed)
        self.model.dataChanged.connect(lambda *_a: self._update_buttons())
        self._layout()
        self.retranslate()
        self._update_buttons()
        session.language_changed.connect(self.retranslate)
        session.changed.connect(lambda _notice: self.reload())

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.region, 1)
        filters.addWidget(self.upcoming)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.close_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.heading.setText(_("Cases"))
        self.search.setPlaceholderText(_("Find a case by reference or title"))
        self.search.setAccessibleName(_("Find a case"))
        name_clear_button(self.search)
        self.status.setAccessibleName(_("Status"))
        self.region.setAccessibleName(_("Region"))
        keep_status = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(_("Any status"), "")
        for member, text in labels(CaseStatus):
            self.status.addItem(text, member.value)
        self.status.setCurrentIndex(max(0, self.status.findData(keep_status)))
        self.status.blockSignals(False)
        if self.region.count() == 0:
            self._set_regions([])
        else:
            self.region.setItemText(0, _("Any region"))
        self.upcoming.setText(_("With a deadline in 30 days"))
        self.upcoming.setAccessibleName(_("Only cases with a deadline in the next 30 days"))
        self.table.setAccessibleName(_("Cases"))
        for button, text, name in (
                (self.new_button, _("&New case…"), _("New case")),
                (self.edit_button, _("&Edit…"), _("Edit the case")),
                (self.delete_button, _("&Delete…"), _("Delete the case"))):
            button.setText(text)
            button.setAccessibleName(name)
        self._update_buttons()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, CaseTableModel.COLUMNS - 1)

    # --- reading ---------------------------------------------------------------------------

    def current_filter(self) -> CaseFilter:
        """The filter the controls describe."""
        return CaseFilter(text=self.search.text(), status=self.status.currentData() or "",
                          region=self.region.currentData() or "",
                          upcoming_only=self.upcoming.isChecked())

    def refresh(self) -> None:
        """List the cases that pass the filter (on the worker; older answers are dropped)."""
        self._seq += 1
        seq, wanted = self._seq, self.current_filter()
        Op(self.session.worker, lambda store, _t: case_ids(store, wanted), parent=self) \
            .success(lambda result: self._listed(seq, *result)).reading().run()

    def reload(self) -> None:
        """After a change: forget the rows and list again."""
        self.model.forget()
        self.refresh()

    def _listed(self, seq: int, ids: list[str], regions: list[str]) -> None:
        if seq != self._seq:
            return
        selected = self._pending_select or self.selected_case()
        self._pending_select = None
        self._set_regions(regions)
        self.model.set_ids(ids)
        self.count.setText(ngettext("{n} case", "{n} cases", len(ids)).format(n=len(ids)))
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def _set_regions(self, regions: list[str]) -> None:
        keep = self.region.currentData() or ""
        self.region.blockSignals(True)
        self.region.clear()
        self.region.addItem(_("Any region"), "")
        for region in regions:
            self.region.addItem(region, region)
        self.region.setCurrentIndex(max(0, self.region.findData(keep)))
        self.region.blockSignals(False)

    def _fetch_rows(self, ids: list[str]) -> None:
        if ids:
            Op(self.session.worker, lambda store, _t: case_rows(store, ids), parent=self) \
                .success(self.model.add_rows).reading().run()

    # --- commands --------------------------------------------------------------------------

    def selected_case(self) -> str | None:
        """The id of the selected case, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.case_id(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        case_id = self.selected_case()
        row = self.model.row_data(self.model.row_of(case_id)) if case_id else None
        for button in (self.edit_button, self.close_button, self.delete_button):
            button.setEnabled(case_id is not None)
        closed = row is not None and row.status == CaseStatus.CLOSED.value
        self.close_button.setText(_("&Reopen the case") if closed else _("C&lose the case"))
        self.close_button.setAccessibleName(_("Reopen the case") if closed
                                            else _("Close the case"))

    def new_case(self) -> None:
        """Open the form for a new case."""
        from ui.forms.case_form import CaseDialog

        dialog = CaseDialog(self.session, None, self)
        dialog.saved.connect(self._saved)
        dialog.open()

    def edit_case(self) -> None:
        """Open the form of the selected case."""
        case_id = self.selected_case()
        if case_id is None:
            return
        from ui.forms.case_form import CaseDialog

        dialog = CaseDialog(self.session, case_id, self)
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, case_id: str) -> None:
        self._pending_select = case_id
        self.reload()

    def close_or_reopen(self) -> None:
        """Close an open case, or reopen a closed one."""
        case_id = self.selected_case()
        if case_id is None:
            return

        def fn(store: Any, _task: Any) -> None:
            case = store.get(case_id, Case)
            status = CaseStatus.OPEN if case.status is CaseStatus.CLOSED else CaseStatus.CLOSED
            store.update(replace(case, status=status))

        self._pending_select = case_id
        Op(self.session.worker, fn, parent=self).success(lambda _r: self.reload()) \
            .failure(self._failed).run()

    def delete_case(self) -> None:
        """Say what goes with the case, in numbers, then delete it if the user agrees."""
        case_id = self.selected_case()
        if case_id is None:
            return
        Op(self.session.worker, lambda store, _t: case_delete_counts(store, case_id),
           parent=self).success(lambda counts: self._confirm_delete(case_id, counts)) \
            .failure(self._failed).run()

    def _confirm_delete(self, case_id: str, counts: dict[str, int]) -> None:
        row = self.model.row_data(self.model.row_of(case_id))
        reference = row.reference if row else ""
        parts = [_("{kind}: {n}").format(kind=record_kind_label(kind), n=n)
                 for kind, n in sorted(counts.items())]
        detail = (_("With it go: {what}.").format(what="; ".join(parts)) if parts
                  else _("The case holds no records."))
        detail = _("{detail} The persons stay, since they may appear in other cases. This "
                   "cannot be undone, except from a backup.").format(detail=detail)
        if not self.session.prompts.confirm(
                self, _("Advocate"), _("Delete the case {reference}?").format(
                    reference=reference), detail=detail, ok_label=_("Delete"),
                destructive=True):
            return
        Op(self.session.worker, lambda store, _t: store.delete(case_id), parent=self) \
            .success(lambda _r: self.reload()).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        from advocate.errors import AdvocateError

        text = exc.text() if isinstance(exc, AdvocateError) else _(
            "That did not work because of an unexpected problem. Nothing was changed.")
        self.session.prompts.warn(self, _("Advocate"), text)
