"""The case list's ids and rows, filtered as the app asks.

The filter runs over the cases' keys (``RecordReads.case_keys``: status, region, reference and
title folded for search, kept in memory until the vault changes) and the set of cases with a
deadline in the next ``UPCOMING_DAYS`` days (an index range); a page of rows reads the
``case_list`` table and, per case shown, its latest threat and next deadline (an index seek
each). No record is decoded to filter, so a key typed in the filter box costs the same at 10
cases and at 10,000 (bench/bench_app.py; before: every case and every threat of the vault read
and decoded per key, 58 s at 10,000 cases and a million records).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from advocate.model.dates import PartialDate
from advocate.model.text import search_fold
from advocate.store.reads import RecordReads

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


def _window(store: RecordReads) -> tuple[date, date]:
    today = store.today()
    return today, today + timedelta(days=UPCOMING_DAYS)


def case_ids(store: RecordReads, wanted: CaseFilter) -> tuple[list[str], list[str]]:
    """The ids of the cases that pass the filter, by reference, and every region in the vault."""
    keys = store.case_keys()
    regions = sorted({k.region for k in keys if k.region}, key=str.casefold)
    upcoming = store.cases_due_between(*_window(store)) if wanted.upcoming_only else set()
    words = search_fold(wanted.text).split()
    ids = []
    for k in keys:
        if wanted.status and k.status != wanted.status:
            continue
        if wanted.region and k.region != wanted.region:
            continue
        if wanted.upcoming_only and k.id not in upcoming:
            continue
        if all(w in k.folded for w in words):
            ids.append(k.id)
    return ids, regions


def case_rows(store: RecordReads, ids: list[str]) -> list[CaseListRow]:
    """The rows of the cases given, in the same order (a page: each costs a few index seeks)."""
    deadlines = store.next_deadlines(ids, *_window(store))
    last = store.latest_threats(ids)
    return [CaseListRow(r.id, r.reference, r.title, r.status, r.region, deadlines.get(r.id),
                        last.get(r.id))
            for r in store.case_rows(ids)]
