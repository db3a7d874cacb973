"""Search across the vault as you type: Cyrillic or Latin, results grouped by kind.

The query runs on the worker (the reader lane when there is one) ~150 ms after the last key;
answers to older queries are dropped. The folding that makes "Aigerim" find "Айгерім" is the
core's (``advocate.store.search``). Each result opens its record's case.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from advocate.i18n import _, ngettext
from advocate.store.search import SearchHit
from ui.a11y import name_clear_button
from ui.labels import record_kind_label
from ui.session import Session
from ui.views.dashboard import excerpt
from ui.worker import Op

SEARCH_DELAY_MS = 150
#: The newest hits shown as the user types (issue 14: 200 decoded and laid out cost 79 ms on
#: the slowest key at a million records; the summary says when the search stopped here).
LIMIT = 100
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The order of the groups: cases first, then what a lawyer looks for most.
KIND_ORDER = ("case", "person", "threat", "action", "incident", "hearing", "proceeding",
              "evidence", "note", "consent", "complaint", "role", "relation")


class SearchView(QWidget):
    """A search box and the results by kind; ``open_case(case_id)`` on Enter/double-click."""

    open_case = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchView")
        self.session = session
        self._seq = 0
        self._hits: list[SearchHit] = []
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setClearButtonEnabled(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("searchSummary")
        self.results = QTreeWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setColumnCount(3)
        self._references: dict[str, str] = {}
        self.results.setTabKeyNavigation(False)
        self.results.setUniformRowHeights(True)
        self.results.itemActivated.connect(self._activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_query)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self._first_result)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.box)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.retranslate()
        session.language_changed.connect(self.retranslate)

    def retranslate(self) -> None:
        """Set the texts in the current language (the groups too)."""
        self.heading.setText(_("Search"))
        self.box.setPlaceholderText(_("Names, words, numbers — in Cyrillic or Latin"))
        self.box.setAccessibleName(_("Search the vault"))
        name_clear_button(self.box)
        self.results.setHeaderLabels([_("Found"), _("Case"), _("Context")])
        self.results.setAccessibleName(_("Search results"))
        self._show(self._seq, self._hits)

    def focus_box(self) -> None:
        """Put the cursor in the search box, its text selected."""
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def run_query(self) -> None:
        """Search for what is typed now (on the worker)."""
        self._seq += 1
        seq, query = self._seq, self.box.text().strip()
        if not query:
            self._show(seq, [])
            return
        def fn(store: Any, _task: Any) -> tuple[list[SearchHit], dict[str, str]]:
            hits = store.search(query, limit=LIMIT)
            cases = [h.case_id or h.id for h in hits if h.case_id or h.kind == "case"]
            return hits, store.case_references(cases)

        Op(self.session.worker, fn, parent=self) \
            .success(lambda found: self._show(seq, *found)).reading().run()

    def _show(self, seq: int, hits: list[SearchHit],
              references: dict[str, str] | None = None) -> None:
        if seq != self._seq:
            return
        self._hits = hits
        if references is not None:
            self._references = references
        self.results.clear()
        groups: dict[str, list[SearchHit]] = defaultdict(list)
        for hit in hits:
            groups[hit.kind].append(hit)
        order = sorted(groups, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 99)
        for kind in order:
            name = record_kind_label(kind)
            head = QTreeWidgetItem(self.results, [_("{kind} ({n})").format(
                kind=name[:1].upper() + name[1:], n=len(groups[kind]))])
            head.setFirstColumnSpanned(True)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            for hit in groups[kind]:
                case_id = hit.case_id or (hit.id if hit.kind == "case" else None)
                same = hit.excerpt[:30].strip("…") in hit.label or hit.label[:30] in hit.excerpt
                context = "" if same else hit.excerpt
                item = QTreeWidgetItem(head, [excerpt(hit.label),
                                              self._references.get(case_id or "", ""),
                                              excerpt(context)])
                item.setData(0, CASE_ID_ROLE, case_id)
                if case_id is None:
                    item.setToolTip(0, _("Not part of one case"))
        self.results.expandAll()
        self.results.setColumnWidth(0, max(200, self.results.width() // 2))
        self.results.resizeColumnToContents(1)
        if self.box.text().strip() and len(hits) >= LIMIT:
            # note: the search stops at LIMIT hits, newest first; "200 found" read as a count
            self.summary.setText(_("The newest {n} records found are shown; type more words to "
                                   "narrow the search.").format(n=len(hits)))
        elif self.box.text().strip():
            self.summary.setText(ngettext("{n} record found", "{n} records found",
                                          len(hits)).format(n=len(hits)))
        else:
            self.summary.setText("")

    def group_titles(self) -> list[str]:
        """The titles of the result groups, in order (tests)."""
        heads = [self.results.topLevelItem(i) for i in range(self.results.topLevelItemCount())]
        return [head.text(0) for head in heads if head is not None]

    def _first_result(self) -> None:
        head = self.results.topLevelItem(0)
        first = head.child(0) if head is not None and head.childCount() else None
        if first is not None:
            self.results.setFocus()
            self.results.setCurrentItem(first)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        case_id = item.data(0, CASE_ID_ROLE)
        if case_id:
            self.open_case.emit(str(case_id))
