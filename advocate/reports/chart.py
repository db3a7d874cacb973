"""The chart of threats over time: a bar per month, stacked by severity, in shades of grey
(complaints are printed on office printers).

Threats dated only to a year cannot be placed in a month and are counted in a note instead; a
range counts at its start. Over ten years the bars become years.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm

from advocate.model.dates import Precision
from advocate.model.enums import Severity
from advocate.model.records import Threat
from advocate.reports.fonts import SERIF
from advocate.reports.texts import ReportTexts

_SHADES = {
    Severity.LOW: colors.Color(0.82, 0.82, 0.82),
    Severity.MEDIUM: colors.Color(0.6, 0.6, 0.6),
    Severity.HIGH: colors.Color(0.35, 0.35, 0.35),
    Severity.CRITICAL: colors.Color(0.05, 0.05, 0.05),
}
_MAX_MONTHS = 120
_MAX_LABELS = 14


@dataclass(frozen=True, slots=True)
class ThreatSeries:
    """Threat counts per period and severity, ready to draw."""

    labels: list[str]
    counts: dict[Severity, list[int]]
    undated: int  # threats known only to the year


def threat_series(threats: list[Threat], texts: ReportTexts) -> ThreatSeries | None:
    """Counts per month (or per year for long spans); None when no threat has a month."""
    by_month: Counter[tuple[int, int, Severity]] = Counter()
    undated = 0
    for threat in threats:
        when = threat.received
        if when is None or when.precision is Precision.YEAR:
            undated += 1
            continue
        by_month[(when.year, when.month or 1, threat.severity)] += 1
    if not by_month:
        return None
    first = min((y, m) for y, m, _ in by_month)
    last = max((y, m) for y, m, _ in by_month)
    span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if span > _MAX_MONTHS:
        years = list(range(first[0], last[0] + 1))
        counts = {s: [sum(n for (y, _, sev), n in by_month.items() if y == year and sev is s)
                      for year in years] for s in Severity}
        return ThreatSeries([str(y) for y in years], counts, undated)
    months = [(first[0] + (first[1] - 1 + i) // 12, (first[1] - 1 + i) % 12 + 1)
              for i in range(span)]
    labels = [f"{texts(f'month_short.{m}')} {y % 100:02d}" for y, m in months]
    counts = {s: [by_month[(y, m, s)] for y, m in months] for s in Severity}
    return ThreatSeries(labels, counts, undated)


def threat_chart(series: ThreatSeries, texts: ReportTexts, width: float) -> Drawing:
    """A stacked bar chart of ``series`` with a severity legend, ``width`` points wide."""
    height = 62 * mm
    drawing = Drawing(width, height, initialFontName=SERIF)  # not reportlab's Helvetica
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 34
    chart.width, chart.height = width - 40, height - 50
    chart.categoryAxis.style = "stacked"
    present = [s for s in Severity if any(series.counts[s])]
    chart.data = [series.counts[s] for s in present]
    for index, severity in enumerate(present):
        chart.bars[index].fillColor = _SHADES[severity]
        chart.bars[index].strokeColor = colors.black
        chart.bars[index].strokeWidth = 0.25
    step = max(1, -(-len(series.labels) // _MAX_LABELS))
    chart.categoryAxis.categoryNames = [label if i % step == 0 else ""
                                        for i, label in enumerate(series.labels)]
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels):
        labels.fontName = SERIF  # reportlab's default is Helvetica, which has no Cyrillic
        labels.fontSize = 7
    chart.categoryAxis.labels.angle = 45 if len(series.labels) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(series.labels) > 6 else "n"
    total_max = max(sum(col) for col in zip(*chart.data, strict=True))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, -(-total_max // 5))
    chart.valueAxis.valueMax = chart.valueAxis.valueStep * max(1, -(-total_max //
                                                                    chart.valueAxis.valueStep))
    chart.barSpacing = 0.5
    drawing.add(chart)
    drawing.add(_legend(present, texts, width))
    return drawing


def _legend(present: list[Severity], texts: ReportTexts, width: float) -> Legend:
    legend = Legend()
    legend.fontName = SERIF
    legend.fontSize = 7
    legend.x, legend.y = width - 4, 62 * mm - 2
    legend.boxAnchor = "ne"
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 6
    legend.deltax = 60
    legend.colorNamePairs = [(_SHADES[s], texts.enum(s)) for s in present]
    return legend
