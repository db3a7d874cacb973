"""The reads behind the case list's filter, search's case names and the dashboard's counts:
each answers from indexes and kept keys, and each still follows the vault as it changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from advocate.model.enums import ActionStatus, CaseStatus
from advocate.store import Store
from advocate.store.agenda import OVERDUE_SHOWN, agenda
from advocate.store.case_lists import CaseFilter, case_ids, case_rows
from tests.conftest import PASSPHRASE

from .factories import Factory


def test_the_filter_keys_follow_every_change_made_by_the_owner_and_seen_by_a_reader(
        store: Store, make: Factory, vault_path: Path) -> None:
    first = make.case(reference="А-1", title="Айгерім")
    with store.reader() as reader:
        assert case_ids(reader, CaseFilter(text="aigerim"))[0] == [first.id]
        assert case_ids(store, CaseFilter(text="aigerim"))[0] == [first.id]
        second = make.case(reference="А-2", title="Айгерім екінші")
        # the owner sees its own write at once; the reader, once committed (it is)
        assert case_ids(store, CaseFilter(text="aigerim"))[0] == [first.id, second.id]
        assert case_ids(reader, CaseFilter(text="aigerim"))[0] == [first.id, second.id]
        store.update(replace(second, title="Другое", status=CaseStatus.CLOSED))
        assert case_ids(reader, CaseFilter(text="aigerim"))[0] == [first.id]
        assert case_ids(reader, CaseFilter(status="closed"))[0] == [second.id]


def test_a_page_of_rows_keeps_a_partial_threat_date_and_the_next_deadline_ahead(
        store: Store, make: Factory) -> None:
    case = make.case()
    person = make.person()
    make.threat(case, person, when="2018-05")
    make.threat(case, person, when="2017-01-02")
    today = store.today()
    make.action(case, filed=today.isoformat(), days=5, status=ActionStatus.FILED)
    (row,) = case_rows(store, [case.id])
    assert row.last_threat is not None and row.last_threat.to_text() == "2018-05"
    assert row.next_deadline is not None and today <= row.next_deadline
    assert case_ids(store, CaseFilter(upcoming_only=True))[0] == [case.id]


def test_search_names_only_the_cases_asked_for(store: Store, make: Factory) -> None:
    one, two = make.case(reference="R-1"), make.case(reference="R-2")
    make.case(reference="R-3")
    assert store.case_references([one.id, two.id, one.id]) == {one.id: "R-1", two.id: "R-2"}


def test_the_dashboard_lists_the_latest_overdue_answers_and_counts_them_all(
        store: Store, make: Factory) -> None:
    case = make.case()
    for day in range(1, OVERDUE_SHOWN + 6):
        make.action(case, filed=date.fromordinal(date(2024, 1, 1).toordinal() + day).isoformat(),
                    days=1, status=ActionStatus.AWAITING)
    make.action(case, filed="2024-01-01", days=1, status=ActionStatus.ANSWERED)  # not overdue
    result = agenda(store, today=date(2025, 6, 1))
    assert result.overdue_total == OVERDUE_SHOWN + 5
    assert len(result.overdue) == OVERDUE_SHOWN
    days = [d.day for d in result.overdue]
    assert days == sorted(days) and days[-1] < date(2025, 6, 1)
    assert store.count_deadlines(until=days[0], kind="action") == 6  # the five left out too


def test_the_keys_are_read_again_after_the_vault_is_reopened(store: Store, make: Factory,
                                                             vault_path: Path) -> None:
    make.case(reference="K-1", title="Первое")
    assert len(case_ids(store, CaseFilter(text="перв"))[0]) == 1
    store.close()
    with Store.open(vault_path, PASSPHRASE) as again:
        assert len(case_ids(again, CaseFilter(text="перв"))[0]) == 1
