"""The three registers: the threat log (for police and protection requests), the case
chronology, and the evidence register. Each opens with the case's particulars and closes with
the verification block."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from advocate.model.enums import Channel, Severity
from advocate.reports.blocks import (
    Cell,
    Markup,
    Para,
    data_table,
    esc,
    heading,
    labelled,
    verification_block,
)
from advocate.reports.context import ReportContext
from advocate.reports.datetext import format_datetime, format_iso_moment, format_size
from advocate.reports.events import case_events
from advocate.reports.request import ReportKind
from advocate.reports.safetext import to_markup
from advocate.reports.styles import Styles
from advocate.reports.tables import threat_table, threats_overview

_CHRONOLOGY_WIDTHS = [9 * mm, 30 * mm, 24 * mm, 102 * mm]
_EVIDENCE_WIDTHS = [9 * mm, 52 * mm, 24 * mm, 22 * mm, 27 * mm, 31 * mm]
_COUNT_WIDTHS = [60 * mm, 25 * mm]


def register_intro(ctx: ReportContext, styles: Styles, title: str) -> list[Flowable]:
    """The title and the case's particulars: reference, title, place, time, profile."""
    t, case = ctx.texts, ctx.case_file.case
    lines = [
        labelled(t("label.case"), case.reference or "—"),
        labelled(t("label.case_title"), ctx.namer.scrub(case.title) or "—"),
    ]
    where = ", ".join(p.strip() for p in (case.region, case.place) if p.strip())
    if where:
        lines.append(labelled(t("label.region"), where))
    lines.append(labelled(t("label.generated"), format_datetime(t, ctx.local_time)))
    profile = t.enum(ctx.request.profile)
    if ctx.request.redacts:
        profile = f"{profile}; {t('label.redacted')}"
    lines.append(labelled(t("label.profile"), profile))
    flowables: list[Flowable] = [Para(esc(title.upper()), styles.title), Spacer(1, 4 * mm)]
    flowables += [Para(line, styles.body_plain) for line in lines]
    return [*flowables, Spacer(1, 4 * mm)]


def threat_log_story(ctx: ReportContext, styles: Styles) -> list[Flowable]:
    """The threat log: summary, counts by severity and channel, the chart, every threat."""
    t = ctx.texts
    story = register_intro(ctx, styles, t.enum(ReportKind.THREATS))
    threats = ctx.case_file.threats
    story += heading(t("section.summary"), styles)
    if not threats:
        return [*story, Para(esc(t("none.threats")), styles.note),
                verification_block(ctx, styles)]
    story += threats_overview(ctx, styles)
    severities = Counter(th.severity for th in threats)
    channels = Counter(th.channel for th in threats)
    story += [Spacer(1, 3 * mm), _count_table(
        [t("col.severity"), t("col.count")],
        [(t.enum(s), severities[s]) for s in Severity if severities[s]], styles)]
    story += [Spacer(1, 3 * mm), _count_table(
        [t("col.channel"), t("col.count")],
        [(t.enum(c), channels[c]) for c in Channel if channels[c]], styles)]
    story += [*heading(t("section.list"), styles), threat_table(ctx, styles),
              verification_block(ctx, styles)]
    return story


def _count_table(header: list[str], counts: Sequence[tuple[str, int]],
                 styles: Styles) -> Flowable:
    rows: list[list[Cell]] = [[label, n] for label, n in counts]
    table = data_table(header, rows, _COUNT_WIDTHS, styles)
    table.hAlign = "LEFT"
    return table


def chronology_story(ctx: ReportContext, styles: Styles) -> list[Flowable]:
    """The chronology: every dated event of the case in one table."""
    t = ctx.texts
    story = register_intro(ctx, styles, t.enum(ReportKind.CHRONOLOGY))
    events = case_events(ctx)
    if not events:
        story.append(Para(esc(t("none.events")), styles.note))
    else:
        header = [t("col.no"), t("col.date"), t("col.kind"), t("col.description")]
        rows: list[list[Cell]] = [[n, e.when, e.kind, e.text]
                                  for n, e in enumerate(events, start=1)]
        story.append(data_table(header, rows, _CHRONOLOGY_WIDTHS, styles))
    story.append(verification_block(ctx, styles))
    return story


def evidence_story(ctx: ReportContext, styles: Styles) -> list[Flowable]:
    """The evidence register: every file with its SHA-256, size, type, intake and source."""
    t, scrub = ctx.texts, ctx.namer.scrub
    story = register_intro(ctx, styles, t.enum(ReportKind.EVIDENCE))
    if not ctx.attachments:
        return [*story, Para(esc(t("none.evidence")), styles.note),
                verification_block(ctx, styles)]
    total = sum(a.evidence.size for a in ctx.attachments)
    story.append(Para(esc(t("text.evidence_summary", count=len(ctx.attachments),
                                 size=format_size(t, total))), styles.body_plain))
    story.append(Spacer(1, 3 * mm))
    header = [t("col.no"), t("col.file"), t("col.media_type"), t("col.size"), t("col.intake"),
              t("col.origin")]
    rows: list[list[Cell]] = []
    notes: list[Markup] = []
    zone = ctx.local_time.tzinfo
    for attachment in ctx.attachments:
        if attachment.number % 200 == 0:
            ctx.check_cancel()
        evidence = attachment.evidence
        provided = (ctx.namer.name(evidence.provided_by_id)
                    if evidence.provided_by_id in ctx.case_file.persons else "")
        rows.append([
            attachment.number,
            "\n".join(p for p in (scrub(evidence.original_name),
                                  scrub(evidence.description)) if p.strip()),
            evidence.media_type,
            format_size(t, evidence.size),
            format_iso_moment(t, evidence.intake_at, zone) if evidence.intake_at else "—",
            "\n".join(p for p in (scrub(evidence.source),
                                  f"{t('label.provided_by')}: {provided}" if provided else "")
                      if p.strip()) or "—",
        ])
        notes.append(Markup(f"SHA-256: {to_markup(evidence.sha256)}"))
    story.append(data_table(header, rows, _EVIDENCE_WIDTHS, styles, notes=notes))
    story.append(verification_block(ctx, styles))
    return story
