"""Lists a table model pages through: ids in order, filters, pages, the case list's rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from advocate.model import (
    Case,
    CaseStatus,
    Hearing,
    Note,
    PartialDate,
    Proceeding,
    Severity,
    Threat,
)
from advocate.model.deadlines import PeriodUnit
from advocate.store import CaseRow, ListQuery, Store
from advocate.store.listing import RECORD_SORTS

from .factories import Factory


def refs(store: Store, **query: object) -> list[str]:
    """The references of the case list in the order asked for."""
    ids = store.list_ids(ListQuery(kind="case", **query))  # type: ignore[arg-type]
    return [row.reference for row in store.case_rows(ids)]


@pytest.fixture
def three(make: Factory) -> list[Case]:
    return [
        make.case(reference="b-2", title="Дело Б", status=CaseStatus.CLOSED, region="Алматы",
                  opened=PartialDate.parse("2021-05")),
        make.case(reference="A-1", title="дело в", region="Астана",
                  opened=PartialDate.parse("2023")),
        make.case(reference="C-3", title="Дело а", region="алматы"),
    ]


def test_cases_sort_by_each_column_case_insensitively(store: Store, three: list[Case]) -> None:
    assert refs(store) == ["A-1", "b-2", "C-3"]
    assert refs(store, sort="reference", descending=True) == ["C-3", "b-2", "A-1"]
    assert refs(store, sort="title") == ["C-3", "b-2", "A-1"]  # а, б, в
    assert refs(store, sort="opened") == ["b-2", "A-1", "C-3"]  # unknown day last
    assert refs(store, sort="status") == ["b-2", "A-1", "C-3"]  # closed < open
    assert refs(store, sort="region") == ["b-2", "C-3", "A-1"]  # алматы = Алматы < астана


def test_cases_filter_by_status_region_and_deadline(store: Store, three: list[Case],
                                                    make: Factory) -> None:
    assert refs(store, status="open") == ["A-1", "C-3"]
    assert refs(store, region="АЛМАТЫ") == ["b-2", "C-3"]
    make.action(three[2], filed="2025-03-14", days=15)
    assert refs(store, has_deadline=True) == ["C-3"]
    assert refs(store, has_deadline=False) == ["A-1", "b-2"]
    assert store.count_ids(ListQuery(kind="case", has_deadline=False)) == 2


def test_pages_follow_one_another_without_gaps(store: Store, make: Factory) -> None:
    for n in range(25):
        make.case(reference=f"R-{n:02d}")
    query = ListQuery(kind="case")
    pages = [store.list_ids(query, offset=o, limit=10) for o in (0, 10, 20)]
    assert [len(p) for p in pages] == [10, 10, 5]
    rows = store.case_rows([i for page in pages for i in page])
    assert [r.reference for r in rows] == [f"R-{n:02d}" for n in range(25)]
    assert store.count_ids(query) == 25


def test_case_row_counts_and_days_follow_every_write(store: Store, make: Factory) -> None:
    case = make.case(reference="K-1")
    victim = make.person()
    (row,) = store.cases()
    assert (row.threats, row.actions, row.records, row.next_deadline, row.last_threat) == (
        0, 0, 0, None, None)
    make.threat(case, victim, when="2024-03-05")
    late = make.threat(case, victim, when="2024-06")
    action = make.action(case, filed="2025-03-14", days=15, unit=PeriodUnit.CALENDAR)
    (row,) = store.cases()
    assert (row.threats, row.actions, row.records) == (2, 1, 3)
    assert row.last_threat == date(2024, 6, 1)
    assert row.next_deadline == date(2025, 3, 31)  # the 29th is a Saturday
    store.delete(late.id)
    store.update(replace(store.get(action.id, type(action)), status="answered"))
    (row,) = store.cases()
    assert (row.threats, row.last_threat, row.next_deadline) == (1, date(2024, 3, 5), None)
    store.delete(case.id)
    assert store.cases() == [] and store.count_ids(ListQuery(kind="case")) == 0


def test_a_rolled_back_write_leaves_the_case_row_as_it_was(store: Store, make: Factory) -> None:
    case = make.case()
    victim = make.person()
    before = store.cases()
    with pytest.raises(RuntimeError), store.batch():
        make.threat(case, victim)
        raise RuntimeError("cancelled")
    assert store.cases() == before


def test_the_case_row_shows_the_case_as_edited(store: Store, make: Factory) -> None:
    case = make.case(reference="K-1", title="Старое")
    store.update(replace(case, title="Новое", status=CaseStatus.DORMANT, region="Шымкент"))
    (row,) = store.cases()
    assert isinstance(row, CaseRow)
    assert (row.title, row.status, row.region) == ("Новое", "dormant", "Шымкент")


def test_threats_sort_by_severity_and_date_across_cases(store: Store, make: Factory) -> None:
    victim = make.person()
    one, two = make.case(reference="1"), make.case(reference="2")
    low = make.threat(one, victim, when="2024-01-01", severity=Severity.LOW)
    critical = make.threat(two, victim, when="2023-01-01", severity=Severity.CRITICAL)
    high = make.threat(one, victim, when="2025-01-01", severity=Severity.HIGH)
    query = ListQuery(kind="threat", sort="severity", descending=True)
    assert store.list_ids(query) == [critical.id, high.id, low.id]
    assert store.list_ids(ListQuery(kind="threat")) == [critical.id, low.id, high.id]
    assert store.list_ids(ListQuery(kind="threat", case_id=one.id, descending=True)) == [
        high.id, low.id]
    assert [t.id for t in store.get_many([high.id, "gone", low.id])] == [high.id, low.id]
    assert all(isinstance(t, Threat) for t in store.get_many([high.id, low.id]))


def test_actions_sort_by_due_date_and_filter_by_status_and_deadline(store: Store,
                                                                   make: Factory) -> None:
    case = make.case()
    later = make.action(case, filed="2025-04-01", days=10, unit=PeriodUnit.CALENDAR)
    sooner = make.action(case, filed="2025-03-01", days=10, unit=PeriodUnit.CALENDAR)
    undated = make.action(case, filed="2025-01-01", days=None, status="answered")
    assert store.list_ids(ListQuery(kind="action", sort="due")) == [
        sooner.id, later.id, undated.id]  # no due day: last
    assert store.list_ids(ListQuery(kind="action", status="answered")) == [undated.id]
    assert store.list_ids(ListQuery(kind="action", has_deadline=True, sort="due")) == [
        sooner.id, later.id]


def test_notes_and_hearings_sort_by_title_and_date(store: Store, make: Factory) -> None:
    case = make.case()
    b = store.add(Note(case_id=case.id, title="бюджет"))
    a = store.add(Note(case_id=case.id, title="Арыз"))
    assert store.list_ids(ListQuery(kind="note", sort="title")) == [a.id, b.id]
    assert store.list_ids(ListQuery(kind="note", sort="created")) == [b.id, a.id]
    proc = store.add(Proceeding(case_id=case.id, title="Иск"))
    h2 = store.add(Hearing(case_id=case.id, proceeding_id=proc.id, date=PartialDate(2025, 6, 2)))
    h1 = store.add(Hearing(case_id=case.id, proceeding_id=proc.id, date=PartialDate(2025, 5, 6)))
    assert store.list_ids(ListQuery(kind="hearing")) == [h1.id, h2.id]


def test_an_unknown_sort_is_a_programming_error(store: Store) -> None:
    with pytest.raises(ValueError, match="severity"):
        store.list_ids(ListQuery(kind="case", sort="severity"))


def test_search_pages_newest_first(store: Store, make: Factory) -> None:
    case = make.case()
    notes = [store.add(Note(case_id=case.id, title=f"Прокуратура {n}")) for n in range(5)]
    first = store.search("прокуратура", limit=2)
    second = store.search("прокуратура", limit=2, offset=2)
    assert [h.id for h in first + second] == [n.id for n in notes[::-1][:4]]


def test_search_ids_then_hits_equal_search(store: Store, make: Factory) -> None:
    case = make.case()
    for n in range(4):
        store.add(Note(case_id=case.id, title=f"Прокуратура {n}", text="ответ прокурора"))
    ids = store.search_ids("прокур", limit=3, offset=1)
    assert store.search_hits(ids, "прокур") == store.search("прокур", limit=3, offset=1)


def test_find_case_by_reference_uses_the_case_list(store: Store, make: Factory) -> None:
    case = make.case(reference="АҚ-2024/17")
    make.case(reference="", title="ақ-2024/17")  # a title is not a reference
    assert store.find_case("ақ-2024/17").id == case.id


@pytest.mark.parametrize("sort", ["reference", "status", "next_deadline", "threats"])
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_equal_the_case_list(store: Store, make: Factory, sort: str,
                                           descending: bool) -> None:
    for n in range(23):
        case = make.case(reference=f"R-{n % 7}", status=["open", "closed"][n % 2])
        if n % 3 == 0:
            make.action(case, filed=f"2025-0{1 + n % 9}-10", days=10)
    query = ListQuery(kind="case", sort=sort, descending=descending)
    whole = store.list_ids(query, limit=-1)
    paged: list[str] = []
    page = store.list_page(query, limit=5)
    while True:
        paged += page.ids
        if page.next is None:
            break
        page = store.list_page(query, after=page.next, limit=5)
    assert paged == whole and len(whole) == 23


@pytest.mark.parametrize("sort", list(RECORD_SORTS))
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_equal_every_record_list(store: Store, make: Factory, sort: str,
                                              descending: bool) -> None:
    case = make.case()
    for n in range(11):
        make.action(case, filed=f"2025-0{1 + n % 3}-1{n % 10}", days=10 if n % 2 else None,
                    title=f"Жалоба {n % 4}", status=["filed", "answered"][(n // 2) % 2])
    query = ListQuery(kind="action", sort=sort, descending=descending)
    first = store.list_page(query, limit=4)
    second = store.list_page(query, after=first.next, limit=4)
    third = store.list_page(query, after=second.next, limit=4)
    assert first.ids + second.ids + third.ids == store.list_ids(query)
    assert third.next is None


def test_a_case_row_shows_missing_days_blank_and_cannot_change(store: Store, make: Factory) -> None:
    undated = make.case(reference="U-1", opened=None)
    victim = make.person()
    dated = make.case(reference="D-1", opened=PartialDate.parse("2021-05"),
                      closed=PartialDate.parse("2023-02-11"))
    make.threat(dated, victim, when="2024-06")
    blank, full = store.case_rows([undated.id, dated.id])
    assert (blank.opened, blank.closed, blank.last_threat, blank.next_deadline) == (
        "", "", None, None)
    assert (full.opened, full.closed, full.last_threat) == (
        "2021-05-01", "2023-02-11", date(2024, 6, 1))
    assert store.case_rows([dated.id]) == [full] and hash(full) == hash(store.cases()[0])
    with pytest.raises(AttributeError):
        full.title = "changed"  # type: ignore[misc]
