"""The form for one record of any kind: validated as the user types, saved on the worker.

Each kind's fields are in ``ui.forms.specs``; the rules and their words are the core's
(``Record.validate`` and ``advocate.model.field_messages``). The message stands next to the field
it is about; Save stays disabled while anything is wrong. Closing with unsaved changes asks.

The window title is "Advocate" (titles never carry case data); the heading inside says what the
form is. ``unsaved_state()`` / ``restore_state()`` give the typed text as plain data so the lock
can keep it encrypted in the vault and offer it back after unlock (the shell's ``session.drafts``
registry, when present, is given ``unsaved_state``).
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from advocate.errors import AdvocateError, ValidationError
from advocate.i18n import _
from advocate.model import RECORD_TYPES, Action, Person, Record
from advocate.model.field_messages import field_problem
from ui.forms.editors import (
    FormContext,
    editor_text,
    editor_text_filled,
    fill_editor,
    make_editor,
    read_editor,
    restore_editor_text,
    retranslate_editor,
)
from ui.forms.kinds import kind_name
from ui.forms.specs import FORMS, SHOWN_WHEN, FieldSpec
from ui.session import Session
from ui.widgets.person_picker import PersonFinder, PersonPicker
from ui.worker import Op

ERROR_STYLE = "color: #a40000;"


def calm_error(exc: BaseException) -> str:
    """What to tell the user about a failure: the core's words, else a calm generic line."""
    if isinstance(exc, AdvocateError):
        return exc.text()
    # note: never the exception's own text: it may quote case data.
    return _("Something went wrong; nothing was saved. Please try again.")


#: The name record forms register under with the session's draft keeper.
DRAFT_FORM = "record_form"


class RecordDialog(QDialog):
    """Create or edit one record; ``record_saved(old, stored)`` after the store saved it."""

    #: The id of the record saved.
    saved = Signal(str)
    #: (the record before, or None for a new one; the record as stored).
    record_saved = Signal(object, object)

    def __init__(self, session: Session, kind: str, *, record: Record | None = None,
                 case_id: str = "", context: FormContext | None = None,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.context = context or FormContext()
        if self.context.finder is None:
            self.context.finder = PersonFinder(session.worker, [p.id for p in self.context.persons])
        self._old = record
        names = {f.name for f in fields(RECORD_TYPES[kind])}
        initial = {k: v for k, v in {"case_id": case_id, **(defaults or {})}.items()
                   if k in names and v is not None}
        self._base: Record = record or RECORD_TYPES[kind](**initial)
        self._specs: tuple[FieldSpec, ...] = FORMS[kind]
        self._editors: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}
        self._saving = False
        self._valid = False
        self._due_seq = 0  # the last due-date question asked of the store (older answers drop)
        self._due_preview: Action | None = None
        self.setObjectName(f"{kind}Form")
        self.setWindowTitle("Advocate")
        self.setModal(True)
        self._build()
        for spec in self._specs:
            fill_editor(spec, self._editors[spec.name], getattr(self._base, spec.name))
        for spec in self._specs:
            if spec.name in initial and self._old is None:
                fill_editor(spec, self._editors[spec.name], initial[spec.name])
        self._initial = self.unsaved_state()["fields"]
        self.retranslate()
        self.session.language_changed.connect(self.retranslate)
        self.validate()
        self.resize(640, min(720, 140 + 60 * len(self._specs)))
        self._register_draft()

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("formHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        body = QWidget()
        outer = QVBoxLayout(body)
        form = self._form = QFormLayout()
        outer.addLayout(form)
        # note: the room a short form does not need goes below its last row; given to the rows,
        # it opened gaps around the text boxes and left their labels floating above them.
        outer.addStretch(1)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for spec in self._specs:
            holder = QWidget(body)
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            editor = make_editor(spec, self.context, holder, self._revalidate)
            editor.setObjectName(f"field_{spec.name}")
            if isinstance(editor, PersonPicker):
                editor.new_person_requested.connect(
                    lambda e=editor: self._new_person(e))
            error = QLabel(holder)
            error.setObjectName(f"error_{spec.name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            box.addWidget(editor)
            box.addWidget(error)
            label = QLabel(body)
            label.setBuddy(editor)
            form.addRow(label, holder)
            self._editors[spec.name] = editor
            self._errors[spec.name] = error
            self._labels[spec.name] = label
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.general_error = QLabel(self)
        self.general_error.setObjectName("formError")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.accept)
        self.info = QLabel(self)
        self.info.setObjectName("formInfo")
        self.info.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.info)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def retranslate(self) -> None:
        """Every text of the form in the UI language."""
        what = kind_name(self.kind)
        self.heading.setText(
            _("New: {what}").format(what=what) if self._old is None
            else _("Edit: {what}").format(what=what))
        for spec in self._specs:
            words = _(spec.label)
            self._labels[spec.name].setText(words)
            self._editors[spec.name].setAccessibleName(words)
            retranslate_editor(spec, self._editors[spec.name])
        self.info.setText(self._info_text())
        self.info.setVisible(bool(self.info.text()))
        self.save_button.setText(_("Save"))
        self.save_button.setAccessibleName(_("Save"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.validate()

    def _info_text(self) -> str:
        """A line above the fields: for an action, the due date as the store counted it; for a
        consent about a minor, that the representative consents and the child assents."""
        if self.kind == "consent":
            return self._minor_note()
        if self.kind != "action":
            return ""
        from ui.views.workspace.columns import due_text
        shown = self._due_preview or self._old
        counted = due_text(shown) if isinstance(shown, Action) else ""
        note = _("The answer's due date is counted when you save, from the filing date and the "
                 "term (working days skip weekends and public holidays).")
        return _("Now: {due}. {note}").format(due=counted, note=note) if counted else note

    def _minor_note(self) -> str:
        picker = self._editors["person_id"]
        person = picker.person() if isinstance(picker, PersonPicker) else None
        if person is None or not person.was_minor_on(date.today()):
            return ""
        return _("{name} is a minor: the legal representative gives the consent (Given by), "
                 "and the child's own assent is recorded too.").format(
                     name=person.full_name or person.pseudonym)

    # --- validation ---------------------------------------------------------------------------

    def field_error(self, name: str) -> str:
        """The message shown next to a field ("" when none)."""
        label = self._errors[name]
        return label.text() if not label.isHidden() else ""

    def editor(self, name: str) -> QWidget:
        """The editor of a field (tests type into it)."""
        return self._editors[name]

    def candidate(self) -> tuple[Record | None, dict[str, str]]:
        """The record as typed, or None, and the message per field."""
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for spec in self._specs:
            try:
                values[spec.name] = read_editor(spec, self._editors[spec.name])
            except ValidationError as exc:
                problems[spec.name] = field_problem(exc)
        if problems:
            return None, problems
        record = replace(self._base, **values)
        try:
            record.validate()
        except ValidationError as exc:
            return None, {exc.field if exc.field in self._editors else "": field_problem(exc)}
        return record, {}

    def _revalidate(self) -> None:
        self.validate()
        if self.kind == "action":
            self._preview_due()

    def _preview_due(self) -> None:
        """An action's due date as the store will count it, shown while the filing day and the
        term are typed (asked of the store on the worker: its calendar, its rule)."""
        record, _problems = self.candidate()
        self._due_seq += 1
        seq = self._due_seq
        if not isinstance(record, Action):
            self._show_due(seq, None, None)
            return
        Op(self.session.worker, lambda store, _t: store.counted_due(record), parent=self) \
            .success(lambda due: self._show_due(seq, record, due)).run()

    def _show_due(self, seq: int, record: Action | None, due: Any) -> None:
        if seq != self._due_seq:
            return  # an answer for what was typed before
        self._due_preview = replace(record, due=due) if record is not None and due else None
        self.info.setText(self._info_text())
        self.info.setVisible(bool(self.info.text()))

    def validate(self) -> bool:
        """Check what is typed; show each message next to its field; Save only when valid."""
        if not hasattr(self, "save_button"):
            return False
        record, problems = self.candidate()
        for name, label in self._errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        general = problems.get("", "")
        self.general_error.setText(general)
        self.general_error.setVisible(bool(general))
        self._show_relevant_rows(problems)
        if self.kind == "consent":
            self.info.setText(self._minor_note())
            self.info.setVisible(bool(self.info.text()))
        self._valid = record is not None
        self.save_button.setEnabled(self._valid and not self._saving)
        return self._valid

    def _show_relevant_rows(self, problems: dict[str, str]) -> None:
        """Hide fields that do not apply (an official's institution for a witness); a field
        with a problem always shows."""
        for name, (other, values) in SHOWN_WHEN.get(self.kind, {}).items():
            try:
                value = read_editor(self._spec(other), self._editors[other])
            except ValidationError:
                value = None
            wanted = bool(value) if "__any__" in values else value in values
            holder = self._editors[name].parentWidget()
            if holder is not None:
                self._form.setRowVisible(holder, wanted or name in problems
                                         or editor_text_filled(self._editors[name]))

    def _spec(self, name: str) -> FieldSpec:
        return next(s for s in self._specs if s.name == name)

    # --- saving and closing -------------------------------------------------------------------

    def is_dirty(self) -> bool:
        """Whether anything was changed since the form opened."""
        return bool(self.unsaved_state()["fields"] != self._initial)

    def accept(self) -> None:
        """Save on the worker; the form closes when the store has saved."""
        record, _problems = self.candidate()
        if record is None or self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        is_new = self._old is None

        def save(store: Any, _task: Any) -> Record:
            stored: Record = store.add(record) if is_new else store.update(record)
            return stored

        Op(self.session.worker, save, parent=self).success(self._saved).failure(
            self._failed).run()

    def _saved(self, stored: Record) -> None:
        self._saving = False
        self._initial = self.unsaved_state()["fields"]
        self.record_saved.emit(self._old, stored)
        self.saved.emit(stored.id)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.general_error.setText(calm_error(exc))
        self.general_error.show()
        self.validate()

    def reject(self) -> None:
        """Close; with unsaved changes, only after the user agrees to drop them (never asks
        while the app locks: a lock never waits on a prompt)."""
        if self.session.is_open and self.is_dirty() and not self.session.prompts.confirm(
                self, "Advocate", _("Close the form without saving your changes?"),
                ok_label=_("Discard changes"), destructive=True):
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button asks like Cancel does (never while locking: no prompts)."""
        asks = (self.session.is_open and self.is_dirty()
                and self.result() != QDialog.DialogCode.Accepted)
        if asks and not self.session.prompts.confirm(
                self, "Advocate", _("Close the form without saving your changes?"),
                ok_label=_("Discard changes"), destructive=True):
            event.ignore()
            return
        event.accept()

    # --- drafts (kept through a lock) ---------------------------------------------------------

    def unsaved_state(self) -> dict[str, Any]:
        """What is typed, as plain data (no widgets), to keep through a lock."""
        return {"kind": self.kind, "record_id": self._base.id,
                "case_id": getattr(self._base, "case_id", ""),
                "fields": {name: editor_text(e) for name, e in self._editors.items()}}

    def restore_state(self, state: dict[str, Any]) -> None:
        """Put back what ``unsaved_state`` returned."""
        for name, value in state.get("fields", {}).items():
            if name in self._editors:
                restore_editor_text(self._editors[name], value)
        self.validate()

    def _register_draft(self) -> None:
        """Offer what is typed to the session's draft keeper: kept in the vault at a lock."""
        case_id = getattr(self._base, "case_id", "") or (
            self._base.id if self.kind == "case" and self._old is not None else "")
        handle = self.session.drafts.register(DRAFT_FORM, self._draft_state,
                                              case_id=case_id or None)
        self.finished.connect(lambda _result: handle.unregister())

    def _draft_state(self) -> dict[str, Any] | None:
        """The unsaved state when something was changed, else None (nothing to keep)."""
        state = self.unsaved_state()
        return state if state["fields"] != self._initial else None

    # --- new person ---------------------------------------------------------------------------

    def _new_person(self, picker: PersonPicker) -> None:
        dialog = RecordDialog(self.session, "person", context=self.context, parent=self)

        def added(_old: object, person: Person) -> None:
            self.context.persons.append(person)
            for editor in self._editors.values():
                if isinstance(editor, PersonPicker):
                    editor.remember(person)
            picker.set_person(person.id)
            self.validate()

        dialog.record_saved.connect(added)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
