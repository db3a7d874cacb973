"""The editor widget for each kind of field, and how to read and fill it.

Each editor reports edits through one ``changed`` callback so the form re-validates as the user
types. Reading may raise the core's ValidationError (an unreadable date); the form shows it next
to the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from advocate.i18n import _, language
from advocate.model import CaseFile, Person
from ui.forms.specs import FieldSpec
from ui.labels import label, labels
from ui.widgets.partial_date_edit import PartialDateEdit
from ui.widgets.person_picker import PersonFinder, PersonPicker, person_name


@dataclass
class FormContext:
    """What pickers choose from: the case's records, the persons offered before anything is
    typed (the case's own), and where the person pickers find the vault's other persons."""

    case_file: CaseFile | None = None
    persons: list[Person] = field(default_factory=list)
    finder: PersonFinder | None = None

    def case_persons(self) -> list[Person]:
        """Persons of the case (roles and records), else the persons given."""
        if self.case_file is not None and self.case_file.persons:
            return list(self.case_file.persons.values())
        return list(self.persons)


def preset_names() -> dict[str, str]:
    """The complaint addressee presets (resources/reports/addressees.json), named in the UI
    language."""
    from advocate.reports.texts import addressee_presets
    lang = language()
    return {key: preset.names.get(lang) or preset.names.get("en", key)
            for key, preset in addressee_presets().items()}


def make_editor(spec: FieldSpec, ctx: FormContext, parent: QWidget,
                changed: Callable[[], None]) -> QWidget:
    """A new editor for a field, wired to ``changed``."""
    kind = spec.editor
    editor: QWidget
    if kind == "text":
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setMinimumHeight(60)
        editor.setMaximumHeight(110)
        editor.textChanged.connect(changed)
    elif kind in ("date", "day"):
        editor = PartialDateEdit(parent, exact_day=kind == "day")
        editor.edited.connect(changed)
    elif kind in ("enum", "optional_enum"):
        editor = QComboBox(parent)
        if kind == "optional_enum":
            editor.addItem(_("— not set —"), None)
        assert spec.enum is not None
        for member, words in labels(spec.enum):
            editor.addItem(words, member)
        editor.currentIndexChanged.connect(lambda _i: changed())
    elif kind == "bool":
        editor = QCheckBox(parent)
        editor.toggled.connect(lambda _b: changed())
    elif kind == "tristate":
        editor = QComboBox(parent)
        for value, words in ((None, _("Not asked (not a minor)")), (True, _("The child agreed")),
                             (False, _("The child did not agree"))):
            editor.addItem(words, value)
        editor.currentIndexChanged.connect(lambda _i: changed())
    elif kind == "int":
        editor = QSpinBox(parent)
        editor.setRange(0, 3650)
        editor.setSpecialValueText(_("no term"))
        editor.valueChanged.connect(lambda _v: changed())
    elif kind in ("person", "optional_person"):
        editor = PersonPicker(parent, optional=kind == "optional_person", finder=ctx.finder)
        editor.set_persons(ctx.persons)
        editor.person_changed.connect(lambda _p: changed())
        editor.line.textChanged.connect(lambda _t: changed())
    elif kind in ("persons", "evidence"):
        editor = QListWidget(parent)
        editor.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        editor.setMaximumHeight(90)
        entries = ([(p.id, person_name(p)) for p in ctx.case_persons()] if kind == "persons"
                   else [(e.id, e.original_name) for e in
                         (ctx.case_file.evidence if ctx.case_file else [])])
        for record_id, words in sorted(entries, key=lambda x: x[1].casefold()):
            item = QListWidgetItem(words, editor)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        editor.itemChanged.connect(lambda _i: changed())
    elif kind == "preset":
        editor = QComboBox(parent)
        for key, name in preset_names().items():
            editor.addItem(name, key)
        editor.currentIndexChanged.connect(lambda _i: changed())
    elif kind == "proceeding":
        editor = QComboBox(parent)
        editor.addItem(_("— none —"), "")
        for proceeding in (ctx.case_file.proceedings if ctx.case_file else []):
            editor.addItem(proceeding.title, proceeding.id)
        editor.currentIndexChanged.connect(lambda _i: changed())
    else:  # line, list
        editor = QLineEdit(parent)
        editor.textChanged.connect(lambda _t: changed())
    return editor


def retranslate_editor(spec: FieldSpec, editor: QWidget) -> None:
    """Words inside an editor (enumeration names, "nobody", placeholders) in the UI language."""
    if isinstance(editor, PersonPicker):
        editor.retranslate()
    elif isinstance(editor, PartialDateEdit):
        editor.retranslate()
    elif isinstance(editor, QComboBox) and spec.enum is not None:
        for i in range(editor.count()):
            data = editor.itemData(i)
            editor.setItemText(i, label(spec.enum(data)) if data is not None
                               else _("— not set —"))
    elif isinstance(editor, QComboBox) and spec.editor == "tristate":
        for i, words in enumerate((_("Not asked (not a minor)"), _("The child agreed"),
                                   _("The child did not agree"))):
            editor.setItemText(i, words)
    elif isinstance(editor, QSpinBox):
        editor.setSpecialValueText(_("no term"))


def read_editor(spec: FieldSpec, editor: QWidget) -> Any:
    """The value in an editor, in the record's type (may raise the core's ValidationError)."""
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText().strip()
    if isinstance(editor, PartialDateEdit):
        return editor.value()
    if isinstance(editor, PersonPicker):
        return editor.person_id()
    if isinstance(editor, QComboBox):
        data = editor.currentData()
        # note: Qt hands a StrEnum back as a plain str; the record wants the member.
        return spec.enum(data) if spec.enum is not None and data is not None else data
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox):
        return editor.value() or None
    if isinstance(editor, QListWidget):
        return [str(editor.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(editor.count())
                if editor.item(i).checkState() == Qt.CheckState.Checked]
    assert isinstance(editor, QLineEdit)
    if spec.editor == "list":
        return [part.strip() for part in editor.text().split(",") if part.strip()]
    return editor.text().strip()


def fill_editor(spec: FieldSpec, editor: QWidget, value: Any) -> None:
    """Show a record's value in an editor."""
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText(value or "")
    elif isinstance(editor, PartialDateEdit):
        editor.set_value(value)
    elif isinstance(editor, PersonPicker):
        editor.set_person(value or "")
    elif isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(editor.findData(value), 0))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(value or 0))
    elif isinstance(editor, QListWidget):
        wanted = set(value or [])
        for i in range(editor.count()):
            item = editor.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    elif isinstance(editor, QLineEdit):
        editor.setText(", ".join(value) if spec.editor == "list" else (value or ""))


def editor_text(editor: QWidget) -> Any:
    """What an editor shows, as plain data (kept when the app locks, offered back after)."""
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, PartialDateEdit):
        return editor.text()
    if isinstance(editor, PersonPicker):
        return editor.person_id()
    if isinstance(editor, QComboBox):
        return editor.currentIndex()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QListWidget):
        return [i for i in range(editor.count())
                if editor.item(i).checkState() == Qt.CheckState.Checked]
    assert isinstance(editor, QLineEdit)
    return editor.text()


def editor_text_filled(editor: QWidget) -> bool:
    """Whether a field holds something typed or chosen (such a field is never hidden)."""
    if isinstance(editor, PersonPicker):
        return bool(editor.person_id())
    if isinstance(editor, QPlainTextEdit):
        return bool(editor.toPlainText().strip())
    if isinstance(editor, PartialDateEdit):
        return bool(editor.text().strip())
    if isinstance(editor, QLineEdit):
        return bool(editor.text().strip())
    return False


def restore_editor_text(editor: QWidget, value: Any) -> None:
    """Put back what ``editor_text`` returned."""
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText(str(value))
    elif isinstance(editor, PartialDateEdit):
        editor.setText(str(value))
    elif isinstance(editor, PersonPicker):
        editor.set_person(str(value))
    elif isinstance(editor, QComboBox):
        editor.setCurrentIndex(int(value))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(value))
    elif isinstance(editor, QListWidget):
        for i in range(editor.count()):
            state = Qt.CheckState.Checked if i in value else Qt.CheckState.Unchecked
            editor.item(i).setCheckState(state)
    elif isinstance(editor, QLineEdit):
        editor.setText(str(value))
