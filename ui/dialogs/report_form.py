"""The report dialog's form: its widgets laid out (the behaviour is in ``report_dialog``).

Split from report_dialog.py to keep each file readable: this part only builds and places the
widgets, each with the objectName tests find it by.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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
        self.complaint_form = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        for name, widget in (("kind", self.kind), ("lang", self.lang),
                             ("addressee", self.addressee), ("profile", self.profile),
                             ("", self.redact)):
            self.form.addRow(self._label(name, widget), widget)
        field: QWidget
        for name, field in (("addressee_text", self.addressee_text),
                             ("authority_kind", self.authority_kind),
                             ("authority", self.authority), ("complained_of", self.complained_of),
                             ("officials", self.officials), ("events", self._events_box()),
                             ("legal_grounds", self.legal_grounds), ("request", self.request),
                             ("place", self.place), ("", self.confidential)):
            self.complaint_form.addRow(self._label(name, field), field)
        self.complaint_box = QWidget(self)
        box_layout = QVBoxLayout(self.complaint_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        self.complaint_heading = QLabel(self.complaint_box)
        self.complaint_heading.setStyleSheet("font-weight: bold;")
        box_layout.addWidget(self.complaint_heading)
        box_layout.addLayout(self.complaint_form)
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
        right_layout.addWidget(self.code_label)
        actions = QHBoxLayout()
        for button in (self.save_pdf_button, self.print_button, self.check_code_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        right_layout.addLayout(actions)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)

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
        self._labels[name] = label
        return label

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
