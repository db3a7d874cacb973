"""The timeline orders partial dates sensibly and keeps a lane per proceeding."""

from __future__ import annotations

from typing import Any

from advocate.model import Action, Case, CaseFile, Hearing, Incident, Proceeding, Threat
from advocate.model.date_input import parse_partial_date
from ui.views.workspace.timeline import timeline_entries
from ui.widgets.person_picker import PersonPicker


def _d(text: str) -> Any:
    return parse_partial_date(text)


def test_partial_dates_sort_by_first_then_last_day_and_undated_last() -> None:
    case = Case(title="Т")
    proceeding = Proceeding(case_id=case.id, title="Уголовное дело")
    cf = CaseFile(case=case, proceedings=[proceeding])
    cf.threats = [Threat(case_id=case.id, received=_d("12 May 2018"), words="day"),
                  Threat(case_id=case.id, received=_d("2018"), words="year"),
                  Threat(case_id=case.id, received=_d("May 2018"), words="month")]
    cf.incidents = [Incident(case_id=case.id, title="undated"),
                    Incident(case_id=case.id, title="range", date=_d("2017–2019"))]
    cf.actions = [Action(case_id=case.id, title="filed", filed=_d("01.06.2018"),
                         proceeding_id=proceeding.id, response="answer",
                         response_date=_d("20.06.2018"))]
    cf.hearings = [Hearing(case_id=case.id, proceeding_id=proceeding.id, date=_d("20.06.2018"),
                           time="10:30", outcome="hearing")]
    order = [e.text for e in timeline_entries(cf)]
    assert order == ["range", "year", "month", "day", "filed", "answer", "hearing", "undated"]
    lanes = {e.text: e.lane for e in timeline_entries(cf)}
    assert lanes["hearing"] == lanes["answer"] == proceeding.id and lanes["day"] == ""


def test_the_person_picker_shows_a_chosen_name_and_picks_nobody_for_a_guess(qtbot: Any) -> None:
    from advocate.model import Person
    picker = PersonPicker()
    qtbot.addWidget(picker)
    people = [Person(full_name="Айгерім Сейітқызы"), Person(full_name="Гүлнар Бекова")]
    picker.set_persons(people)
    picker.set_person(people[1].id)
    assert (picker.person_id(), picker.text()) == (people[1].id, "Гүлнар Бекова")
    picker.line.setText("Гүлнар Б")
    assert picker.person_id() == "" and picker.person() is None


def test_a_long_table_shows_rows_page_by_page(qtbot: Any, qtmodeltester: Any) -> None:
    from dataclasses import dataclass

    from PySide6.QtCore import QModelIndex

    from ui.views.workspace.record_table import PAGE, Column, RecordTableModel

    @dataclass
    class Row:
        id: str
        text: str

    model = RecordTableModel([Column("Text", lambda r: r.text)])
    model.set_rows([Row(str(i), f"row {i}") for i in range(PAGE * 2 + 50)])
    assert model.rowCount() == PAGE and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE * 2 + 50
    assert model.row_of(str(PAGE * 2 + 10)) == PAGE * 2 + 10
    qtmodeltester.check(model)
