"""The case list's ids and rows, filtered as the app asks: one place to switch to paged lists.

note: the store is getting paged, indexed lists (``store.list_ids`` / ``store.case_rows``) in
another branch; until then this module reads every case summary and filters in memory (fine for
hundreds of cases, not for 10,000). The app calls only these two functions, so the switch is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from advocate.model.dates import PartialDate
from advocate.model.records import Threat
from advocate.model.text import search_fold
from advocate.store.store import Store

#: Days ahead within which a deadline counts as upcoming for the filter.
UPCOMING_DAYS = 30


@dataclass(frozen=True, slots=True)
class CaseListRow:
    """What the case list shows of one case."""

    id: str
    reference: str
    title: str
    status: str
    region: str
    next_deadline: date | None
    last_threat: PartialDate | None


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """Which cases to list: words in the reference or title, a status, a region, and whether
    only cases with a deadline in the next ``UPCOMING_DAYS`` days."""

    text: str = ""
    status: str = ""
    region: str = ""
    upcoming_only: bool = False


def _next_deadlines(store: Store) -> dict[str, date]:
    today = store.today()
    out: dict[str, date] = {}
    for item in store.deadlines(days_ahead=UPCOMING_DAYS, today=today):
        if item.day >= today and (item.case_id not in out or item.day < out[item.case_id]):
            out[item.case_id] = item.day
    return out


def case_ids(store: Store, wanted: CaseFilter) -> tuple[list[str], list[str]]:
    """The ids of the cases that pass the filter, by reference, and every region in the vault."""
    summaries = store.cases()
    regions = sorted({s.region for s in summaries if s.region}, key=str.casefold)
    upcoming = _next_deadlines(store) if wanted.upcoming_only else {}
    words = search_fold(wanted.text).split()
    ids = []
    for s in summaries:
        if wanted.status and s.status != wanted.status:
            continue
        if wanted.region and s.region != wanted.region:
            continue
        if wanted.upcoming_only and s.id not in upcoming:
            continue
        haystack = search_fold(f"{s.reference} {s.title}")
        if all(w in haystack for w in words):
            ids.append(s.id)
    return ids, regions


def case_rows(store: Store, ids: list[str]) -> list[CaseListRow]:
    """The rows of the cases given, in the same order."""
    wanted = set(ids)
    by_id = {s.id: s for s in store.cases() if s.id in wanted}
    deadlines = _next_deadlines(store)
    last: dict[str, PartialDate] = {}
    for threat in store.list_records(Threat):
        if threat.case_id in wanted and threat.received is not None:
            seen = last.get(threat.case_id)
            if seen is None or threat.received.sort_key() > seen.sort_key():
                last[threat.case_id] = threat.received
    return [CaseListRow(s.id, s.reference, s.title, s.status, s.region, deadlines.get(s.id),
                        last.get(s.id))
            for s in (by_id[i] for i in ids if i in by_id)]
