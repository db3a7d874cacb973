"""What the report dialog asks the worker to do: each function runs on the vault's thread.

Thin glue over the core (``advocate.reports``), as ``advocate report`` is for the command line:
no rule of its own. The reports package (and reportlab with it) is imported here, on the worker
thread, so opening the dialog never stalls the window on the import.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from advocate.errors import AdvocateError, RecordNotFoundError
from advocate.model import ComplaintDraft
from advocate.model.records import Case
from advocate.store import Store

#: The complaint texts the dialog edits, as ComplaintDraft / ComplaintOptions field names.
DRAFT_FIELDS = ("addressee_preset", "addressee_text", "authority_kind", "authority",
                "complained_of", "legal_grounds", "request", "confidential", "place")


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

    case = store.get(case_id, Case)
    texts = texts_for(ui_lang)
    presets = addressee_presets()
    return Setup(
        reference=case.reference,
        draft=latest_draft(store.list_records(ComplaintDraft, case_id)),
        kinds=[(k.value, texts.enum(k)) for k in ReportKind],
        profiles=[(p.value, texts.enum(p)) for p in Profile],
        presets=[(key, p.names.get(ui_lang) or p.names[_shown_in(p, ui_lang)], p.profile.value)
                 for key, p in presets.items()],
        authorities=[(a.value, texts.enum(a)) for a in AuthorityKind],
        preset_blocks={key: p.block(_shown_in(p, ui_lang)) for key, p in presets.items()},
    )


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


def render(store: Store, case_id: str, choice: Choice, progress: Any, cancel: Any) -> Rendered:
    """Render the report into memory (nothing is written to disk)."""
    from advocate.reports.drafts import latest_draft
    from advocate.reports.render import render_report_to

    case_file = store.case_file(case_id)
    request = _request(choice, choice.lang, store.audit_head(),
                       draft=latest_draft(case_file.complaints))
    target = io.BytesIO()
    with _young_collections_only(progress) as step:
        stamp = render_report_to(case_file, request, target, progress=step, cancel=cancel)
    return Rendered(pdf=target.getvalue(), code=stamp.code, payload_json=stamp.payload_json())


@contextlib.contextmanager
def _young_collections_only(progress: Any) -> Iterator[Any]:
    """No full garbage collection while a report is laid out; young ones as it goes.

    note: a full (generation 2) collection walks every object of the process, the layout's
    thousands of flowables included, holding the GIL: 119 ms measured in the middle of a
    100-page complaint, the window frozen that long. The layout's garbage is mostly freed by
    reference counting; the young generations are still collected at each progress report, and
    automatic collection resumes when the layout ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()

    def step(done: int, total: int) -> None:
        gc.collect(1)
        if progress is not None:
            progress(done, total)

    try:
        yield step
    finally:
        if was_enabled:
            gc.enable()


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
