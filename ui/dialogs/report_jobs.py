"""What the report dialog asks the worker to do: each function runs on the vault's thread.

Thin glue over the core (``advocate.reports``), as ``advocate report`` is for the command line:
no rule of its own. The reports package (and reportlab with it) is imported here, on the worker
thread, so opening the dialog never stalls the window on the import.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from advocate.errors import AdvocateError, RecordNotFoundError
from advocate.i18n import _
from advocate.model import ComplaintDraft
from advocate.model.casefile import CaseFile
from advocate.model.records import Case
from advocate.report_process import ReportProcess
from advocate.store import Store

#: The complaint texts the dialog edits, as ComplaintDraft / ComplaintOptions field names.
DRAFT_FIELDS = ("addressee_preset", "addressee_text", "authority_kind", "authority",
                "complained_of", "legal_grounds", "request", "confidential", "place",
                "official_ids", "event_ids")
#: The kinds of record whose events a complaint's statement of facts may tell.
EVENT_KINDS = ("incident", "threat", "action", "proceeding", "hearing")


@dataclass
class Setup:
    """What the dialog needs before it can show anything, in the UI's language."""

    reference: str
    draft: ComplaintDraft | None
    kinds: list[tuple[str, str]]  # (ReportKind value, label)
    profiles: list[tuple[str, str]]
    presets: list[tuple[str, str, str]]  # (key, name, Profile value)
    authorities: list[tuple[str, str]]
    preset_blocks: dict[str, str] = field(default_factory=dict)
    #: The case's officials (people with an official role), as (person id, label).
    officials: list[tuple[str, str]] = field(default_factory=list)
    #: The case's events in date order, as (record id, label).
    events: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Choice:
    """What the user chose in the dialog (plain values, built on the UI thread)."""

    kind: str
    lang: str
    profile: str
    redact: bool | None
    texts: dict[str, Any]  # DRAFT_FIELDS → value


@dataclass
class Rendered:
    """A rendered report, in memory."""

    pdf: bytes
    code: str
    payload_json: str
    pages_hint: int = 0


def load_setup(store: Store, case_id: str, ui_lang: str) -> Setup:
    """The case's reference, its latest complaint draft and every label the dialog shows."""
    from advocate.model.enums import AuthorityKind
    from advocate.reports import Profile, ReportKind, addressee_presets
    from advocate.reports.drafts import latest_draft
    from advocate.reports.texts import texts_for

    case_file = store.case_file(case_id)
    texts = texts_for(ui_lang)
    presets = addressee_presets()
    draft = latest_draft(case_file.complaints)
    return Setup(
        reference=case_file.case.reference,
        draft=draft,
        kinds=[(k.value, texts.enum(k)) for k in ReportKind],
        profiles=[(p.value, texts.enum(p)) for p in Profile],
        presets=[(key, p.names.get(ui_lang) or p.names[_shown_in(p, ui_lang)], p.profile.value)
                 for key, p in presets.items()],
        authorities=[(a.value, texts.enum(a)) for a in AuthorityKind],
        preset_blocks={key: p.block(_shown_in(p, ui_lang)) for key, p in presets.items()},
        officials=officials(case_file, draft.official_ids if draft else []),
        events=events(case_file),
    )


def choices(store: Store, case_id: str, chosen_officials: list[str]
            ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The case's officials (with the people ticked now, as ``officials`` keeps them) and its
    events, read again after the case changed."""
    case_file = store.case_file(case_id)
    return officials(case_file, chosen_officials), events(case_file)


def officials(case_file: CaseFile, chosen: list[str]) -> list[tuple[str, str]]:
    """The people a complaint may be about: those with an official role in the case, then any
    other person the draft already names (a choice is never dropped by the dialog)."""
    from advocate.model.enums import RoleKind

    found: dict[str, str] = {}
    for role in case_file.roles:
        if role.role is RoleKind.OFFICIAL and role.person_id in case_file.persons:
            post = ", ".join(p for p in (role.position.strip(), role.institution.strip()) if p)
            name = case_file.person_name(role.person_id)
            found.setdefault(role.person_id, _("{name} ({post})").format(name=name, post=post)
                             if post else name)
    for person_id in chosen:
        if person_id in case_file.persons:
            found.setdefault(person_id, case_file.person_name(person_id))
    return list(found.items())


def events(case_file: CaseFile) -> list[tuple[str, str]]:
    """Every event a complaint's statement of facts may tell, in date order, as (id, label):
    "12 May 2024 · Threat: the words" (undated ones last)."""
    from ui.forms.kinds import kind_name
    from ui.views.workspace.columns import first_line, when

    proceedings = {p.id: p.title for p in case_file.proceedings}
    rows: list[tuple[Any, str, str, str]] = []
    for i in case_file.incidents:
        rows.append((i.date, i.id, "incident", i.title))
    for t in case_file.threats:
        rows.append((t.received, t.id, "threat", t.words or t.source_description))
    for a in case_file.actions:
        rows.append((a.filed, a.id, "action", a.title))
    for p in case_file.proceedings:
        rows.append((p.opened, p.id, "proceeding", p.title))
    for h in case_file.hearings:
        rows.append((h.date, h.id, "hearing", h.outcome or proceedings.get(h.proceeding_id, "")))
    rows.sort(key=lambda row: (row[0] is None, row[0].earliest() if row[0] else None,
                               row[0].latest() if row[0] else None))
    out: list[tuple[str, str]] = []
    for day, record_id, kind, text in rows:
        summary = first_line(text, 80)
        out.append((record_id, _("{date} · {kind}: {summary}").format(
            date=when(day), kind=kind_name(kind), summary=summary) if day is not None else
            _("Undated · {kind}: {summary}").format(kind=kind_name(kind), summary=summary)))
    return out


def _request(choice: Choice, lang: str, audit_head: str = "",
             draft: ComplaintDraft | None = None) -> Any:
    from advocate.model.enums import AuthorityKind
    from advocate.reports import ComplaintOptions, Profile, ReportKind, ReportRequest

    kind = ReportKind(choice.kind)
    options = None
    if kind is ReportKind.COMPLAINT:
        values = dict(choice.texts)
        if draft is not None:
            # note: which officials and events the complaint is about are chosen in the draft
            # (the workspace), not in this dialog: carried over, never dropped
            values.setdefault("official_ids", list(draft.official_ids))
            values.setdefault("event_ids", list(draft.event_ids))
        values["authority_kind"] = (AuthorityKind(values["authority_kind"])
                                    if values.get("authority_kind") else None)
        options = ComplaintOptions(**values)
    return ReportRequest(kind=kind, lang=lang, profile=Profile(choice.profile),
                         redact=choice.redact, complaint=options,
                         generated_at=datetime.now(UTC), audit_head=audit_head)


def _shown_in(preset: Any, ui_lang: str) -> str:
    """The UI's language when the addressee accepts it, else the first language it accepts."""
    languages = preset.languages
    return ui_lang if ui_lang in languages else languages[0]


def gaps(store: Store, case_id: str, choice: Choice, ui_lang: str) -> list[tuple[str, str, str]]:
    """The completeness check's gaps as (code, message in the UI's language, record id)."""

    from advocate.reports.drafts import latest_draft

    case_file = store.case_file(case_id)
    draft = latest_draft(case_file.complaints)
    # note: the check is the report's (its language: a text in another language is a gap);
    # the words are the UI's where the same gap exists in the UI's language
    found = _checked(case_file, choice, choice.lang, draft)
    words = {(g.code, g.record_id): g.message
             for g in _checked(case_file, choice, ui_lang, draft) or []}
    if found is None:
        # note: a language the addressee does not accept is said when rendering; the gaps in
        # the UI's language are still worth showing meanwhile
        return [(code, message, record_id) for (code, record_id), message in words.items()]
    return [(g.code, words.get((g.code, g.record_id), g.message), g.record_id) for g in found]


def _checked(case_file: Any, choice: Choice, lang: str, draft: ComplaintDraft | None) -> Any:
    """The completeness check in ``lang``, or None when the addressee refuses that language."""
    from advocate.reports import check_completeness

    try:
        return check_completeness(case_file, _request(choice, lang, draft=draft))
    except AdvocateError:
        return None



def save_draft(store: Store, case_id: str, draft: ComplaintDraft | None,
               texts: dict[str, Any]) -> ComplaintDraft:
    """Write the complaint's texts into the case's draft (a new draft when it has none)."""
    from advocate.model.enums import AuthorityKind

    values = dict(texts)
    values["authority_kind"] = (AuthorityKind(values["authority_kind"])
                                if values.get("authority_kind") else None)
    if draft is None:
        return store.add(ComplaintDraft(case_id=case_id, **values))
    current = store.get(draft.id, ComplaintDraft)  # the stored one: another screen may have edited
    return store.update(dataclasses.replace(current, **values))


def render(store: Store, case_id: str, choice: Choice, progress: Any, cancel: Any,
           renderer: ReportProcess) -> Rendered:
    """Load the case file here, render the report in ``renderer``'s child process (into
    memory: nothing is written to disk) and return it.

    note: laid out on this thread, reportlab held the interpreter's lock in long stretches (the
    window froze 58-206 ms at a time); in a child process it holds the child's lock only.
    """
    from advocate.reports.drafts import latest_draft

    case_file = store.case_file(case_id)
    request = _request(choice, choice.lang, store.audit_head(),
                       draft=latest_draft(case_file.complaints))
    done = renderer.render(case_file, request, progress=progress, cancel=cancel)
    return Rendered(pdf=done.pdf, code=done.stamp.code, payload_json=done.stamp.payload_json())


def issue(store: Store, case_id: str, rendered: Rendered) -> None:
    """Remember the report's code in the vault, so a printed copy can be checked later."""
    if store.issued_report(rendered.code) is None:
        store.record_issued_report(rendered.code, case_id, rendered.payload_json)


def save_pdf(store: Store, case_id: str, rendered: Rendered, out: Path) -> None:
    """Write the PDF atomically (owner-only, fsynced, renamed when complete), then issue it."""
    from advocate.reports.render import write_atomically

    def write(target: BinaryIO) -> None:
        target.write(rendered.pdf)

    write_atomically(out, write)
    issue(store, case_id, rendered)


def check_code(store: Store, typed: str) -> tuple[Any, str]:
    """``verify --report-code``: the core's answer and the case's reference."""
    from advocate.reports.code_check import check_report_code

    result = check_report_code(store, typed)
    reference = ""
    if result.case_id:
        try:
            reference = store.get(result.case_id, Case).reference
        except RecordNotFoundError:
            reference = ""  # a deleted case's reports can still be checked
    return result, reference
