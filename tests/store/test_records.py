"""Creating, updating, deleting and listing records through the store."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

import pytest

from advocate.errors import RecordInUseError, RecordNotFoundError, ValidationError
from advocate.model import (
    Case,
    Evidence,
    Hearing,
    Note,
    PartialDate,
    Person,
    Proceeding,
    Relation,
    Role,
    RoleKind,
    Threat,
)
from advocate.model.deadlines import PeriodUnit
from advocate.store import Store

from .factories import Factory


def test_added_record_reads_back_equal_with_timestamps(store: Store, make: Factory) -> None:
    case = make.case(tags=["SLAPP", "минор"])
    again = store.get(case.id, Case)
    assert again == case
    assert case.created.endswith("Z") and case.created == case.updated


def test_text_is_stored_nfc_normalised(store: Store, make: Factory) -> None:
    nfd = unicodedata.normalize("NFD", "Әлия Йолдасқызы")
    person = make.person(nfd)
    assert store.get(person.id, Person).full_name == unicodedata.normalize("NFC", nfd)


def test_nul_in_text_is_refused_with_the_field_named(store: Store, make: Factory) -> None:
    with pytest.raises(ValidationError, match="NUL"):
        make.case(title="bad\x00title")
    assert store.list_records(Case) == []


def test_hostile_text_is_kept_exactly(store: Store, make: Factory) -> None:
    hostile = "<b>&amp;</b> \u202eexe.pdf \u200f «» 'q' \"qq\" 🙂 " + "ж" * 50_000
    case = make.case(summary=hostile)
    assert store.get(case.id, Case).summary == hostile


def test_threat_needs_a_date_and_a_target(store: Store, make: Factory) -> None:
    case = make.case()
    with pytest.raises(ValidationError) as err:
        store.add(Threat(case_id=case.id, target_ids=[make.person().id]))
    assert (err.value.code, err.value.field) == ("threat.date_missing", "received")
    with pytest.raises(ValidationError) as err:
        store.add(Threat(case_id=case.id, received=PartialDate(2024)))
    assert (err.value.code, err.value.field) == ("threat.no_target", "target_ids")


def test_reference_to_a_missing_person_is_refused(store: Store, make: Factory) -> None:
    case = make.case()
    with pytest.raises(ValidationError) as err:
        store.add(Threat(case_id=case.id, received=PartialDate(2024),
                         target_ids=["00000000-0000-4000-8000-000000000000"]))
    assert err.value.code == "record.dangling_reference"
    assert err.value.params["target"] == "00000000-0000-4000-8000-000000000000"
    assert err.value.params["kinds"] == ("person",)


def test_reference_to_the_wrong_kind_is_refused(store: Store, make: Factory) -> None:
    case = make.case()
    with pytest.raises(ValidationError) as err:
        store.add(Threat(case_id=case.id, received=PartialDate(2024), target_ids=[case.id]))
    assert (err.value.code, err.value.params["target"]) == ("record.dangling_reference", case.id)


def test_due_date_cannot_precede_filing(store: Store, make: Factory) -> None:
    case = make.case()
    with pytest.raises(ValidationError, match="due"):
        make.action(case, days=None, due=date(2025, 3, 1))


def test_due_date_is_counted_in_working_days_across_nauryz(store: Store, make: Factory) -> None:
    action = make.action(make.case(), filed="2025-03-14", days=15, unit=PeriodUnit.WORKING)
    # 17.03–20.03 (4), 21–25 Nauryz holidays skipped, 26.03–04.04: 15 working days end 07.04
    assert action.due is not None and action.due > date(2025, 4, 3)
    assert action.due.weekday() < 5


def test_due_date_recomputed_when_filing_changes(store: Store, make: Factory) -> None:
    action = make.action(make.case(), filed="2025-06-02", days=30, unit=PeriodUnit.CALENDAR)
    moved = store.update(replace(action, filed=PartialDate.parse("2025-06-09")))
    assert moved.due is not None and action.due is not None and moved.due > action.due


def test_update_keeps_created_and_names_changed_fields(store: Store, make: Factory) -> None:
    case = make.case()
    updated = store.update(replace(case, title="Новое название"))
    assert updated.created == case.created
    last = list(store.audit.entries(case.id))[-1]
    assert last.action == "update" and last.fields == ("title",)


def test_update_without_change_writes_no_audit_entry(store: Store, make: Factory) -> None:
    case = make.case()
    before = len(list(store.audit.entries()))
    store.update(case)
    assert len(list(store.audit.entries())) == before


def test_record_cannot_move_to_another_case(store: Store, make: Factory) -> None:
    a, b = make.case(), make.case(reference="B-2")
    note = store.add(Note(case_id=a.id, text="x"))
    with pytest.raises(ValidationError, match="moved"):
        store.update(replace(note, case_id=b.id))


def test_deleting_a_case_deletes_its_records_but_keeps_persons(store: Store, make: Factory) -> None:
    case = make.case()
    boy = make.person("Мальчик А.")
    make.role(case, boy)
    make.threat(case, boy)
    ev = store.add_evidence(case.id, __import__("io").BytesIO(b"png"), original_name="s.png")
    deleted = store.delete(case.id)
    assert deleted[-1] == case.id and ev.id in deleted and len(deleted) == 4
    assert store.list_records(Threat) == [] and store.list_records(Role) == []
    assert store.list_records(Evidence) == []
    assert store.get(boy.id, Person) == boy
    count = store.vault.connection.execute("SELECT count(*) FROM evidence_chunks").fetchone()[0]
    assert count == 0


def test_deleting_a_person_named_in_a_threat_is_refused(store: Store, make: Factory) -> None:
    case = make.case()
    mother = make.person()
    make.role(case, mother, RoleKind.FAMILY, relation_to_victim="мать")
    threat = make.threat(case, mother)
    with pytest.raises(RecordInUseError) as err:
        store.delete(mother.id)
    assert ("threat", threat.id) in err.value.used_by
    assert store.get(mother.id, Person) == mother
    assert len(store.list_records(Role)) == 1


def test_deleting_a_person_takes_roles_relations_and_consents(store: Store, make: Factory) -> None:
    case = make.case()
    a, b = make.person("А"), make.person("Б")
    make.role(case, a)
    store.add(Relation(person_id=a.id, other_person_id=b.id, kind="сын"))
    make.consent(case, a)
    assert len(store.delete(a.id)) == 4
    assert store.list_records(Relation) == [] and store.get(b.id, Person) == b


def test_deleting_a_proceeding_takes_its_hearings(store: Store, make: Factory) -> None:
    case = make.case()
    proc = store.add(Proceeding(case_id=case.id, title="Иск о защите чести"))
    store.add(Hearing(case_id=case.id, proceeding_id=proc.id, date=PartialDate(2025, 5, 6)))
    store.delete(proc.id)
    assert store.list_records(Hearing) == []


def test_deleting_linked_evidence_is_refused(store: Store, make: Factory) -> None:
    import io

    case = make.case()
    ev = store.add_evidence(case.id, io.BytesIO(b"x"), original_name="a.txt")
    make.threat(case, make.person(), evidence_ids=[ev.id])
    with pytest.raises(RecordInUseError):
        store.delete(ev.id)


def test_get_missing_record_names_the_id(store: Store) -> None:
    with pytest.raises(RecordNotFoundError, match="1234"):
        store.get("1234", Case)


def test_case_file_gathers_everything_in_date_order(store: Store, make: Factory) -> None:
    case = make.case()
    boy, mother = make.person("Мальчик"), make.person("Мать")
    make.role(case, boy)
    make.role(case, mother, RoleKind.FAMILY, relation_to_victim="мать")
    make.threat(case, mother, when="2024-05")
    make.threat(case, mother, when="2023~")
    make.threat(case, boy, when="2024-02-01")
    cf = store.case_file(case.id)
    assert [t.received.to_text() for t in cf.threats if t.received] == [
        "2023~", "2024-02-01", "2024-05"]
    assert set(cf.persons) == {boy.id, mother.id}
    assert cf.people_with_role(RoleKind.FAMILY) == [mother]


def test_find_case_by_reference_or_id(store: Store, make: Factory) -> None:
    case = make.case(reference="АҚ-2024/17")
    assert store.find_case("ақ-2024/17").id == case.id
    assert store.find_case(case.id).id == case.id
    with pytest.raises(RecordNotFoundError):
        store.find_case("nope")


def test_failed_batch_adds_nothing(store: Store, make: Factory) -> None:
    case = make.case()
    with pytest.raises(ValidationError):
        store.add_many([Note(case_id=case.id, text="ok"), Note(case_id=case.id)])
    assert store.list_records(Note) == []


def test_batch_is_all_or_nothing_even_with_evidence(store: Store, make: Factory) -> None:
    import io

    case = make.case()
    with pytest.raises(ValidationError), store.batch():
        store.add(Note(case_id=case.id, text="first"))
        store.add_evidence(case.id, io.BytesIO(b"bytes"), original_name="e.txt")
        store.add(Note(case_id=case.id))  # invalid: no title, no text
    assert store.list_records(Note) == [] and store.list_records(Evidence) == []
    assert store.vault.connection.execute("SELECT count(*) FROM evidence_chunks").fetchone()[0] == 0


def test_a_failed_inner_step_can_be_caught_without_losing_the_batch(store: Store,
                                                                    make: Factory) -> None:
    case = make.case()
    with store.batch():
        store.add(Note(case_id=case.id, text="kept"))
        with pytest.raises(ValidationError):
            store.add(Note(case_id=case.id))
    assert [n.text for n in store.list_records(Note)] == ["kept"]
    assert store.count(Note) == 1


def test_search_lists_newest_first(store: Store, make: Factory) -> None:
    case = make.case()
    notes = [store.add(Note(case_id=case.id, text=f"угроза {i}")) for i in range(5)]
    assert [h.id for h in store.search("угроза")] == [n.id for n in reversed(notes)]


def test_dashboard_lists_overdue_and_upcoming_answers_and_hearings(store: Store,
                                                                   make: Factory) -> None:
    from advocate.model import ActionStatus

    case = make.case()
    overdue = make.action(case, filed="2025-01-06", days=10, unit=PeriodUnit.CALENDAR)
    soon = make.action(case, filed="2025-02-10", days=10, unit=PeriodUnit.CALENDAR)
    make.action(case, filed="2025-02-10", days=10, unit=PeriodUnit.CALENDAR,
                status=ActionStatus.ANSWERED)
    make.action(case, filed="2025-02-10", days=90, unit=PeriodUnit.CALENDAR)
    proc = store.add(Proceeding(case_id=case.id, title="Иск"))
    hearing = store.add(Hearing(case_id=case.id, proceeding_id=proc.id,
                                date=PartialDate(2025, 2, 25), time="10:30"))
    listed = store.deadlines(days_ahead=14, today=date(2025, 2, 15))
    assert [d.record.id for d in listed] == [overdue.id, soon.id, hearing.id]
    assert [d.overdue for d in listed] == [True, False, False]
    assert listed[0].case_reference == "A-1"


def test_recent_threats_are_newest_first(store: Store, make: Factory) -> None:
    case, person = make.case(), make.person()
    old = make.threat(case, person, when="2023-01-01")
    new = make.threat(case, person, when="2025-01-01")
    assert [t.id for t in store.recent_threats()] == [new.id, old.id]


def test_counted_due_is_the_due_date_add_would_store_and_writes_nothing(
        store: Store, make: Factory) -> None:
    from advocate.model.dates import PartialDate
    from advocate.model.records import Action

    case = make.case()
    stored = make.action(case, filed="2025-03-14", days=15)
    draft = Action(case_id=case.id, title="Жалоба", addressee="Прокуратура",
                   filed=PartialDate.parse("2025-03-14"), response_days=15,
                   response_unit=PeriodUnit.WORKING)
    before = store.count(Action)
    assert store.counted_due(draft) == stored.due is not None
    assert store.count(Action) == before
    assert store.counted_due(replace(draft, filed=PartialDate.parse("2025-03"))) is None
    assert store.counted_due(replace(draft, response_days=None)) is None
