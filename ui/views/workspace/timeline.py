"""One timeline of the case: incidents, threats, actions, answers and hearings in date order.

Each entry stands in a lane: the case itself, or the proceeding an action or hearing belongs to
(a lane per proceeding; the lane filter shows one). Partial dates sort by the first day they may
mean, then by the last (so "May 2018" comes before "12 May 2018", and "2018" before both);
undated entries come last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advocate.i18n import N_, _
from advocate.model import CaseFile, Record
from advocate.model.dates import PartialDate
from ui.forms.kinds import kind_name
from ui.views.workspace.columns import first_line, when
from ui.views.workspace.record_table import Column, RecordTableModel
from ui.views.workspace.tabs import apply_widths, make_table

if TYPE_CHECKING:
    from ui.views.case_workspace import CaseWorkspace

ALL = "__all__"


@dataclass(frozen=True)
class TimelineEntry:
    """One row of the timeline."""

    id: str  # unique per row ("<action id>:answer" for an answer)
    what: str  # entry kind: incident, threat, action, answer, hearing
    date: PartialDate | None
    time: str
    lane: str  # proceeding id, or "" for the case itself
    text: str
    record: Record

    def order(self) -> tuple[int, str, str, str]:
        """Undated last; then earliest day, latest day, time."""
        if self.date is None:
            return (1, "", "", "")
        return (0, self.date.earliest().isoformat(), self.date.latest().isoformat(), self.time)


def timeline_entries(cf: CaseFile) -> list[TimelineEntry]:
    """Every dated event of the case file, in order."""
    out: list[TimelineEntry] = []
    for i in cf.incidents:
        out.append(TimelineEntry(i.id, "incident", i.date, "", "", i.title, i))
    for t in cf.threats:
        out.append(TimelineEntry(t.id, "threat", t.received, "", "", first_line(t.words), t))
    for a in cf.actions:
        out.append(TimelineEntry(a.id, "action", a.filed, "", a.proceeding_id,
                                 f"{a.title} — {a.addressee}" if a.addressee else a.title, a))
        if a.response_date is not None or a.response:
            out.append(TimelineEntry(f"{a.id}:answer", "answer", a.response_date, "",
                                     a.proceeding_id, first_line(a.response) or a.title, a))
    for h in cf.hearings:
        out.append(TimelineEntry(h.id, "hearing", h.date, h.time, h.proceeding_id,
                                 first_line(h.outcome) or h.place, h))
    return sorted(out, key=TimelineEntry.order)


class TimelineTab(QWidget):
    """The timeline table with a lane filter."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__(workspace)
        self.workspace = workspace
        self._entries: list[TimelineEntry] = []
        self.model = RecordTableModel([
            Column(N_("When"), lambda e: (when(e.date) + (f", {e.time}" if e.time else "")),
                   width=250),
            Column(N_("Lane"), self._lane_name, width=260),
            Column(N_("What"), lambda e: _what(e.what), width=170),
            Column(N_("Details"), lambda e: e.text),
        ], self)
        self.table = make_table(self, "timelineTable")
        self.table.setModel(self.model)
        apply_widths(self.table, self.model)
        self.table.doubleClicked.connect(self._open)
        self.lane_label = QLabel(self)
        self.lane = QComboBox(self)
        self.lane.setObjectName("timelineLane")
        self.lane_label.setBuddy(self.lane)
        self.lane.currentIndexChanged.connect(lambda _i: self._show())
        row = QHBoxLayout()
        row.addWidget(self.lane_label)
        row.addWidget(self.lane)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def retranslate(self) -> None:
        """Texts in the UI language."""
        self.lane_label.setText(_("Show:"))
        self.lane.setAccessibleName(_("Which lane of the timeline to show"))
        self.table.setAccessibleName(_("Timeline"))
        if self.lane.count():
            self.lane.setItemText(0, _("Everything"))
            self.lane.setItemText(1, _("The case itself"))
        self.model.retranslate()

    def set_case_file(self, cf: CaseFile) -> None:
        """Rebuild the entries and the lanes."""
        chosen = self.lane.currentData()
        self._entries = timeline_entries(cf)
        self.lane.blockSignals(True)
        self.lane.clear()
        self.lane.addItem(_("Everything"), ALL)
        self.lane.addItem(_("The case itself"), "")
        for proceeding in cf.proceedings:
            self.lane.addItem(proceeding.title, proceeding.id)
        self.lane.setCurrentIndex(max(self.lane.findData(chosen), 0) if chosen else 0)
        self.lane.blockSignals(False)
        self._show()

    def _show(self) -> None:
        lane = self.lane.currentData()
        rows = [e for e in self._entries if lane in (None, ALL) or e.lane == lane]
        self.model.set_rows(rows)

    def _lane_name(self, entry: TimelineEntry) -> str:
        cf = self.workspace.case_file
        if entry.lane and cf is not None:
            for proceeding in cf.proceedings:
                if proceeding.id == entry.lane:
                    return proceeding.title
        return _("Case")

    def _open(self, index: Any) -> None:
        entry = self.model.row_object(index.row())
        self.workspace.edit_record(entry.record)


def _what(kind: str) -> str:
    if kind == "answer":
        return _("Answer received")
    return kind_name(kind)
