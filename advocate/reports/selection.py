"""What a complaint is about, as the lawyer chose it: the officials complained of, the events
of the statement of facts, and the remedies already used.

A complaint is read by the official who must answer it. It lists only the officials whose
decisions, actions or inaction it challenges (not every official of the case: the prosecutor
who granted a request is not complained of), tells the facts that bear on them (the whole
history is the chronology's job), and shows the remedies already used — complaints, appeals,
petitions, requests and court filings with their answers — not meetings or press statements.
"""

from __future__ import annotations

from advocate.model.enums import ActionKind
from advocate.model.records import Action, Role
from advocate.reports.context import ReportContext
from advocate.reports.names import normalise

#: The kinds of action that are remedies a body had to answer.
REMEDY_KINDS = frozenset({ActionKind.COMPLAINT, ActionKind.APPEAL, ActionKind.PETITION,
                          ActionKind.REQUEST, ActionKind.COURT_FILING})


def officials_complained_of(ctx: ReportContext) -> list[tuple[str, Role | None]]:
    """The chosen officials in the order chosen, each with their official role in the case
    (None when the person has none: the lawyer chose them anyway)."""
    if ctx.parties is None:
        return []
    chosen: list[tuple[str, Role | None]] = []
    for pid in dict.fromkeys(ctx.parties.options.official_ids):
        if pid not in ctx.case_file.persons:
            continue
        roles = ctx.case_file.roles_of(pid)
        official = next((r for r in roles if r.institution or r.position), None)
        chosen.append((pid, official))
    return chosen


def fact_record_ids(ctx: ReportContext) -> set[str] | None:
    """The records whose events make the statement of facts (None: every event).

    The lawyer's choice when there is one; otherwise the events linked to the officials
    complained of (naming them, from them, or addressed to their institution), with the
    incidents that started the case; every event when nothing is linked.
    """
    if ctx.parties is None:
        return None
    options = ctx.parties.options
    if options.event_ids:
        return set(options.event_ids)
    officials = officials_complained_of(ctx)
    if not officials:
        return None
    linked = _linked_to(ctx, officials)
    if not linked:
        return None
    return linked | {i.id for i in ctx.case_file.incidents}


def _linked_to(ctx: ReportContext, officials: list[tuple[str, Role | None]]) -> set[str]:
    ids = {pid for pid, _ in officials}
    needles = {normalise(ctx.case_file.persons[pid].full_name)[0] for pid in ids}
    needles |= {normalise(role.institution)[0] for _, role in officials
                if role is not None and role.institution.strip()}
    needles.discard("")

    def mentions(*texts: str) -> bool:
        joined = normalise(" ".join(texts))[0]
        return any(n in joined for n in needles)

    cf = ctx.case_file
    linked = {i.id for i in cf.incidents
              if ids & set(i.person_ids) or mentions(i.title, i.description)}
    linked |= {t.id for t in cf.threats if t.source_person_id in ids}
    linked |= {a.id for a in cf.actions
               if mentions(a.addressee, a.title, a.description, a.response)}
    proceedings = {p.id for p in cf.proceedings
                   if mentions(p.court, p.judge, p.parties, p.title, p.decisions)}
    linked |= proceedings
    linked |= {h.id for h in cf.hearings if h.proceeding_id in proceedings}
    return linked


def remedies(ctx: ReportContext) -> list[Action]:
    """The remedies already used: filed complaints, appeals, petitions, requests and court
    filings, dated on or before the document, in date order."""
    today = ctx.local_time.date()
    return [a for a in ctx.case_file.actions
            if a.kind in REMEDY_KINDS and a.filed is not None
            and a.filed.earliest() <= today]
