"""Vault-level facts (last backup, drafts kept at lock) and the dashboard's rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from advocate.model.dates import PartialDate
from advocate.model.enums import ActionStatus, CaseStatus
from advocate.model.records import Hearing, Proceeding
from advocate.store import Store
from advocate.store.agenda import agenda, case_delete_counts, cases_without_next_action
from advocate.store.vault_facts import (
    Draft,
    backup_age_days,
    last_backup_at,
    record_backup,
    save_drafts,
    take_drafts,
)
from tests.conftest import PASSPHRASE

from .factories import Factory


def test_last_backup_is_kept_in_the_vault_across_opening(store: Store, vault_path: Path) -> None:
    assert last_backup_at(store) is None and backup_age_days(store) is None
    record_backup(store, datetime(2025, 3, 1, 12, tzinfo=UTC))
    store.close()
    with Store.open(vault_path, PASSPHRASE) as again:
        assert last_backup_at(again) == datetime(2025, 3, 1, 12, tzinfo=UTC)
        assert backup_age_days(again, datetime(2025, 3, 11, 13, tzinfo=UTC)) == 10


def test_drafts_are_kept_encrypted_and_taken_back_once(store: Store, vault_path: Path) -> None:
    secret_words = "Сарсенова: уникальный-черновик-42"
    kept = save_drafts(store, [Draft("threat_form", "case-1", {"words": secret_words}),
                               Draft("note_form", None, {"text": "x"})])
    assert kept == 2
    store.close()
    raw = b"".join(p.read_bytes() for p in vault_path.iterdir() if p.is_file())
    assert "уникальный-черновик-42".encode() not in raw
    with Store.open(vault_path, PASSPHRASE) as again:
        drafts = take_drafts(again)
        assert [(d.form, d.case_id, d.state) for d in drafts] == [
            ("threat_form", "case-1", {"words": secret_words}), ("note_form", None, {"text": "x"})]
        assert take_drafts(again) == []


def test_a_second_lock_adds_drafts_without_overwriting(store: Store) -> None:
    save_drafts(store, [Draft("a")])
    assert save_drafts(store, [Draft("b")]) == 2
    assert sorted(d.form for d in take_drafts(store)) == ["a", "b"]


def test_agenda_sorts_answers_hearings_threats_and_idle_cases(store: Store, make: Factory) -> None:
    today = date(2025, 4, 1)
    busy, idle, closed = make.case(reference="B-1"), make.case(reference="I-1"), \
        make.case(reference="C-1", status=CaseStatus.CLOSED)
    person = make.person()
    make.action(busy, filed="2025-03-01", days=10, status=ActionStatus.AWAITING)  # overdue
    make.action(busy, filed="2025-03-25", days=10, status=ActionStatus.FILED)  # due soon
    make.action(idle, filed="2025-01-01", days=10, status=ActionStatus.ANSWERED)
    proceeding = store.add(Proceeding(case_id=closed.id, title="Иск"))
    store.add(Hearing(case_id=closed.id, proceeding_id=proceeding.id,
                      date=PartialDate.of(date(2025, 4, 3))))
    make.threat(busy, person, when="2025-03-20")
    make.threat(busy, person, when="2025-01-20")
    result = agenda(store, today=today)
    assert [d.case_reference for d in result.overdue] == ["B-1"]
    assert [d.case_reference for d in result.due_soon] == ["B-1"]
    assert [d.case_reference for d in result.hearings_this_week] == ["C-1"]
    assert [t.case.reference for t in result.recent_threats] == ["B-1"]
    assert [c.reference for c in result.no_next_action] == ["I-1"]
    assert [c.reference for c in cases_without_next_action(store, today=today)] == ["I-1"]


def test_case_delete_counts_name_what_goes_with_the_case(store: Store, make: Factory) -> None:
    case = make.case()
    person = make.person()
    make.role(case, person)
    make.threat(case, person)
    make.threat(case, person)
    make.action(case)
    assert case_delete_counts(store, case.id) == {"role": 1, "threat": 2, "action": 1}
