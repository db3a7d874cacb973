"""A case whose complaint runs to about a hundred pages (the stall test and the preview bench)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from advocate.model import Channel, PartialDate, Role, RoleKind, Severity, Threat
from advocate.store import Store

MAIN_CASE = "АҚТ-2023-01"


def grow_main_case(vault: Path, passphrase: str, threats: int = 800) -> str:
    """Add ``threats`` threats to the demo's main case; returns the case id."""
    with Store.open(vault, passphrase) as store:
        case = store.find_case(MAIN_CASE)
        target = next(r.person_id for r in store.list_records(Role, case.id)
                      if r.role is RoleKind.VICTIM)
        start = date(2022, 1, 1)
        channels, severities = list(Channel), list(Severity)
        store.add_many([
            Threat(case_id=case.id, received=PartialDate.of(start + timedelta(days=i % 700)),
                   target_ids=[target], channel=channels[i % len(channels)],
                   severity=severities[i % len(severities)],
                   words=f"Угроза номер {i}: «заберите заявление, иначе пожалеете» — "
                         "сообщение пришло снова, семья обратилась в полицию.")
            for i in range(threats)])
        return case.id
