"""The tables and lists the complaint shares with the registers: threats (with their summary
and chart), remedies already used, attachments."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from advocate.model.records import Action, Threat
from advocate.reports.blocks import Cell, Markup, Para, data_table, esc, join
from advocate.reports.chart import threat_chart, threat_series
from advocate.reports.context import ReportContext
from advocate.reports.datetext import format_iso_day, format_partial
from advocate.reports.events import threat_source, titled
from advocate.reports.safetext import to_markup
from advocate.reports.selection import remedies
from advocate.reports.styles import FRAME_WIDTH, Styles

_THREAT_WIDTHS = [9 * mm, 19 * mm, 24 * mm, 26 * mm, 24 * mm, 35 * mm, 28 * mm]
_REMEDY_WIDTHS = [8 * mm, 32 * mm, 42 * mm, 27 * mm, 21 * mm, 35 * mm]


def _lines(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def threats_overview(ctx: ReportContext, styles: Styles) -> list[Flowable]:
    """The count of threats, reported and registered, and the chart by month."""
    threats = ctx.case_file.threats
    t = ctx.texts
    reported = sum(1 for th in threats if th.reported)
    registered = sum(1 for th in threats if th.report_number.strip())
    flowables: list[Flowable] = [Para(esc(t(
        "text.threats_summary", count=len(threats), reported=reported, registered=registered,
    )), styles.body_plain)]
    series = threat_series(threats, t)
    if series is not None:
        flowables += [Spacer(1, 2 * mm), threat_chart(series, t, FRAME_WIDTH)]
        if series.undated:
            flowables.append(Para(esc(t("text.chart_undated", count=series.undated)),
                                       styles.note))
    return flowables


def threat_table(ctx: ReportContext, styles: Styles) -> Table:
    """Every threat: number, date, target, source, channel and severity, words, report."""
    t = ctx.texts
    header = [t("col.no"), t("col.date"), t("col.target"), t("col.source"), t("col.channel"),
              t("col.words"), t("col.reported")]
    rows: list[list[Cell]] = []
    for n, threat in enumerate(ctx.case_file.threats, start=1):
        if n % 200 == 0:
            ctx.check_cancel()
        rows.append([
            n,
            format_partial(t, threat.received),
            ctx.namer.names(threat.target_ids),
            threat_source(ctx, threat),
            join(t.enum(threat.channel), Markup("<br/>"),
                 Markup(f"<i>{to_markup(t.enum(threat.severity))}</i>"), sep=""),
            _lines(ctx.namer.scrub_quoted(threat.words), ctx.attachment_refs(threat.evidence_ids)),
            _reported(ctx, threat),
        ])
    return data_table(header, rows, _THREAT_WIDTHS, styles)


def _reported(ctx: ReportContext, threat: Threat) -> str:
    t, scrub = ctx.texts, ctx.namer.scrub
    if not threat.reported and not threat.report_number.strip():
        return t("label.not_reported")
    return _lines(
        scrub(threat.reported_to),
        scrub(threat.report_number),
        format_partial(t, threat.report_date) if threat.report_date else "",
        (f"{t('label.response')}: {ctx.namer.scrub_quoted(threat.response)}"
         if threat.response.strip() else ""),
    )


def filed_actions(ctx: ReportContext) -> list[Action]:
    """The remedies already used, in date order (see :mod:`advocate.reports.selection`)."""
    return remedies(ctx)


def remedies_table(ctx: ReportContext, styles: Styles) -> Flowable:
    """Each remedy used: addressee, what was filed, when and under which number, the answer."""
    t, scrub = ctx.texts, ctx.namer.scrub
    actions = filed_actions(ctx)
    if not actions:
        return Para(esc(t("none.remedies")), styles.note)
    header = [t("col.no"), t("col.addressee"), t("col.action"), t("col.filed"),
              t("col.status"), t("col.answer")]
    rows: list[list[Cell]] = []
    for n, action in enumerate(actions, start=1):
        if n % 200 == 0:
            ctx.check_cancel()
        rows.append([
            n,
            scrub(action.addressee) or "—",
            _lines(titled(scrub(action.title), t.enum(action.kind)), scrub(action.description),
                   ctx.attachment_refs(action.evidence_ids)),
            _lines(format_partial(t, action.filed),
                   f"{t('label.reference')} {scrub(action.reference_number)}"
                   if action.reference_number.strip() else ""),
            t.enum(action.status),
            _lines(format_partial(t, action.response_date) if action.response_date else "",
                   ctx.namer.scrub_quoted(action.response)) or "—",
        ])
    return data_table(header, rows, _REMEDY_WIDTHS, styles)


def attachment_list(ctx: ReportContext, styles: Styles) -> list[Flowable]:
    """The numbered attachments as a court or the Ombudsman expects them: number,
    description, date, pages or duration; the SHA-256 under each."""
    t = ctx.texts
    if not ctx.attachments:
        return [Para(esc(t("none.attachments")), styles.note)]
    flowables: list[Flowable] = [Para(esc(t("text.attachments_intro")), styles.body_plain)]
    zone = ctx.local_time.tzinfo
    for attachment in ctx.attachments:
        evidence = attachment.evidence
        name = ctx.namer.scrub(evidence.original_name)
        described = ctx.namer.scrub(evidence.description).strip().rstrip(".")
        title = f"{described} ({name})" if described else name
        details = [format_iso_day(t, evidence.intake_at, zone) if evidence.intake_at else "",
                   _extent(ctx, evidence.pages, evidence.duration_seconds)]
        markup = Markup(
            f"<b>{attachment.number}.</b> {to_markup(title)}"
            + "".join(f"; {to_markup(d)}" for d in details if d)
            + f"<br/><font size=\"8\">SHA-256: {to_markup(evidence.sha256)}</font>"
        )
        flowables.append(Para(markup, styles.fact))
    return flowables


def _extent(ctx: ReportContext, pages: int, seconds: int) -> str:
    """'на 3 л.' for a document, 'длительность 2:05' for a recording ('' when unknown)."""
    if pages:
        return ctx.texts("label.pages", n=pages)
    if seconds:
        hours, rest = divmod(seconds, 3600)
        clock = f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else (
            f"{rest // 60}:{rest % 60:02d}")
        return ctx.texts("label.duration", time=clock)
    return ""
