"""Dashboard, case list and search on the demo vault, through the widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from advocate.model.enums import CaseStatus
from advocate.store.case_lists import CaseListRow
from tests.ui.shell_helpers import WAIT, type_text
from ui.prompts import Prompts
from ui.views.case_table_model import CaseTableModel


@pytest.fixture
def app(unlocked_app: Any) -> Any:
    return unlocked_app


def _listed(app: Any) -> int:
    return int(app.window.work.cases.model.rowCount())


def test_dashboard_answers_and_opens_the_case_of_a_row(qtbot: Any, app: Any) -> None:
    dash = app.window.work.dashboard
    qtbot.waitUntil(lambda: dash._data is not None, timeout=WAIT)
    titles = [dash.tree.topLevelItem(i).text(0) for i in range(dash.tree.topLevelItemCount())]
    assert len(titles) == 5 and titles[0].startswith("Overdue")
    assert "No backup of this vault" in dash.backup_line.text()
    assert not dash.backup_button.isHidden()
    head = next(dash.tree.topLevelItem(i) for i in range(5)
                if dash.tree.topLevelItem(i).childCount()
                and dash.tree.topLevelItem(i).child(0).data(0, Qt.ItemDataRole.UserRole + 1))
    with qtbot.waitSignal(dash.open_case, timeout=WAIT):
        dash.tree.itemActivated.emit(head.child(0), 0)
    qtbot.waitUntil(lambda: app.window.work.workspace is not None, timeout=WAIT)


def test_overdue_rows_are_marked_by_words_and_icon_not_color_only(qtbot: Any, app: Any) -> None:
    dash = app.window.work.dashboard
    qtbot.waitUntil(lambda: dash._data is not None, timeout=WAIT)
    for row in dash.section_rows("dashOverdue"):
        assert row[0].startswith("Overdue since")


def test_case_list_filters_searches_and_passes_the_model_tester(
        qtbot: Any, app: Any, qtmodeltester: Any) -> None:
    cases = app.window.work.cases
    app.window.work.show_screen(1)
    qtbot.waitUntil(lambda: _listed(app) >= 4, timeout=WAIT)
    everything = _listed(app)
    qtbot.waitUntil(lambda: cases.model.row_data(0) is not None, timeout=WAIT)
    qtmodeltester.check(cases.model)
    type_text(qtbot, cases.search, "zzzz-no-such-case")
    qtbot.waitUntil(lambda: _listed(app) == 0, timeout=WAIT)
    cases.search.clear()
    qtbot.waitUntil(lambda: _listed(app) == everything, timeout=WAIT)
    cases.status.setCurrentIndex(cases.status.findData(CaseStatus.CLOSED.value))
    qtbot.waitUntil(lambda: _listed(app) < everything, timeout=WAIT)
    cases.status.setCurrentIndex(0)
    qtbot.waitUntil(lambda: _listed(app) == everything, timeout=WAIT)
    assert cases.region.count() > 1
    cases.region.setCurrentIndex(1)
    qtbot.waitUntil(lambda: _listed(app) < everything, timeout=WAIT)


def test_model_with_rows_not_fetched_yet_passes_the_tester(qtmodeltester: Any) -> None:
    asked: list[list[str]] = []
    model = CaseTableModel(fetch=asked.append)
    model.set_ids(["a", "b", "c"])
    qtmodeltester.check(model)
    model.add_rows([CaseListRow("b", "R-2", "T", "open", "Алматы", None, None)])
    qtmodeltester.check(model)
    assert asked and asked[0] == ["a", "b", "c"]


def test_delete_says_what_goes_with_the_case_in_numbers(
        qtbot: Any, app: Any, prompts: Prompts) -> None:
    cases = app.window.work.cases
    app.window.work.show_screen(1)
    qtbot.waitUntil(lambda: _listed(app) >= 4, timeout=WAIT)
    before = _listed(app)
    cases.table.selectRow(0)
    prompts.answer_next(False)
    qtbot.mouseClick(cases.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: prompts.pending() == 0 and bool(prompts.asked), timeout=WAIT)
    assert prompts.asked[-1][0] == "confirm" and prompts.asked[-1][1].startswith("Delete the case")
    qtbot.wait(200)
    assert _listed(app) == before  # "Cancel" deleted nothing
    prompts.answer_next(True)
    qtbot.mouseClick(cases.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _listed(app) == before - 1, timeout=WAIT)


def test_close_and_reopen_a_case(qtbot: Any, app: Any) -> None:
    cases = app.window.work.cases
    app.window.work.show_screen(1)
    qtbot.waitUntil(lambda: cases.model.rowCount() > 0
                    and cases.model.row_data(0) is not None, timeout=WAIT)
    cases.table.selectRow(0)
    first = cases.model.case_id(0)
    was = cases.model.row_data(0).status
    qtbot.mouseClick(cases.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (row := cases.model.row_data(cases.model.row_of(first)))
                    is not None and row.status != was, timeout=WAIT)


def test_new_case_opens_the_case_form(qtbot: Any, app: Any) -> None:
    from ui.forms.case_form import CaseDialog

    app.window.commands["new_case"].trigger()
    assert app.window.work.stack.currentWidget() is app.window.work.cases
    assert any(w.isVisible() for w in app.window.findChildren(CaseDialog))


def test_a_saved_case_is_listed_and_selected(qtbot: Any, app: Any) -> None:
    from advocate.model.records import Case
    from ui.worker import Op

    cases = app.window.work.cases
    app.window.work.show_screen(1)
    qtbot.waitUntil(lambda: _listed(app) >= 4, timeout=WAIT)
    before = _listed(app)
    saved: list[str] = []
    Op(app.session.worker, lambda store, _t: store.add(Case(reference="T-900", title="Т")).id) \
        .success(saved.append).run()
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT)
    cases._saved(saved[0])  # what the form's saved(case_id) signal calls
    qtbot.waitUntil(lambda: _listed(app) == before + 1, timeout=WAIT)
    qtbot.waitUntil(lambda: cases.selected_case() == saved[0], timeout=WAIT)


def test_search_as_you_type_groups_by_kind_in_either_alphabet(qtbot: Any, app: Any) -> None:
    search = app.window.work.search
    type_text(qtbot, search.box, "Айгерім")
    qtbot.waitUntil(lambda: bool(search.group_titles()), timeout=WAIT)
    cyrillic = search.group_titles()
    search.box.clear()
    type_text(qtbot, search.box, "Aigerim")
    qtbot.waitUntil(lambda: search.group_titles() == cyrillic, timeout=WAIT)
    assert any(t.startswith("Person") for t in cyrillic)
    head = search.results.topLevelItem(0)
    with qtbot.waitSignal(search.open_case, timeout=WAIT):
        for i in range(search.results.topLevelItemCount()):
            item = search.results.topLevelItem(i).child(0)
            if item.data(0, Qt.ItemDataRole.UserRole + 1):
                search.results.itemActivated.emit(item, 0)
                break
    assert head is not None


def test_a_search_that_reaches_its_limit_says_so_not_a_count(
        qtbot: Any, app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # "200 records found" read as the number of matches when the search had stopped at 200
    import ui.views.search_view as search_view
    monkeypatch.setattr(search_view, "LIMIT", 3)
    search = app.window.work.search
    type_text(qtbot, search.box, "Айгерім")
    qtbot.waitUntil(lambda: bool(search.group_titles()), timeout=WAIT)
    assert search.summary.text().startswith("The newest 3 records found are shown")


def test_tab_leaves_the_tables(qtbot: Any, app: Any) -> None:
    work = app.window.work
    work.show_screen(1)
    qtbot.waitUntil(lambda: _listed(app) >= 4, timeout=WAIT)
    work.cases.table.setFocus()
    work.cases.table.selectRow(0)
    qtbot.keyClick(work.cases.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not work.cases.table
    for table in (work.dashboard.tree, work.search.results):
        assert not table.tabKeyNavigation()


def test_switching_language_keeps_the_place(qtbot: Any, app: Any) -> None:
    work = app.window.work
    work.show_screen(1)
    type_text(qtbot, work.cases.search, "A")
    app.window.set_language("ru")
    assert app.window.work is work and work.stack.currentIndex() == 1
    assert work.cases.search.text() == "A"
    assert work.cases.heading.text() != "Cases"
    assert app.window.menuBar().actions()[0].text() != "&File"
    app.window.set_language("en")
    assert work.cases.heading.text() == "Cases"


def test_delete_key_in_the_case_list_asks_first(qtbot: Any, app: Any, prompts: Prompts) -> None:
    cases = app.window.work.cases
    app.window.work.show_screen(1)
    qtbot.waitUntil(lambda: _listed(app) >= 4, timeout=WAIT)
    cases.table.setFocus()
    cases.table.selectRow(0)
    prompts.answer_next(False)
    qtbot.keyClick(cases.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: prompts.pending() == 0, timeout=WAIT)
    assert prompts.asked[-1][0] == "confirm"


def test_a_case_opens_in_the_stack_and_back_returns_to_the_list(qtbot: Any, app: Any) -> None:
    work = app.window.work
    work.show_screen(1)
    qtbot.waitUntil(lambda: _listed(app) >= 4, timeout=WAIT)
    work.cases.table.setFocus()
    work.cases.table.selectRow(0)
    qtbot.keyClick(work.cases.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: work.workspace is not None, timeout=WAIT)
    assert work.stack.currentWidget() is work.case_page
    qtbot.keyClick(work.back, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert work.workspace is None and work.stack.currentWidget() is work.cases
    work.open_case(work.cases.model.case_id(0))
    rect = work.nav.visualRect(work.nav.model().index(1, 0))
    qtbot.mouseClick(work.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert work.workspace is None and work.stack.currentWidget() is work.cases


@pytest.mark.parametrize(("lang", "shown"), [("en", "about June 2025"), ("ru", "около июня 2025"),
                                          ("kk", "шамамен 2025 ж. маусым")])
def test_the_last_threat_of_a_case_is_said_in_words_of_the_ui_language(
        qapp: Any, lang: str, shown: str) -> None:
    # it showed "2025-06~" while the next-deadline column used words
    from advocate.i18n import using
    from advocate.model.dates import PartialDate
    from ui.views.case_table_model import CaseTableModel

    model = CaseTableModel(fetch=lambda _ids: None)
    model.set_ids(["c1"])
    model.add_rows([CaseListRow("c1", "R-1", "A case", "open", "", None,
                                PartialDate(2025, 6, approximate=True))])
    with using(lang):
        text = model.data(model.index(0, 5))
    assert shown in text and "2025-06" not in text
