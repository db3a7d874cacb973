"""Change notices after commit, and the delete preview."""

from __future__ import annotations

import io
import threading
from dataclasses import replace

import pytest

from advocate.errors import Cancelled, RecordInUseError
from advocate.model import Note, Relation
from advocate.store import Change, ChangeSet, Store

from .factories import Factory


@pytest.fixture
def notices(store: Store) -> list[ChangeSet]:
    """Every notice the store delivers during the test."""
    seen: list[ChangeSet] = []
    store.subscribe(seen.append)
    return seen


def test_each_write_reports_what_it_changed(store: Store, make: Factory,
                                            notices: list[ChangeSet]) -> None:
    case = make.case()
    note = store.add(Note(case_id=case.id, title="Звонок"))
    store.update(replace(note, text="Перезвонили."))
    store.delete(note.id)
    assert [n.changes for n in notices] == [
        (Change("add", "case", case.id, case.id),),
        (Change("add", "note", note.id, case.id),),
        (Change("update", "note", note.id, case.id),),
        (Change("delete", "note", note.id, case.id),),
    ]


def test_an_issued_report_is_told_too(store: Store, make: Factory,
                                      notices: list[ChangeSet]) -> None:
    case = make.case()
    store.record_issued_report("ABCD-EFGH", case.id, "{}")
    assert notices[-1].changes == (Change("add", "issued_report", "ABCD-EFGH", case.id),)


def test_a_batch_is_told_once_after_commit(store: Store, make: Factory,
                                           notices: list[ChangeSet]) -> None:
    seen_inside: list[int] = []
    with store.batch():
        case = make.case()
        victim = make.person()
        make.threat(case, victim)
        seen_inside.append(len(notices))
    assert seen_inside == [0]
    (notice,) = notices
    assert notice.kinds == {"case", "person", "threat"}
    assert notice.case_ids == {case.id} and len(notice.of("add")) == 3


def test_a_notice_is_delivered_after_the_data_is_committed(store: Store, make: Factory) -> None:
    case = make.case()
    reader = store.reader()
    counted: list[int] = []
    store.subscribe(lambda n: counted.append(reader.counts()["note"]))
    try:
        store.add(Note(case_id=case.id, title="Звонок"))
    finally:
        reader.close()
    assert counted == [1]


def test_nothing_is_told_for_a_rolled_back_transaction(store: Store, make: Factory,
                                                       notices: list[ChangeSet]) -> None:
    case = make.case()
    notices.clear()
    with pytest.raises(RuntimeError), store.batch():
        store.add(Note(case_id=case.id, title="lost"))
        raise RuntimeError("undo")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        store.add_evidence(case.id, io.BytesIO(b"x" * 10), cancel=cancel)
    assert notices == []


def test_a_part_that_rolled_back_inside_a_batch_is_not_told(store: Store, make: Factory,
                                                            notices: list[ChangeSet]) -> None:
    case = make.case()
    notices.clear()
    with store.batch():
        kept = store.add(Note(case_id=case.id, title="kept"))
        with pytest.raises(RuntimeError), store.batch():
            store.add(Note(case_id=case.id, title="undone"))
            raise RuntimeError("undo the inner part")
    (notice,) = notices
    assert notice.ids == {kept.id}


def test_unsubscribing_stops_the_notices_and_a_failing_subscriber_harms_no_one(
        store: Store, make: Factory) -> None:
    seen: list[ChangeSet] = []

    def broken(notice: ChangeSet) -> None:
        raise ValueError("a bug in the front end")

    store.subscribe(broken)
    stop = store.subscribe(seen.append)
    case = make.case()  # committed although the first subscriber failed
    stop()
    make.person()
    assert len(seen) == 1 and store.get(case.id, type(case)) == case


def test_delete_preview_counts_what_would_go_by_kind(store: Store, make: Factory) -> None:
    case = make.case()
    victim, mother = make.person(), make.person("Гүлнар Сейітқызы")
    make.role(case, victim)
    make.threat(case, victim)
    make.threat(case, victim)
    make.consent(case, victim, given_by=mother)
    preview = store.delete_preview(case.id)
    assert preview.allowed and preview.kind == "case"
    assert preview.also_deleted == {"consent": 1, "role": 1, "threat": 2}
    assert store.counts()["threat"] == 2  # nothing changed
    assert store.delete(case.id) == list(preview.ids)


def test_delete_preview_names_what_stops_a_delete(store: Store, make: Factory) -> None:
    case = make.case()
    victim, other = make.person(), make.person("Бауыржан Қайратұлы")
    threat = make.threat(case, victim)
    store.add(Relation(person_id=victim.id, other_person_id=other.id, kind="brother"))
    preview = store.delete_preview(victim.id)
    assert not preview.allowed
    assert preview.blocked_by == (("threat", threat.id),)
    assert preview.also_deleted == {"relation": 1}
    with pytest.raises(RecordInUseError):
        store.delete(victim.id)
