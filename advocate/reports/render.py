"""Rendering a report to a file: check, build the story, lay it out, write it atomically.

The PDF is written by ``advocate.outputs.open_output``: a temporary file beside ``out``
(owner-only permissions: it holds personal data), flushed to disk and renamed to ``out`` only when
complete. A failure or a
cancel removes the temporary file, so ``out`` is either the finished report or untouched.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from advocate.errors import os_reason
from advocate.model.casefile import CaseFile
from advocate.outputs import check_output, open_output
from advocate.progress import ProgressCallback, check_cancel
from advocate.reports.blocks import keep_headings_with_next
from advocate.reports.complaint import ComplaintBuilder
from advocate.reports.completeness import gaps_of
from advocate.reports.context import ReportContext, make_context
from advocate.reports.datetext import format_day
from advocate.reports.document import PageFurniture, build_pdf
from advocate.reports.errors import IncompleteReportError, ReportLayoutError, ReportWriteError
from advocate.reports.registers import chronology_story, evidence_story, threat_log_story
from advocate.reports.request import ReportKind, ReportRequest, ReportStamp
from advocate.reports.styles import Styles, make_styles


def render_report(case_file: CaseFile, request: ReportRequest, out: Path, *,
                  strict: bool = False, progress: ProgressCallback | None = None,
                  cancel: threading.Event | None = None, overwrite: bool = False) -> ReportStamp:
    """Write the report ``request`` asks for on ``case_file`` to ``out`` and return its stamp.

    With ``strict``, a report that still has gaps (see ``check_completeness``) raises
    IncompleteReportError and nothing is written. ``progress(done, total)`` is called as the
    document is laid out; setting ``cancel`` stops the work with Cancelled and leaves nothing.
    An existing ``out`` is replaced only with ``overwrite`` (``advocate.outputs``).
    """
    out = check_output(Path(out), overwrite=overwrite)  # refused before the work, not after
    stamps: list[ReportStamp] = []
    write_atomically(out, lambda target: stamps.append(render_report_to(
        case_file, request, target, strict=strict, progress=progress, cancel=cancel)),
        overwrite=overwrite)
    return stamps[0]


def render_report_to(case_file: CaseFile, request: ReportRequest, target: BinaryIO, *,
                     strict: bool = False, progress: ProgressCallback | None = None,
                     cancel: threading.Event | None = None) -> ReportStamp:
    """``render_report`` into an open binary stream (the app's preview renders into memory,
    so no plain copy of the report touches the disk before the user saves it)."""
    ctx = make_context(case_file, request, cancel)
    if strict:
        gaps = [g for g in gaps_of(ctx) if not g.notice]
        if gaps:
            raise IncompleteReportError(gaps)
    story = build_story(ctx)
    check_cancel(cancel)
    t = ctx.texts
    title = t.enum(request.kind)
    if ctx.parties is not None and ctx.parties.preset.form == "un_communication":
        title = t("title.un_communication")
    furniture = PageFurniture(
        case_label=t("page.case", reference=case_file.case.reference or "—"),
        title_and_date=f"{title} · {format_day(t, ctx.local_time.date())}",
        code_label=t("page.code", code=ctx.stamp.code),
        page_of=lambda page, pages: t("page.of", page=page, pages=pages),
    )
    try:
        build_pdf(story, target, furniture, title=title, lang=request.lang,
                  progress=progress, cancel=cancel)
    except LayoutError as exc:
        raise ReportLayoutError(str(exc)) from exc
    return ctx.stamp


def build_story(ctx: ReportContext) -> list[Flowable]:
    """The flowables of the report ``ctx`` describes."""
    kind = ctx.request.kind
    styles: Styles = make_styles(12.0 if kind is ReportKind.COMPLAINT else 11.0,
                                  ctx.request.lang)
    if kind is ReportKind.COMPLAINT:
        story = ComplaintBuilder(ctx, styles).story()
    elif kind is ReportKind.THREATS:
        story = threat_log_story(ctx, styles)
    elif kind is ReportKind.CHRONOLOGY:
        story = chronology_story(ctx, styles)
    else:
        story = evidence_story(ctx, styles)
    keep_headings_with_next(story)
    return story


def write_atomically(out: Path, write: Callable[[BinaryIO], None], *,
                     overwrite: bool = False) -> None:
    """Run ``write`` on a temporary file beside ``out`` and put it in place when done.

    ``out`` follows the rule of ``advocate.outputs`` (never into a vault folder, never over a
    vault's file or a backup, an existing file only with ``overwrite``).
    """
    with open_output(out, overwrite=overwrite,
                     error=lambda path, exc: ReportWriteError(path, os_reason(exc))
                     ) as target:
        write(target)
