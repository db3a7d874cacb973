"""A factory for records with sensible defaults, so tests say only what matters to them."""

from __future__ import annotations

from datetime import date

from advocate.model import (
    Action,
    ActionStatus,
    Case,
    Consent,
    ConsentPurpose,
    PartialDate,
    Person,
    Role,
    RoleKind,
    Threat,
)
from advocate.model.deadlines import PeriodUnit
from advocate.store import Store


class Factory:
    """Adds records to a store with defaults."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def case(self, **kw: object) -> Case:
        values: dict[str, object] = {"reference": "A-1", "title": "Дело мальчика А."}
        values.update(kw)
        return self.store.add(Case(**values))  # type: ignore[arg-type]

    def person(self, name: str = "Айгерім Сейітқызы", **kw: object) -> Person:
        return self.store.add(Person(full_name=name, **kw))  # type: ignore[arg-type]

    def role(self, case: Case, person: Person, role: RoleKind = RoleKind.VICTIM,
             **kw: object) -> Role:
        return self.store.add(Role(case_id=case.id, person_id=person.id, role=role,
                                   **kw))  # type: ignore[arg-type]

    def threat(self, case: Case, target: Person, words: str = "Мы вас найдём",
               when: str = "2024-03-05", **kw: object) -> Threat:
        return self.store.add(Threat(case_id=case.id, target_ids=[target.id],
                                     received=PartialDate.parse(when), words=words,
                                     **kw))  # type: ignore[arg-type]

    def action(self, case: Case, filed: str = "2025-03-14", days: int | None = 15,
               unit: PeriodUnit = PeriodUnit.WORKING, **kw: object) -> Action:
        return self.store.add(Action(
            case_id=case.id, addressee="Уполномоченный по правам человека",
            filed=PartialDate.parse(filed), response_days=days, response_unit=unit,
            **{"status": ActionStatus.FILED, "title": "Жалоба омбудсмену",
               **kw}))  # type: ignore[arg-type]

    def consent(self, case: Case, person: Person, given_by: Person | None = None,
                purpose: ConsentPurpose = ConsentPurpose.SHARE_OMBUDSMAN, **kw: object) -> Consent:
        return self.store.add(Consent(
            case_id=case.id, person_id=person.id, given_by_id=(given_by or person).id,
            purpose=purpose, given_on=PartialDate.of(date(2024, 1, 10)),
            **kw))  # type: ignore[arg-type]
