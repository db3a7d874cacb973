"""Person pickers find people by typing, in any alphabet, from the vault on the worker: a case
opens with its own persons only, and a person of another case is found, picked by keyboard and
saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from advocate.i18n import using
from advocate.model import Person, RoleKind
from tests.ui.workspace_support import (
    WAIT,
    ask,
    fill,
    open_session,
    open_workspace,
    save,
    type_text,
)
from ui.prompts import Prompts
from ui.widgets.person_picker import PersonPicker
from ui.worker import VaultWorker


def _workspace_and_stranger(qtbot: Any, worker: VaultWorker, prompts: Prompts,
                            path: Path) -> tuple[Any, Person]:
    """The demo's main case open, and a person of the vault that no record of it names."""
    session = open_session(qtbot, worker, prompts, path)
    stranger = ask(qtbot, session, lambda s: s.add(Person(full_name="Қайрат Нұрланов")))
    cases = ask(qtbot, session, lambda s: s.cases())
    workspace = open_workspace(qtbot, session, max(cases, key=lambda c: c.threats).id)
    return workspace, stranger


def _names(picker: PersonPicker) -> list[str]:
    return [picker.matches.item(r).text() for r in range(picker.matches.rowCount())]


def test_a_person_of_another_case_is_found_by_typing_picked_by_keyboard_and_saved(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace, stranger = _workspace_and_stranger(qtbot, worker, prompts, demo_vault)
    # the case opened with its own persons only: the vault's others are not read
    assert stranger.id not in {p.id for p in workspace.persons}
    assert {p.id for p in workspace.persons} == set(workspace.case_file.persons)
    form = workspace.new_record("role")
    picker = form.editor("person_id")
    assert isinstance(picker, PersonPicker)
    assert picker.line.accessibleName() == "Person"
    assert picker.new_button.accessibleName() == "Add a new person"
    with qtbot.waitSignal(picker.matches_shown, timeout=WAIT):
        qtbot.keyClicks(picker.line, "kairat n")  # Latin letters for a Kazakh Cyrillic name
    assert _names(picker) == ["Қайрат Нұрланов"]
    assert picker.popup.isVisible()
    assert picker.popup.accessibleName() == "People whose name matches"
    clear = [b for b in picker.line.findChildren(QToolButton) if b.isVisible()]
    assert clear and all(b.accessibleName() == "Clear the field" for b in clear)
    assert picker.person_id() == ""  # typed, not yet picked
    qtbot.keyClick(picker.popup, Qt.Key.Key_Return)
    assert picker.person_id() == stranger.id
    assert picker.text() == "Қайрат Нұрланов"
    fill(qtbot, form, role=RoleKind.WITNESS)
    save(qtbot, workspace, form)
    roles = [r for r in workspace.case_file.roles if r.person_id == stranger.id]
    assert [r.role for r in roles] == [RoleKind.WITNESS]
    assert stranger.id in workspace.case_file.persons


def test_the_cases_own_persons_are_listed_first_and_with_down_before_typing(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace, _stranger = _workspace_and_stranger(qtbot, worker, prompts, demo_vault)
    own = workspace.persons[0]
    first_word = (own.full_name or own.pseudonym).split()[0]
    ask(qtbot, workspace.session, lambda s: s.add(Person(full_name=f"{first_word} Әбенова")))
    form = workspace.new_record("consent")
    picker = form.editor("person_id")
    with qtbot.waitSignal(picker.matches_shown, timeout=WAIT):
        qtbot.keyClick(picker.line, Qt.Key.Key_Down)
    case_names = sorted((p.full_name or p.pseudonym for p in workspace.persons), key=str.casefold)
    assert _names(picker) == case_names
    qtbot.keyClick(picker.popup, Qt.Key.Key_Escape)
    with qtbot.waitSignal(picker.matches_shown, timeout=WAIT):
        type_text(qtbot, picker.line, first_word)
    names = _names(picker)
    assert names[0] == own.full_name or own.pseudonym
    assert f"{first_word} Әбенова" in names[1:]
    prompts.answer_next(True)  # "close without saving?"
    form.reject()


def test_a_name_that_matches_nobody_says_so_and_picks_nobody(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    workspace, _stranger = _workspace_and_stranger(qtbot, worker, prompts, demo_vault)
    form = workspace.new_record("relation")
    picker = form.editor("other_person_id")
    with using("ru"):
        picker.retranslate()
        with qtbot.waitSignal(picker.matches_shown, timeout=WAIT):
            qtbot.keyClicks(picker.line, "zzzz")
        assert _names(picker) == [
            "Никого с таким именем нет. Чтобы добавить, нажмите «Новый человек…»."]
    qtbot.keyClick(picker.popup, Qt.Key.Key_Return)  # the line says why; it cannot be picked
    assert picker.person_id() == ""
    prompts.answer_next(True)
    form.reject()
