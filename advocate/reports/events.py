"""The case's events merged into one date-ordered list: incidents, threats, actions and their
answers, proceedings and hearings (and, in the internal profile, notes).

The complaint's statement of facts and the chronology both read this list. Each event's text
is plain text with the report's naming and scrubbing already applied; the builders escape it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace

from advocate.model.dates import PartialDate
from advocate.model.enums import ActionStatus
from advocate.model.records import Threat
from advocate.reports.context import ReportContext
from advocate.reports.datetext import format_day, format_partial
from advocate.reports.request import Profile

_UNDATED = "9999"


@dataclass(frozen=True, slots=True)
class Event:
    """One dated entry of the case's history."""

    sort_key: str
    order: int  # ties on the same day keep kind order, then input order
    when: str  # the date as the report language writes it
    kind: str  # "Угроза", "Ответ", …
    text: str  # the description, plain text
    record_id: str = ""  # the record it comes from (an answer: its action)
    scheduled: bool = False  # dated after the document: a plan, not a fact
    undated: bool = False


def case_events(ctx: ReportContext, include_notes: bool | None = None,
                threat_numbers: bool = False,
                only: Collection[str] | None = None) -> list[Event]:
    """Every event of the case in date order (undated ones last); ``only``: the events of
    these records alone. An event dated after the document is marked as scheduled."""
    if include_notes is None:
        include_notes = ctx.request.profile is Profile.INTERNAL
    events = list(_incidents(ctx))
    events += _threats(ctx, threat_numbers)
    events += _actions(ctx)
    events += _proceedings(ctx)
    if include_notes:
        events += _notes(ctx)
    if only is not None:
        events = [e for e in events if e.record_id in only]
    today = ctx.local_time.date().isoformat()
    marked = [_mark(ctx, e, today) for e in events]
    return sorted(marked, key=lambda e: (e.sort_key, e.order))


def _mark(ctx: ReportContext, event: Event, today: str) -> Event:
    """The event with its date marked when it is unknown or still to come."""
    if event.sort_key == _UNDATED:
        return replace(event, undated=True)
    if event.sort_key[:10] > today:
        return replace(event, scheduled=True,
                       kind=f"{event.kind} ({ctx.texts('label.scheduled')})")
    return event


def _key(d: PartialDate | None) -> str:
    return d.sort_key() if d is not None else _UNDATED


def _sentence(*parts: str) -> str:
    """Non-empty parts joined as one text: 'a; b; c' (a part's own final full stop or
    semicolon is dropped, so no ".;" appears; an abbreviation keeps its point: "2024 г.")."""
    return "; ".join(_unstopped(p) for p in parts if p and p.strip(" .;"))


_ABBREVIATION = re.compile(r"(?<!\w)\w{1,3}\.\Z")


def _unstopped(part: str) -> str:
    part = part.strip().rstrip(";").rstrip()
    if part.endswith(".") and not _ABBREVIATION.search(part):
        part = part[:-1].rstrip()
    return part


def _then(text: str, more: str) -> str:
    """A text, a full stop unless it already ends a sentence, and more on the next line."""
    text = text.rstrip()
    end = "" if not text or text[-1] in ".!?…»\"" else "."
    return f"{text}{end}\n{more}"


def titled(title: str, kind: str) -> str:
    """'Жалоба на бездействие полиции (обжалование)': the record's title, then its kind."""
    return f"{title.strip()} ({kind})" if title.strip() else kind


def _labelled(ctx: ReportContext, key: str, value: str) -> str:
    return f"{ctx.texts(key)}: {value.strip()}" if value.strip() else ""


def _incidents(ctx: ReportContext) -> Iterator[Event]:
    t, scrub = ctx.texts, ctx.namer.scrub
    for n, incident in enumerate(ctx.case_file.incidents):
        if n % 200 == 0:
            ctx.check_cancel()
        persons = ctx.namer.names(incident.person_ids) if incident.person_ids else ""
        text = _sentence(
            scrub(incident.title),
            _labelled(ctx, "label.place", ctx.namer.place(incident.place)),
            _labelled(ctx, "label.persons", persons),
            ctx.attachment_refs(incident.evidence_ids),
        )
        if incident.description.strip():
            text = _then(text, scrub(incident.description))
        yield Event(_key(incident.date), 0, format_partial(t, incident.date),
                    t("event.incident"), text, incident.id)


def _threats(ctx: ReportContext, numbered: bool) -> Iterator[Event]:
    t, namer = ctx.texts, ctx.namer
    for n, threat in enumerate(ctx.case_file.threats, start=1):
        if n % 200 == 0:
            ctx.check_cancel()
        text = t("fact.threat", channel=t.enum(threat.channel),
                 targets=namer.names(threat.target_ids), source=threat_source(ctx, threat))
        if numbered:
            text = f"{text} {t('fact.threat_number', number=n)}"
        elif threat.words.strip():
            text = f"{text}\n«{namer.scrub_quoted(threat.words)}»"
        yield Event(_key(threat.received), 1, format_partial(t, threat.received),
                    t("event.threat"), text, threat.id)


def threat_source(ctx: ReportContext, threat: Threat) -> str:
    """Who a threat came from: the person, or the kind of source and its description."""
    t, namer = ctx.texts, ctx.namer
    if threat.source_person_id and threat.source_person_id in ctx.case_file.persons:
        who = namer.name(threat.source_person_id)
    else:
        who = t.enum(threat.source)
    described = namer.scrub(threat.source_description).strip()
    return f"{who} ({described})" if described else who


def _actions(ctx: ReportContext) -> Iterator[Event]:
    t, scrub = ctx.texts, ctx.namer.scrub
    internal = ctx.request.profile is Profile.INTERNAL
    for n, action in enumerate(ctx.case_file.actions):
        if n % 200 == 0:
            ctx.check_cancel()
        if action.status is ActionStatus.DRAFT and action.filed is None and not internal:
            continue  # a plan, not yet a fact: only the lawyer's own chronology shows it
        text = _sentence(
            titled(scrub(action.title), t.enum(action.kind)),
            _labelled(ctx, "label.addressee", scrub(action.addressee)),
            _labelled(ctx, "label.reference", scrub(action.reference_number)),
            _labelled(ctx, "label.status", t.enum(action.status)),
            _labelled(ctx, "label.due", format_day(t, action.due) if action.due else ""),
            ctx.attachment_refs(action.evidence_ids),
        )
        if action.description.strip():
            text = _then(text, scrub(action.description))
        yield Event(_key(action.filed), 2, format_partial(t, action.filed), t("event.action"),
                    text, action.id)
        if action.response_date is not None or action.response.strip():
            answer = t("fact.answer", addressee=scrub(action.addressee) or "—")
            if action.response.strip():
                answer = f"{answer}\n{ctx.namer.scrub_quoted(action.response)}"
            yield Event(_key(action.response_date or action.filed), 3,
                        format_partial(t, action.response_date), t("event.answer"), answer,
                        action.id)


def _proceedings(ctx: ReportContext) -> Iterator[Event]:
    t, scrub = ctx.texts, ctx.namer.scrub
    titles: dict[str, str] = {}
    for proceeding in ctx.case_file.proceedings:
        titles[proceeding.id] = scrub(proceeding.title)
        text = _sentence(
            titled(scrub(proceeding.title), t.enum(proceeding.kind)),
            _labelled(ctx, "label.court", scrub(proceeding.court)),
            _labelled(ctx, "label.judge", scrub(proceeding.judge)),
            _labelled(ctx, "label.case_number", scrub(proceeding.case_number)),
            _labelled(ctx, "label.parties", scrub(proceeding.parties)),
            _labelled(ctx, "label.status", t.enum(proceeding.status)),
            t("label.against_advocates") if proceeding.against_advocates else "",
        )
        if proceeding.decisions.strip():
            text = _then(text, f"{t('label.decisions')}: {scrub(proceeding.decisions)}")
        yield Event(_key(proceeding.opened), 4, format_partial(t, proceeding.opened),
                    t("event.proceeding"), text, proceeding.id)
    for hearing in ctx.case_file.hearings:
        text = _sentence(
            titles.get(hearing.proceeding_id, ""),
            hearing.time,
            _labelled(ctx, "label.place", scrub(hearing.place)),
            _labelled(ctx, "label.outcome", scrub(hearing.outcome)),
        )
        if hearing.notes.strip() and ctx.request.profile is Profile.INTERNAL:
            text = _then(text, scrub(hearing.notes))
        yield Event(hearing.sort_key(), 5, format_partial(t, hearing.date), t("event.hearing"),
                    text, hearing.id)


def _notes(ctx: ReportContext) -> Iterator[Event]:
    t = ctx.texts
    for note in ctx.case_file.notes:
        text = "\n".join(p for p in (note.title.strip(), note.text) if p.strip())
        yield Event(_key(note.date), 6, format_partial(t, note.date), t("event.note"),
                    ctx.namer.scrub(text), note.id)
