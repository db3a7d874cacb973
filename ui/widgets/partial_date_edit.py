"""A field for dates as people type them: "May 2018", "мамыр 2018", "about 2018", "2018–2019".

The reading is the core's (``advocate.model.date_input``); this widget only shows what was
understood, in words, under the field, or the core's message when it could not read it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from advocate.errors import ValidationError
from advocate.i18n import _, language
from advocate.model.date_input import format_partial_date, parse_day, parse_partial_date
from advocate.model.dates import PartialDate
from ui.a11y import name_clear_button


class PartialDateEdit(QWidget):
    """A line edit that holds a partial date (or, with ``exact_day``, one exact day)."""

    #: Emitted on every keystroke (the form re-validates).
    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, exact_day: bool = False) -> None:
        super().__init__(parent)
        self._exact_day = exact_day
        self.line = QLineEdit(self)
        self.line.setObjectName("dateText")
        self.line.setClearButtonEnabled(True)
        # note: says back what was understood ("→ May 2018"), so a misread is seen at once.
        self.understood = QLabel(self)
        self.understood.setObjectName("dateUnderstood")
        self.understood.setStyleSheet("color: palette(placeholder-text);")
        self.understood.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.line)
        layout.addWidget(self.understood)
        self.setFocusProxy(self.line)
        self.line.textChanged.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        """Placeholder text in the UI language."""
        self.line.setPlaceholderText(
            _("12.05.2018") if self._exact_day
            else _("e.g. 12.05.2018, May 2018, about 2018, 2018–2019"))
        name_clear_button(self.line)

    def setAccessibleName(self, name: str) -> None:
        """Name the field and its typing line alike (the line is what takes the focus)."""
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)

    def _changed(self, text: str) -> None:
        try:
            value = self.value()
        except ValidationError:
            value = None
        words = ""
        if value is not None:
            shown = value if isinstance(value, PartialDate) else PartialDate.of(value)
            words = format_partial_date(shown, language())
        self.understood.setText(_("→ {date}").format(date=words) if words else "")
        self.understood.setVisible(bool(words) and words != text.strip())
        self.edited.emit()

    def text(self) -> str:
        """What is typed."""
        return self.line.text()

    def setText(self, text: str) -> None:
        """Replace what is typed."""
        self.line.setText(text)

    def value(self) -> PartialDate | date | None:
        """The date typed, or None when empty; raises the core's DateInputError when unreadable."""
        text = self.line.text().strip()
        if not text:
            return None
        if self._exact_day:
            return parse_day(text, language())
        return parse_partial_date(text, language())

    def problem(self) -> ValidationError | None:
        """The core's error for what is typed, or None when it reads (or is empty)."""
        try:
            self.value()
        except ValidationError as exc:
            return exc
        return None

    def set_value(self, value: PartialDate | date | None) -> None:
        """Show a date in words of the UI language."""
        if value is None:
            self.line.setText("")
        elif isinstance(value, PartialDate):
            self.line.setText(format_partial_date(value, language()))
        else:
            self.line.setText(format_partial_date(PartialDate.of(value), language()))
