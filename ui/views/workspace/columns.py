"""What each table of the workspace shows per record, in the UI language.

Values are the core's: partial dates in words (``format_partial_date``), enumerations by
``advocate.labels``, the due date as the store computed it on save.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from advocate.i18n import N_, _, language, ngettext
from advocate.model import Action, CaseFile, Record
from advocate.model.date_input import format_partial_date
from advocate.model.dates import PartialDate
from advocate.model.deadlines import PeriodUnit
from ui.labels import label
from ui.views.workspace.record_table import Column

CaseFileGetter = Callable[[], CaseFile]


def sample_dates() -> list[str]:
    """A day of every month in the UI language ("2024 ж. 28 желтоқсан", "28 сентября 2024"):
    the widest of them sizes a date column."""
    return [when(date(2024, month, 28)) for month in range(1, 13)]


def when(value: PartialDate | date | None) -> str:
    """A date in words of the UI language ("" when unknown)."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return format_partial_date(value, language())
    return format_partial_date(PartialDate.of(value), language())


def first_line(text: str, limit: int = 90) -> str:
    """The first line of a long text, shortened."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def due_text(action: Action) -> str:
    """"due 14 Jan 2027 (15 working days)", as the store counted it; "" without a due date."""
    if action.due is None:
        return ""
    days = action.response_days or 0
    if not days:
        return _("due {date}").format(date=when(action.due))
    if action.response_unit is PeriodUnit.WORKING:
        words = ngettext("due {date} ({n} working day)", "due {date} ({n} working days)", days)
    else:
        words = ngettext("due {date} ({n} calendar day)", "due {date} ({n} calendar days)", days)
    return words.format(date=when(action.due), n=days)


def overdue_colour(record: Record) -> str:
    """Red for an answer or hearing whose day has passed (the core's deadline)."""
    deadline = record.deadline()
    return "#a40000" if deadline and deadline < date.today().isoformat() else ""


def size_text(size: int) -> str:
    """A file size people read (KB, MB)."""
    if size < 1024:
        return ngettext("{n} byte", "{n} bytes", size).format(n=size)
    if size < 1024 * 1024:
        return _("{n} KB").format(n=round(size / 1024))
    return _("{n} MB").format(n=f"{size / 1024 / 1024:.1f}")


def media_kind(media_type: str) -> str:
    """What kind of file, in words ("Image", "PDF", "Text")."""
    if media_type.startswith("image/"):
        return _("Image")
    if media_type == "application/pdf":
        return "PDF"
    if media_type.startswith("text/"):
        return _("Text")
    if media_type.startswith("audio/"):
        return _("Audio")
    if media_type.startswith("video/"):
        return _("Video")
    return _("File")


def _day_of(stamp: str) -> date | None:
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError:
        return None


def _preset_name(draft: Any) -> str:
    from ui.forms.editors import preset_names
    if draft.addressee_text.strip():
        return first_line(draft.addressee_text)
    return str(preset_names().get(draft.addressee_preset, draft.addressee_preset))


def _relation_or_institution(role: Any) -> str:
    return str(role.relation_to_victim or ", ".join(
        x for x in (role.institution, role.position) if x))


def columns_for(kind: str, cf: CaseFileGetter) -> list[Column]:
    """The columns of a kind's table."""
    def names(ids: list[str]) -> str:
        return ", ".join(cf().person_name(i) for i in ids if cf().person_name(i))

    def name(person_id: str) -> str:
        return cf().person_name(person_id)

    def proceeding(proceeding_id: str) -> str:
        for p in cf().proceedings:
            if p.id == proceeding_id:
                return p.title
        return ""

    def assent(value: bool | None) -> str:
        return {None: "", True: _("agreed"), False: _("did not agree")}[value]

    table: dict[str, list[Column]] = {
        "role": [Column(N_("Name"), lambda r: name(r.person_id), width=240),
                 Column(N_("Role"), lambda r: label(r.role), width=180),
                 Column(N_("Relation or institution"), _relation_or_institution, width=260),
                 Column(N_("Notes"), lambda r: first_line(r.notes))],
        "relation": [Column(N_("Person"), lambda r: name(r.person_id), width=240),
                     Column(N_("Is"), lambda r: r.kind, width=260),
                     Column(N_("Of"), lambda r: name(r.other_person_id))],
        "incident": [Column(N_("When"), lambda r: when(r.date), dated=True),
                     Column(N_("What happened"), lambda r: r.title, width=320),
                     Column(N_("Place"), lambda r: r.place),
                     Column(N_("People involved"), lambda r: names(r.person_ids))],
        "threat": [Column(N_("Received"), lambda r: when(r.received), dated=True),
                   Column(N_("Targeted"), lambda r: names(r.target_ids), width=200),
                   Column(N_("From"), lambda r: name(r.source_person_id)
                          or r.source_description or label(r.source)),
                   Column(N_("Channel"), lambda r: label(r.channel)),
                   Column(N_("Severity"), lambda r: label(r.severity), width=100),
                   Column(N_("Words"), lambda r: first_line(r.words), width=300),
                   Column(N_("Registered"), lambda r: r.report_number)],
        "action": [Column(N_("Filed"), lambda r: when(r.filed), width=140, dated=True),
                   Column(N_("Kind"), lambda r: label(r.kind), width=130),
                   Column(N_("Title"), lambda r: r.title, width=250),
                   Column(N_("Addressee"), lambda r: r.addressee, width=200),
                   Column(N_("Status"), lambda r: label(r.status), width=150),
                   Column(N_("Answer due"), due_text, overdue_colour, width=300),
                   Column(N_("Answered"), lambda r: when(r.response_date), dated=True)],
        "proceeding": [Column(N_("Opened"), lambda r: when(r.opened), dated=True),
                       Column(N_("Kind"), lambda r: label(r.kind), width=170),
                       Column(N_("Title"), lambda r: r.title, width=300),
                       Column(N_("Court or body"), lambda r: r.court, width=240),
                       Column(N_("Case number"), lambda r: r.case_number),
                       Column(N_("Status"), lambda r: label(r.status))],
        "hearing": [Column(N_("Date"), lambda r: when(r.date), overdue_colour, dated=True),
                    Column(N_("Time"), lambda r: r.time, width=70),
                    Column(N_("Proceeding"), lambda r: proceeding(r.proceeding_id), width=330),
                    Column(N_("Place"), lambda r: r.place, width=180),
                    Column(N_("Outcome"), lambda r: first_line(r.outcome))],
        "evidence": [Column(N_("File"), lambda r: r.original_name, width=230),
                     Column(N_("Type"), lambda r: media_kind(r.media_type), width=115),
                     Column(N_("Size"), lambda r: size_text(r.size), width=90),
                     Column(N_("Taken in"), lambda r: when(_day_of(r.intake_at)), width=170,
                            dated=True),
                     Column(N_("Where it came from"), lambda r: r.source, width=250),
                     Column(N_("SHA-256"), lambda r: r.sha256)],
        "consent": [Column(N_("About"), lambda r: name(r.person_id), width=200),
                    Column(N_("Purpose"), lambda r: label(r.purpose), width=260),
                    Column(N_("Given by"), lambda r: name(r.given_by_id), width=200),
                    Column(N_("Child's assent"), lambda r: assent(r.child_assent)),
                    Column(N_("Given on"), lambda r: when(r.given_on), dated=True),
                    Column(N_("Valid until"), lambda r: when(r.valid_until), dated=True),
                    Column(N_("Withdrawn"), lambda r: when(r.withdrawn_on), dated=True)],
        "note": [Column(N_("Date"), lambda r: when(r.date), dated=True),
                 Column(N_("Title"), lambda r: r.title, width=300),
                 Column(N_("Text"), lambda r: first_line(r.text))],
        "complaint": [Column(N_("Title"), lambda r: r.title, width=300),
                      Column(N_("Addressee"), _preset_name, width=320),
                      Column(N_("Applicant"), lambda r: name(r.applicant_id)),
                      Column(N_("Updated"), lambda r: when(_day_of(r.updated)), dated=True)],
    }
    return table[kind]


def records_of(kind: str, case_file: CaseFile) -> list[Any]:
    """A kind's records in the case file, in date order."""
    lists: dict[str, list[Any]] = {
        "role": case_file.roles, "relation": case_file.relations,
        "incident": case_file.incidents, "threat": case_file.threats,
        "action": case_file.actions, "proceeding": case_file.proceedings,
        "hearing": case_file.hearings, "evidence": case_file.evidence,
        "consent": case_file.consents, "note": case_file.notes,
        "complaint": case_file.complaints,
    }
    return lists[kind]
