"""Record forms validate as the user types, say what is wrong next to the field, and never drop
typed work without asking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QScrollBar, QWidget

from advocate.i18n import using
from advocate.model.date_input import NoSuchDayError, UnreadableDateError
from tests.ui.workspace_support import WAIT, ask, fill, open_session, open_workspace, type_text
from ui.forms.record_form import RecordDialog
from ui.prompts import Prompts
from ui.worker import VaultWorker


def _workspace(qtbot: Any, worker: VaultWorker, prompts: Prompts, path: Path) -> Any:
    session = open_session(qtbot, worker, prompts, path)
    cases = ask(qtbot, session, lambda s: s.cases())
    return open_workspace(qtbot, session, max(cases, key=lambda c: c.threats).id)


def test_an_invalid_date_is_named_next_to_its_field_and_save_is_disabled(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    target = workspace.case_file.roles[0].person_id
    form = workspace.new_record("threat")
    fill(qtbot, form, target_ids=[target], words="Не ходите в суд")
    type_text(qtbot, form.editor("received").line, "31.02.2018")
    assert form.field_error("received") == NoSuchDayError("31.02.2018").text("en")
    assert not form.save_button.isEnabled()
    fill(qtbot, form, received="мамыр 2018")
    assert form.field_error("received") == ""
    assert form.editor("received").understood.text() == "→ May 2018"
    assert form.save_button.isEnabled()


def test_the_message_is_in_the_ui_language(qtbot: Any, worker: VaultWorker, prompts: Prompts,
                                           demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    with using("ru"):
        form = workspace.new_record("note")
        fill(qtbot, form, date="soon")
        words = form.field_error("date")
    assert words == UnreadableDateError("soon").text("ru")
    assert words != UnreadableDateError("soon").text("en")
    prompts.answer_next(True)
    form.reject()


def test_a_rule_of_the_record_is_shown_next_to_the_field_it_is_about(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    form = workspace.new_record("action")
    fill(qtbot, form, title="Жалоба", filed="2025", response_date="2024")
    assert form.field_error("response_date") == (
        "The answer cannot come before the action was filed.")
    assert not form.save_button.isEnabled()


def test_closing_a_changed_form_asks_and_keeps_it_when_refused(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    form = workspace.new_record("note")
    fill(qtbot, form, title="Звонок адвокату")
    prompts.answer_next(False)
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert prompts.asked[-1][0] == "confirm"
    prompts.answer_next(True)
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=WAIT)


def test_an_unchanged_form_closes_without_asking(qtbot: Any, worker: VaultWorker,
                                                 prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    form = workspace.new_record("note")
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert not prompts.asked


def test_typed_work_can_be_kept_and_restored_as_plain_data(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    form = workspace.new_record("note")
    fill(qtbot, form, title="Черновик", date="около мая 2018", text="Записать позже")
    state = form.unsaved_state()
    assert state["fields"]["date"] == "около мая 2018"
    again = RecordDialog(workspace.session, "note", case_id=workspace.case_id, parent=workspace)
    qtbot.addWidget(again)
    again.restore_state(state)
    assert again.unsaved_state()["fields"] == state["fields"]
    assert again.save_button.isEnabled()
    prompts.answer_next(True)  # closing the restored form at teardown asks to discard


def test_every_control_of_every_form_has_a_name(qtbot: Any, worker: VaultWorker,
                                                prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    from ui.forms.specs import FORMS
    for kind in FORMS:
        form = RecordDialog(workspace.session, kind, case_id=workspace.case_id,
                            context=workspace.context(), parent=workspace)
        qtbot.addWidget(form)
        for spec in FORMS[kind]:
            editor = form.editor(spec.name)
            assert editor.objectName() == f"field_{spec.name}"
            assert editor.accessibleName(), (kind, spec.name)
        for widget in form.findChildren(QWidget):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(form) \
                    and not widget.objectName().startswith("qt_"):
                if isinstance(widget, (QScrollBar, QScrollArea)):
                    continue
                assert widget.objectName() and widget.accessibleName(), (
                    kind, type(widget).__name__, widget.objectName())
        assert form.windowTitle() == "Advocate"


def test_a_lock_closes_a_changed_form_without_asking(qtbot: Any, worker: VaultWorker,
                                                     prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    form = workspace.new_record("note")
    fill(qtbot, form, title="Не потерять")
    workspace.session.lock()
    form.close()
    assert not form.isVisible()
    again = RecordDialog(workspace.session, "note", case_id=workspace.case_id, parent=workspace)
    qtbot.addWidget(again)
    again.show()
    fill(qtbot, again, title="Тоже не потерять")
    again.reject()
    assert not again.isVisible()
    assert not prompts.asked


def test_fields_that_do_not_apply_are_hidden_until_they_do(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    from advocate.model import RoleKind
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    form = workspace.new_record("role")
    form.show()
    institution = form.editor("institution")
    fill(qtbot, form, person_id=workspace.persons[0].id, role=RoleKind.WITNESS)
    assert not institution.isVisibleTo(form)
    fill(qtbot, form, role=RoleKind.OFFICIAL)
    assert institution.isVisibleTo(form)
    assert form.field_error("institution") == "Name the institution the official works for."


def test_an_action_form_says_how_its_due_date_was_counted(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    action = next(a for a in workspace.case_file.actions if a.due is not None)
    form = workspace.edit_record(action)
    assert "working days" in form.info.text() or "calendar days" in form.info.text()
    assert form.info.text().startswith("Now: due ")


def test_an_action_form_shows_the_due_date_as_the_store_counts_it_while_typed(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    from datetime import date

    from advocate.model.date_input import format_partial_date
    from advocate.model.dates import PartialDate
    from advocate.model.deadlines import HolidayCalendar, PeriodUnit, due_date

    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    form = workspace.new_record("action")
    assert not form.info.text().startswith("Now:")  # nothing typed, nothing counted
    fill(qtbot, form, title="Жалоба прокурору", addressee="Прокуратура", filed="14.03.2025",
         response_days=15, response_unit=PeriodUnit.WORKING)
    due = due_date(date(2025, 3, 14), 15, PeriodUnit.WORKING, HolidayCalendar.default())
    words = f"due {format_partial_date(PartialDate.of(due), 'en')} (15 working days)"
    qtbot.waitUntil(lambda: words in form.info.text(), timeout=WAIT)
    fill(qtbot, form, response_unit=PeriodUnit.CALENDAR)  # another term: counted again
    qtbot.waitUntil(lambda: "(15 calendar days)" in form.info.text(), timeout=WAIT)
    prompts.answer_next(True)  # "close without saving?"
    form.reject()


def test_a_consent_about_a_minor_asks_for_the_representative_and_the_childs_assent(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    from datetime import date
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    minor = next(p for p in workspace.persons if p.was_minor_on(date.today()))
    adult = next(p for p in workspace.persons if p.was_minor_on(date.today()) is False)
    form = workspace.new_record("consent")
    fill(qtbot, form, person_id=adult.id)
    assert form.info.text() == ""
    fill(qtbot, form, person_id=minor.id)
    assert "is a minor" in form.info.text()


def test_an_open_form_follows_a_language_change(qtbot: Any, worker: VaultWorker,
                                                prompts: Prompts, demo_vault: Path) -> None:
    from advocate.i18n import set_language
    from advocate.model import Severity
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    form = workspace.new_record("threat")
    severity = form.editor("severity")
    try:
        set_language("ru")
        workspace.session.language_changed.emit("ru")
        assert severity.itemText(severity.findData(Severity.HIGH)) == "Высокая"
        assert form.save_button.text() == "Сохранить"
        picker = form.editor("source_person_id")
        assert picker.line.placeholderText() == "Никто (введите имя)"
        assert picker.new_button.text() == "Новый человек…"
    finally:
        set_language("en")


def test_every_label_sits_beside_its_field_in_a_tall_window(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    """A short form in a tall window: the spare room goes below the last row, so a text box
    does not float away from its label (the walk-through at 1366x768 showed gaps of 100 px)."""
    workspace = _workspace(qtbot, worker, prompts, demo_vault)
    from ui.forms.specs import FORMS
    for kind in ("role", "person", "note"):
        form = RecordDialog(workspace.session, kind, case_id=workspace.case_id,
                            context=workspace.context(), parent=workspace)
        qtbot.addWidget(form)
        form.resize(640, 760)
        form.show()
        qtbot.waitExposed(form)
        for spec in FORMS[kind]:
            editor = form.editor(spec.name)
            label = form._labels[spec.name]
            if not editor.isVisible():
                continue
            gap = abs(editor.mapTo(form, editor.rect().topLeft()).y()
                      - label.mapTo(form, label.rect().topLeft()).y())
            assert gap <= 12, (kind, spec.name, gap)
        form.hide()
