"""The case workspace, driven through its widgets on the demo and on an empty vault."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from advocate.model import (
    Action,
    ActionStatus,
    Case,
    Evidence,
    Hearing,
    Proceeding,
    Relation,
    Role,
    RoleKind,
    Threat,
)
from advocate.model.date_input import format_partial_date
from advocate.model.deadlines import HolidayCalendar, PeriodUnit, due_date
from advocate.store import Store
from tests.ui.workspace_support import (
    WAIT,
    ask,
    fill,
    open_session,
    open_workspace,
    reloaded,
    save,
    type_text,
)
from ui.forms.case_form import CaseDialog
from ui.forms.record_form import RecordDialog
from ui.prompts import Prompts
from ui.views.case_workspace import CaseWorkspace
from ui.worker import VaultWorker


def _main_case(qtbot: Any, session: Any) -> str:
    cases = ask(qtbot, session, lambda s: s.cases())
    return max(cases, key=lambda c: c.threats).id


def _click(qtbot: Any, widget: Any, name: str) -> None:
    button = widget.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _last_form(workspace: CaseWorkspace) -> RecordDialog:
    return workspace.forms[-1]


def test_the_demo_main_case_fills_every_tab(qtbot: Any, qtmodeltester: Any, worker: VaultWorker,
                                            prompts: Prompts, demo_vault: Path) -> None:
    session = open_session(qtbot, worker, prompts, demo_vault)
    workspace = open_workspace(qtbot, session, _main_case(qtbot, session))
    cf = workspace.case_file
    assert cf is not None
    assert cf.case.reference in workspace.overview.text.toPlainText()
    tabs = [workspace.people.roles, workspace.people.relations, workspace.incidents,
            workspace.threats, workspace.actions_tab, workspace.proceedings.proceedings,
            workspace.proceedings.hearings, workspace.evidence, workspace.consents,
            workspace.notes]
    for tab in tabs:
        assert tab.model.rowCount() > 0, tab.kind
        assert not tab.table.tabKeyNavigation()
        qtmodeltester.check(tab.model)
    assert workspace.timeline.model.rowCount() > len(cf.threats)
    qtmodeltester.check(workspace.timeline.model)
    for index in range(workspace.tabs.count()):
        assert workspace.tabs.tabText(index)
    assert workspace.window().windowTitle() in ("", "Advocate")


def test_timeline_sorts_partial_dates_and_has_a_lane_per_proceeding(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    session = open_session(qtbot, worker, prompts, demo_vault)
    workspace = open_workspace(qtbot, session, _main_case(qtbot, session))
    timeline = workspace.timeline
    entries = [timeline.model.row_object(r) for r in range(timeline.model.rowCount())]
    keys = [e.order() for e in entries]
    assert keys == sorted(keys)
    cf = workspace.case_file
    assert cf is not None and cf.proceedings
    assert timeline.lane.count() == 2 + len(cf.proceedings)
    timeline.lane.setCurrentIndex(2)
    lane = timeline.lane.currentData()
    shown = [timeline.model.row_object(r) for r in range(timeline.model.rowCount())]
    assert all(e.lane == lane for e in shown)


def test_a_new_case_with_a_victim_her_mother_a_threat_with_evidence_and_an_action(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, empty_vault: Path,
        tmp_path: Path) -> None:
    session = open_session(qtbot, worker, prompts, empty_vault)
    dialog = CaseDialog(session, None)
    qtbot.addWidget(dialog)
    fill(qtbot, dialog, reference="T-1", title="Дело девочки Ә.", region="Алматы")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    case_id = saved.args[0]
    workspace = open_workspace(qtbot, session, case_id)

    def add_person_with_role(name: str, role: RoleKind, **more: Any) -> str:
        workspace.tabs.setCurrentWidget(workspace.people)
        _click(qtbot, workspace.people, "add_role")
        form = _last_form(workspace)
        picker = form.editor("person_id")
        qtbot.mouseClick(picker.new_button, Qt.MouseButton.LeftButton)  # "New person…"
        person_form = form.findChildren(RecordDialog)[-1]
        fill(qtbot, person_form, full_name=name)
        save(qtbot, None, person_form)
        person_id = picker.person_id()
        assert person_id
        fill(qtbot, form, role=role, **more)
        save(qtbot, workspace, form)
        return person_id

    girl = add_person_with_role("Әлия Бекова", RoleKind.VICTIM)
    mother = add_person_with_role("Гүлнар Бекова", RoleKind.FAMILY, relation_to_victim="мать")
    _click(qtbot, workspace.people, "add_relation")
    form = _last_form(workspace)
    fill(qtbot, form, person_id=mother, kind="mother of", other_person_id=girl)
    save(qtbot, workspace, form)

    photo = tmp_path / "threat.txt"
    photo.write_text("Мы вас найдём", encoding="utf-8")
    workspace.tabs.setCurrentWidget(workspace.evidence)
    type_text(qtbot, workspace.evidence.source, "WhatsApp от матери")
    workspace.evidence.provided_by.set_person(mother)
    prompts.answer_next([photo])
    with qtbot.waitSignal(workspace.evidence.transfer_finished, timeout=WAIT), \
            reloaded(qtbot, workspace):
        _click(qtbot, workspace.evidence, "add_evidence")
    evidence = workspace.case_file.evidence[0]  # type: ignore[union-attr]
    assert (evidence.source, evidence.provided_by_id) == ("WhatsApp от матери", mother)
    evidence_id = evidence.id

    _click(qtbot, workspace.threats, "add_threat")
    form = _last_form(workspace)
    fill(qtbot, form, received="May 2018", target_ids=[girl, mother],
         words="Заберите заявление", evidence_ids=[evidence_id])
    save(qtbot, workspace, form)

    _click(qtbot, workspace.actions_tab, "add_action")
    form = _last_form(workspace)
    fill(qtbot, form, title="Жалоба прокурору", addressee="Прокуратура",
         filed="14.03.2025", response_days=15, response_unit=PeriodUnit.WORKING,
         status=ActionStatus.FILED)
    save(qtbot, workspace, form)

    cf = workspace.case_file
    assert cf is not None
    assert {r.role for r in cf.roles} == {RoleKind.VICTIM, RoleKind.FAMILY}
    assert [(r.person_id, r.other_person_id) for r in cf.relations] == [(mother, girl)]
    assert cf.threats[0].received.to_text() == "2018-05"  # type: ignore[union-attr]
    assert cf.threats[0].evidence_ids == [evidence_id]
    expected = due_date(cf.actions[0].filed.exact(), 15,  # type: ignore[union-attr,arg-type]
                        PeriodUnit.WORKING, HolidayCalendar.default())
    assert cf.actions[0].due == expected
    shown = workspace.actions_tab.model.index(0, 5).data()
    assert shown == f"due {format_partial_date(_day(expected), 'en')} (15 working days)"


def _day(d: Any) -> Any:
    from advocate.model.dates import PartialDate
    return PartialDate.of(d)


def test_an_edit_is_saved_and_ctrl_z_puts_the_old_version_back(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    session = open_session(qtbot, worker, prompts, demo_vault)
    workspace = open_workspace(qtbot, session, _main_case(qtbot, session))
    workspace.tabs.setCurrentWidget(workspace.threats)
    workspace.threats.table.selectRow(0)
    threat = workspace.threats.selected()
    _click(qtbot, workspace.threats, "edit_threat")
    form = _last_form(workspace)
    fill(qtbot, form, words="Новые слова угрозы")
    save(qtbot, workspace, form)
    assert ask(qtbot, session, lambda s: s.get(threat.id, Threat).words) == "Новые слова угрозы"
    workspace.activateWindow()
    workspace.threats.table.setFocus()
    qtbot.waitUntil(workspace.isActiveWindow, timeout=WAIT)
    with reloaded(qtbot, workspace):
        qtbot.keyClick(workspace.threats.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ask(qtbot, session, lambda s: s.get(threat.id, Threat).words) == threat.words
    with reloaded(qtbot, workspace):
        qtbot.keyClick(workspace.threats.table, Qt.Key.Key_Z,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ask(qtbot, session, lambda s: s.get(threat.id, Threat).words) == "Новые слова угрозы"


def test_delete_says_what_goes_in_numbers_and_undo_brings_it_back(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    session = open_session(qtbot, worker, prompts, demo_vault)
    case_id = _main_case(qtbot, session)

    def add_proceeding(store: Store) -> str:
        p = store.add(Proceeding(case_id=case_id, title="Гражданский иск"))
        for day in ("2026-12-10", "2026-12-20"):
            store.add(Hearing(case_id=case_id, proceeding_id=p.id,
                              date=_day(__import__("datetime").date.fromisoformat(day))))
        return p.id

    proceeding_id = ask(qtbot, session, add_proceeding)
    workspace = open_workspace(qtbot, session, case_id)
    tab = workspace.proceedings.proceedings
    workspace.tabs.setCurrentWidget(workspace.proceedings)
    tab.select(proceeding_id)
    prompts.answer_next(True)
    with reloaded(qtbot, workspace):
        _click(qtbot, tab, "delete_proceeding")
    kind, text = prompts.asked[-1]
    assert kind == "confirm" and "This also deletes: 2 hearings." in text
    assert "undo" in text
    assert tab.model.row_of(proceeding_id) == -1
    count = ask(qtbot, session, lambda s: len(s.list_records(Hearing, case_id)))
    with reloaded(qtbot, workspace):
        workspace.undo_stack.undo()
    assert tab.model.row_of(proceeding_id) >= 0
    assert ask(qtbot, session, lambda s: len(s.list_records(Hearing, case_id))) == count + 2


def test_a_refused_deletion_says_why_and_deletes_nothing(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    session = open_session(qtbot, worker, prompts, demo_vault)
    case_id = _main_case(qtbot, session)
    workspace = open_workspace(qtbot, session, case_id)
    cf = workspace.case_file
    assert cf is not None
    target = cf.threats[0].target_ids[0]
    role = next(r for r in cf.roles if r.person_id == target)
    workspace.tabs.setCurrentWidget(workspace.people)
    workspace.people.roles.select(role.id)
    prompts.answer_next(None)
    _click(qtbot, workspace.people, "deletePerson")
    qtbot.waitUntil(lambda: prompts.pending() == 0, timeout=WAIT)
    assert prompts.asked[-1][0] == "warn"
    assert ask(qtbot, session, lambda s: s.records.exists(target)) == "person"


def test_case_dialog_edits_an_existing_case(qtbot: Any, worker: VaultWorker, prompts: Prompts,
                                            demo_vault: Path) -> None:
    session = open_session(qtbot, worker, prompts, demo_vault)
    case_id = _main_case(qtbot, session)
    dialog = CaseDialog(session, case_id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.is_loading(), timeout=WAIT)
    assert dialog.editor("title").text()
    fill(qtbot, dialog, region="Жетісу")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ask(qtbot, session, lambda s: s.get(case_id, Case).region) == "Жетісу"


__all__ = ["Action", "Evidence", "Relation", "Role"]


def test_deleting_the_case_says_what_goes_and_tells_the_main_window(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    session = open_session(qtbot, worker, prompts, demo_vault)
    case_id = _main_case(qtbot, session)
    workspace = open_workspace(qtbot, session, case_id)
    cf = workspace.case_file
    assert cf is not None
    prompts.answer_next(True)
    with qtbot.waitSignal(workspace.case_deleted, timeout=WAIT) as deleted:
        _click(qtbot, workspace.overview, "deleteCase")
    assert deleted.args == [case_id]
    text = prompts.asked[-1][1]
    assert f"{len(cf.threats)} threats" in text and "cannot be undone" in text
    assert ask(qtbot, session, lambda s: s.records.exists(case_id)) is None


def test_a_date_column_fits_the_longest_date_of_the_language(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    # "2023 ж. 12 желтоқсан" was cut to "2023 ж. 12 желтоқ…" at the English column width
    from datetime import date

    from advocate.i18n import using
    from ui.views.workspace.columns import when

    session = open_session(qtbot, worker, prompts, demo_vault)
    with using("kk"):
        workspace = open_workspace(qtbot, session, _main_case(qtbot, session))
        widest = workspace.threats.table.fontMetrics().horizontalAdvance(
            when(date(2023, 12, 12)))
    assert workspace.threats.table.columnWidth(0) > widest


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_part_of_a_case_has_its_tab_in_view_on_a_1366_pixel_screen(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path, lang: str) -> None:
    # the complaint draft's tab was behind the scroll buttons in Russian and Kazakh
    from advocate.i18n import using
    from ui.views.work_area import WorkArea

    session = open_session(qtbot, worker, prompts, demo_vault)
    with using(lang):
        workspace = open_workspace(qtbot, session, _main_case(qtbot, session))
        workspace.retranslate()
        room = 1366 - WorkArea.NAV_WIDTH - 40  # the navigation, margins and the frame
        assert workspace.tabs.tabBar().sizeHint().width() <= room


def test_a_case_opens_with_its_overview_built_and_every_tab_titled_with_its_count(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path) -> None:
    session = open_session(qtbot, worker, prompts, demo_vault)
    workspace = open_workspace(qtbot, session, _main_case(qtbot, session))
    cf = workspace.case_file
    assert cf is not None and cf.threats
    # only the page shown is built; the others wait for their first view
    assert [name for name, _page in workspace.pages.built()] == ["overview"]
    assert workspace.findChild(QWidget, "threatTable") is None
    titles = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert f"Threats ({len(cf.threats)})" in titles and f"Notes ({len(cf.notes)})" in titles
    index = titles.index(f"Threats ({len(cf.threats)})")
    qtbot.mouseClick(workspace.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=workspace.tabs.tabBar().tabRect(index).center())
    page = workspace.tabs.currentWidget()
    assert page is workspace.threats and page.objectName() == "threatsTab"
    assert workspace.tabs.currentIndex() == index
    assert workspace.tabs.tabText(index) == f"Threats ({len(cf.threats)})"
    assert page.model.rowCount() == len(cf.threats)
    # a page built once follows every reload like the others
    with reloaded(qtbot, workspace):
        workspace.reload()
    assert workspace.tabs.currentWidget() is page
    assert {name for name, _page in workspace.pages.built()} == {"overview", "threats"}
