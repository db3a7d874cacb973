"""What the dashboard answers, and what deleting a case takes with it: rules kept in the core.

The desktop app shows these; it decides nothing itself (DESIGN.md section 10). The rules:

- an answer is *overdue* when its due day has passed while the action still waits (filed or
  awaiting, see ``Action.deadline``) and *due soon* within ``soon_days`` days;
- *hearings this week*: hearings without an outcome from today to six days ahead;
- *threats of the last 30 days*: received on or after the day 30 days ago (a partial date counts
  by its latest possible day, so "May 2025" is recent all through May);
- a case has *no next action* when it is open and nothing is pending in it: no action still in
  draft, filed, awaiting or appealed, and no hearing to come. Those cases are the ones a lawyer
  forgets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from advocate.model.enums import ActionStatus
from advocate.model.records import Case, Hearing, Threat
from advocate.store.reads import Deadline, RecordReads
from advocate.store.store import Store

#: Statuses of an action that is still under way (the case has a next step).
PENDING_ACTION_STATUSES = frozenset({ActionStatus.DRAFT, ActionStatus.FILED,
                                     ActionStatus.AWAITING, ActionStatus.APPEALED})
#: How many recent threats the dashboard looks through at most.
RECENT_THREATS_LIMIT = 200
#: How many overdue answers the dashboard lists (the latest ones; all are counted).
OVERDUE_SHOWN = 200


@dataclass(frozen=True, slots=True)
class CaseRef:
    """A case named for a list: its id, reference and title."""

    id: str
    reference: str
    title: str


@dataclass(frozen=True, slots=True)
class RecentThreat:
    """A threat of the last days with the case it belongs to."""

    threat: Threat
    case: CaseRef


@dataclass(slots=True)
class Agenda:
    """The dashboard's answers for one day."""

    today: date
    overdue: list[Deadline] = field(default_factory=list)
    #: Every overdue answer, also those past ``OVERDUE_SHOWN`` not listed in ``overdue``.
    overdue_total: int = 0
    due_soon: list[Deadline] = field(default_factory=list)
    hearings_this_week: list[Deadline] = field(default_factory=list)
    recent_threats: list[RecentThreat] = field(default_factory=list)
    no_next_action: list[CaseRef] = field(default_factory=list)


def agenda(store: RecordReads, *, today: date | None = None, soon_days: int = 14,
           threat_days: int = 30) -> Agenda:
    """Everything the dashboard shows, read in one call.

    note: each part is an index range or a count, never a pass over every record: at 10,000
    cases and a million records the old passes took 15 s and 400 MB per dashboard refresh
    (bench/bench_app.py, unlock); now the answer costs the same at 10 cases and at 10,000.
    """
    today = today or store.today()
    yesterday = today - timedelta(days=1)
    out = Agenda(today=today)
    out.overdue = store.deadlines(until=yesterday, kind="action", latest=OVERDUE_SHOWN,
                                  today=today)
    out.overdue_total = store.count_deadlines(until=yesterday, kind="action")
    out.due_soon = store.deadlines(since=today, until=today + timedelta(days=soon_days),
                                   kind="action", today=today)
    out.hearings_this_week = store.deadlines(since=today, until=today + timedelta(days=6),
                                             kind="hearing", today=today)
    since = today - timedelta(days=threat_days)
    threats = [t for t in store.recent_threats(RECENT_THREATS_LIMIT)
               if t.received is not None and t.received.latest() >= since]
    cases = {r.id: CaseRef(r.id, r.reference, r.title)
             for r in store.case_rows(sorted({t.case_id for t in threats}))}
    out.recent_threats = [RecentThreat(t, cases[t.case_id]) for t in threats
                          if t.case_id in cases]
    out.no_next_action = cases_without_next_action(store, today=today)
    return out


def cases_without_next_action(store: RecordReads, *,
                              today: date | None = None) -> list[CaseRef]:
    """Open cases where nothing is pending (see the module docstring), by reference."""
    today = today or store.today()
    idle = [CaseRef(*row) for row in store.open_cases_without_action(
        sorted(s.value for s in PENDING_ACTION_STATUSES))]
    if not idle:
        return []
    candidates = {c.id for c in idle}
    busy = {h.case_id for h in store.list_records(Hearing)
            if h.case_id in candidates and h.date is not None and not h.outcome
            and h.date.latest() >= today}
    return [c for c in idle if c.id not in busy]


def case_delete_counts(store: Store, case_id: str) -> dict[str, int]:
    """What deleting a case takes with it, counted by record kind (persons stay: see
    ``advocate.store.repository``). The case itself is not counted."""
    store.get(case_id, Case)  # RecordNotFoundError if it is gone already
    return dict(Counter(record.KIND for record in store.records.of_case(case_id)
                        if record.id != case_id))
