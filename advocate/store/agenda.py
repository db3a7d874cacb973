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

from advocate.model.enums import ActionStatus, CaseStatus
from advocate.model.records import Action, Case, Hearing, Threat
from advocate.store.store import Deadline, Store

#: Statuses of an action that is still under way (the case has a next step).
PENDING_ACTION_STATUSES = frozenset({ActionStatus.DRAFT, ActionStatus.FILED,
                                     ActionStatus.AWAITING, ActionStatus.APPEALED})
#: How many recent threats the dashboard looks through at most.
RECENT_THREATS_LIMIT = 200


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
    due_soon: list[Deadline] = field(default_factory=list)
    hearings_this_week: list[Deadline] = field(default_factory=list)
    recent_threats: list[RecentThreat] = field(default_factory=list)
    no_next_action: list[CaseRef] = field(default_factory=list)


def agenda(store: Store, *, today: date | None = None, soon_days: int = 14,
           threat_days: int = 30) -> Agenda:
    """Everything the dashboard shows, read in one call."""
    today = today or store.today()
    out = Agenda(today=today)
    week_end = today + timedelta(days=6)
    for item in store.deadlines(days_ahead=max(soon_days, 6), today=today):
        if isinstance(item.record, Action):
            if item.overdue:
                out.overdue.append(item)
            elif item.day <= today + timedelta(days=soon_days):
                out.due_soon.append(item)
        elif isinstance(item.record, Hearing) and today <= item.day <= week_end:
            out.hearings_this_week.append(item)
    cases = {c.id: CaseRef(c.id, c.reference, c.title) for c in store.list_records(Case)}
    since = today - timedelta(days=threat_days)
    for threat in store.recent_threats(RECENT_THREATS_LIMIT):
        if threat.received is None or threat.received.latest() < since:
            continue
        ref = cases.get(threat.case_id)
        if ref is not None:
            out.recent_threats.append(RecentThreat(threat, ref))
    out.no_next_action = cases_without_next_action(store, today=today)
    return out


def cases_without_next_action(store: Store, *, today: date | None = None) -> list[CaseRef]:
    """Open cases where nothing is pending (see the module docstring), by reference."""
    today = today or store.today()
    busy: set[str] = set()
    for action in store.list_records(Action):
        if action.status in PENDING_ACTION_STATUSES:
            busy.add(action.case_id)
    for hearing in store.list_records(Hearing):
        if hearing.date is not None and not hearing.outcome and hearing.date.latest() >= today:
            busy.add(hearing.case_id)
    return [CaseRef(c.id, c.reference, c.title) for c in store.list_records(Case)
            if c.status is CaseStatus.OPEN and c.id not in busy]


def case_delete_counts(store: Store, case_id: str) -> dict[str, int]:
    """What deleting a case takes with it, counted by record kind (persons stay: see
    ``advocate.store.repository``). The case itself is not counted."""
    store.get(case_id, Case)  # RecordNotFoundError if it is gone already
    return dict(Counter(record.KIND for record in store.records.of_case(case_id)
                        if record.id != case_id))
