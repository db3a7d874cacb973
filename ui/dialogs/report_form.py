"""The report dialog's form: its widgets laid out (the behaviour is in ``report_dialog``).

Split from report_dialog.py to keep each file readable: this part only builds and places the
widgets, each with the objectName tests find it by.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.progress_panel import ProgressPanel

#: The complaint's fields go in two columns from this width of the form (pixels).
TWO_COLUMNS_FROM = 880
#: The widest a field's label gets (longer ones wrap), so the fields keep the columns' width.
LABEL_MAX = 170
#: The index of the preview in ``pages`` (0: the hint shown until there is one).
PAGES_SHOWN = 1
#: While no pages are shown, their side takes this share of the width (%), at least the minimum.
PAGES_SIDE_SHARE = 22
PAGES_SIDE_MIN = 260
#: While pages are shown, the form keeps this width (the pages get the rest, at least half).
LEFT_WITH_PAGES = 560


class FormColumns(QWidget):
    """Two form layouts, side by side when the widget is at least ``wide`` pixels wide, else
    the second under the first."""

    def __init__(self, parent: QWidget, wide: int) -> None:
        super().__init__(parent)
        self.wide = wide
        self.first = QFormLayout()
        self.second = QFormLayout()
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addLayout(self.first, 1)
        self.box.addLayout(self.second, 1)

    def side_by_side(self) -> bool:
        """Whether the two columns are side by side now."""
        return self.box.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event: Any) -> None:
        """Side by side or one under the other, by the width given."""
        wanted = (QBoxLayout.Direction.LeftToRight if event.size().width() >= self.wide
                  else QBoxLayout.Direction.TopToBottom)
        if self.box.direction() != wanted:
            self.box.setDirection(wanted)
            self.box.setSpacing(24 if wanted == QBoxLayout.Direction.LeftToRight else -1)
        super().resizeEvent(event)


class ReportForm(QDialog):
    """Widget factories and the layout of the report dialog (subclassed by ReportDialog)."""

    # The subclass creates these widgets before calling _lay_out.
    kind: QComboBox
    lang: QComboBox
    addressee: QComboBox
    profile: QComboBox
    authority_kind: QComboBox
    redact: QCheckBox
    confidential: QCheckBox
    addressee_text: QPlainTextEdit
    complained_of: QPlainTextEdit
    legal_grounds: QPlainTextEdit
    request: QPlainTextEdit
    authority: QLineEdit
    place: QLineEdit
    heading: QLabel
    code_label: QLabel
    gaps: QListWidget
    officials: QListWidget
    events: QListWidget
    events_hint: QLabel
    pages: QStackedWidget
    progress: ProgressPanel
    save_draft_button: QPushButton
    fix_button: QPushButton
    render_button: QPushButton
    save_pdf_button: QPushButton
    print_button: QPushButton
    check_code_button: QPushButton
    close_button: QPushButton

    def _combo_changed(self, combo: QComboBox) -> None:
        raise NotImplementedError

    def _texts_changed(self) -> None:
        raise NotImplementedError

    def _lay_out(self) -> None:
        self.form = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        for name, widget in (("kind", self.kind), ("lang", self.lang),
                             ("addressee", self.addressee), ("profile", self.profile),
                             ("", self.redact)):
            self.form.addRow(self._label(name, widget), widget)
        self.complaint_box = QWidget(self)
        # note: the complaint's fields in two columns when the form is wide (no preview shown
        # yet: the form has most of the window), one under the other when the preview is
        # there; the order read (and tabbed through) is the same either way.
        self.complaint_columns = FormColumns(self.complaint_box, TWO_COLUMNS_FROM)
        field: QWidget
        for column, rows in ((self.complaint_columns.first,
                              (("addressee_text", self.addressee_text),
                               ("authority_kind", self.authority_kind),
                               ("authority", self.authority),
                               ("complained_of", self.complained_of),
                               ("officials", self.officials))),
                             (self.complaint_columns.second,
                              (("events", self._events_box()),
                               ("legal_grounds", self.legal_grounds), ("request", self.request),
                               ("place", self.place), ("", self.confidential)))):
            for name, field in rows:
                column.addRow(self._label(name, field), field)
        box_layout = QVBoxLayout(self.complaint_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        self.complaint_heading = QLabel(self.complaint_box)
        self.complaint_heading.setStyleSheet("font-weight: bold;")
        box_layout.addWidget(self.complaint_heading)
        box_layout.addWidget(self.complaint_columns)
        box_layout.addWidget(self.save_draft_button, 0, Qt.AlignmentFlag.AlignRight)
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        column.addLayout(self.form)
        column.addWidget(self.complaint_box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        self.gaps_heading = QLabel(self)
        self.gaps_heading.setStyleSheet("font-weight: bold;")
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(scroll, 3)
        left_layout.addWidget(self.gaps_heading)
        left_layout.addWidget(self.gaps, 1)
        row = QHBoxLayout()
        row.addWidget(self.fix_button)
        row.addStretch(1)
        row.addWidget(self.render_button)
        left_layout.addLayout(row)
        left_layout.addWidget(self.progress)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.pages, 1)
        self.code_label.setWordWrap(True)
        right_layout.addWidget(self.code_label)
        # note: the buttons for what is shown run under both sides, so the side of the pages
        # can be narrow while there are none (its buttons made it 750 px wide in Kazakh)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.save_pdf_button, self.print_button, self.check_code_button):
            actions.addWidget(button)
        actions.addSpacing(24)
        actions.addWidget(self.close_button)
        self.splitter = QSplitter(self)
        self.splitter.setObjectName("reportSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(actions)

    def fit_panes(self) -> None:
        """Give the width to what is being worked on: the form while no pages are shown (the
        side of the pages keeps only its hint), the pages once they are there."""
        total = sum(self.splitter.sizes()) or self.width()
        showing = self.pages.currentIndex() == PAGES_SHOWN
        right = max(total - LEFT_WITH_PAGES, total // 2) if showing \
            else max(PAGES_SIDE_MIN, total * PAGES_SIDE_SHARE // 100)
        self.splitter.setSizes([total - right, right])

    def showEvent(self, event: Any) -> None:
        """The panes are sized when the dialog is first shown (at its real width)."""
        super().showEvent(event)
        if not self._panes_fitted:
            self._panes_fitted = True
            self.fit_panes()

    _panes_fitted = False

    def _events_box(self) -> QWidget:
        """The events list with the hint of what an empty choice means under it."""
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.events)
        layout.addWidget(self.events_hint)
        return box

    def _label(self, name: str, buddy: QWidget) -> QLabel | str:
        if not name:
            return ""
        label = QLabel(self)
        label.setBuddy(self.events if name == "events" else buddy)
        label.setWordWrap(True)
        label.setMaximumWidth(LABEL_MAX)  # long labels wrap, the fields keep the width
        self._labels[name] = label
        return label

    @staticmethod
    def set_label(label: QLabel, text: str) -> None:
        """Set a field's label: on one line when it fits in ``LABEL_MAX``, else wrapped there
        (a wrapping label alone chose narrow widths and broke "Acting as:" in two)."""
        label.setText(text)
        wanted = label.fontMetrics().horizontalAdvance(text.replace("&", "")) + 4
        label.setMinimumWidth(min(wanted, LABEL_MAX))

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        # long addressee names (Kazakh) must not widen the form past the window
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(16)
        combo.currentIndexChanged.connect(lambda _i: self._combo_changed(combo))
        return combo

    def _text(self, name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(70)
        edit.textChanged.connect(self._texts_changed)
        return edit

    def _checklist(self, name: str, rows: int) -> QListWidget:
        """A list of check boxes (officials, events) ``rows`` rows high; a tick counts as an
        edit of the draft. Rows keep to one line, cut with "…" (the whole text in the tooltip),
        so the form never scrolls sideways."""
        listed = QListWidget(self)
        listed.setObjectName(name)
        listed.setUniformItemSizes(True)  # hundreds of threats: no measuring of each row
        listed.setTextElideMode(Qt.TextElideMode.ElideRight)
        listed.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        listed.setProperty("rows", rows)
        self._fit_rows(listed)
        listed.itemChanged.connect(lambda _item: self._texts_changed())
        return listed

    def _fill_checklist(self, listed: QListWidget, rows: list[tuple[str, str]],
                        ticked: set[str]) -> None:
        """Show ``rows`` (id, label) in a check list, ticking the ids in ``ticked``; the row
        that was current stays current when it is still there."""
        shown = [(str(listed.item(i).data(Qt.ItemDataRole.UserRole)), listed.item(i).text())
                 for i in range(listed.count())]
        if shown == rows:
            return  # nothing of it changed: the user's place in the list is kept as it is
        current = listed.currentItem()
        current_id = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        listed.clear()
        for record_id, text in rows:
            item = QListWidgetItem(text, listed)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if record_id in ticked
                               else Qt.CheckState.Unchecked)
            if record_id == current_id:
                listed.setCurrentItem(item)
        self._fit_rows(listed)

    @staticmethod
    def _fit_rows(listed: QListWidget) -> None:
        """As high as its rows, up to its ``rows`` (a short list leaves no empty box)."""
        shown = max(1, min(listed.count() or int(listed.property("rows")),
                           int(listed.property("rows"))))
        row = listed.sizeHintForRow(0) if listed.count() else listed.fontMetrics().height() + 4
        listed.setFixedHeight(shown * row + 2 * listed.frameWidth() + 2)

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.textChanged.connect(self._texts_changed)
        return edit

    def _button(self, name: str, slot: Any) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button
