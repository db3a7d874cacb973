"""Deleting says first what goes with it: delete_preview counts what delete() then deletes."""

from __future__ import annotations

import pytest

from advocate.errors import RecordInUseError, RecordNotFoundError
from advocate.model import Hearing, PartialDate, Proceeding, Relation
from advocate.store import Store
from advocate.store.preview import delete_preview

from .factories import Factory


def test_preview_of_a_case_counts_what_delete_then_removes(store: Store, make: Factory) -> None:
    case = make.case()
    girl, mother = make.person("Әлия Б."), make.person("Гүлнар Б.")
    make.role(case, girl)
    make.threat(case, girl)
    make.threat(case, mother)
    make.action(case)
    proceeding = store.add(Proceeding(case_id=case.id, title="Уголовное дело"))
    store.add(Hearing(case_id=case.id, proceeding_id=proceeding.id,
                      date=PartialDate.parse("2025-04-01")))
    preview = delete_preview(store.records, case.id)
    assert preview.kind == "case" and preview.allowed
    assert preview.also == {"action": 1, "hearing": 1, "proceeding": 1, "role": 1, "threat": 2}
    deleted = store.delete(case.id)
    assert set(deleted) == set(preview.ids) and deleted[-1] == case.id
    assert {p.id for p in store.persons()} == {girl.id, mother.id}  # persons stay


def test_preview_names_what_refuses_the_deletion_and_changes_nothing(
        store: Store, make: Factory) -> None:
    case = make.case()
    girl, mother = make.person("Әлия Б."), make.person("Гүлнар Б.")
    make.role(case, girl)
    threat = make.threat(case, girl)
    store.add(Relation(person_id=mother.id, other_person_id=girl.id, kind="mother of"))
    preview = delete_preview(store.records, girl.id)
    assert not preview.allowed
    assert preview.blocked_by == (("threat", threat.id),)
    assert preview.also == {"relation": 1, "role": 1}
    with pytest.raises(RecordInUseError):
        store.delete(girl.id)
    assert delete_preview(store.records, girl.id) == preview


def test_preview_says_when_evidence_bytes_go(store: Store, make: Factory) -> None:
    import io
    case = make.case()
    store.add_evidence(case.id, io.BytesIO(b"photo"), original_name="a.jpg")
    assert delete_preview(store.records, case.id).drops_evidence
    assert delete_preview(store.records, case.id).also == {"evidence": 1}


def test_preview_of_a_missing_record_is_not_found(store: Store) -> None:
    with pytest.raises(RecordNotFoundError):
        delete_preview(store.records, "00000000-0000-4000-8000-000000000000")
