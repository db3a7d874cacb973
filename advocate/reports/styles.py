"""Page geometry and paragraph and table styles of the reports.

Every style names its font explicitly (reportlab's defaults are Helvetica, a base-14 font with
no Cyrillic). The page follows the usual layout of official letters in Kazakhstan: A4, a 30 mm
left margin for binding, a serif at 12 pt for the complaint's body.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from advocate.reports.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC
from advocate.reports.hyphens import hyphenator
from advocate.reports.hyphens import install as install_hyphenation

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = 30 * mm
RIGHT_MARGIN = 15 * mm
TOP_MARGIN = 20 * mm
BOTTOM_MARGIN = 18 * mm
FRAME_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
FRAME_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN

CELL_PADDING = 3.0
RULE_COLOUR = colors.Color(0.45, 0.45, 0.45)
HEADER_FILL = colors.Color(0.9, 0.9, 0.9)
MUTED = colors.Color(0.35, 0.35, 0.35)


def _style(name: str, size: float, leading: float, font: str = SERIF, **extra: object
           ) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading,
                          bulletFontName=font, splitLongWords=1, **extra)


def _hyphenated(style: ParagraphStyle, lang: str) -> ParagraphStyle:
    """The style, breaking words at syllables with a hyphen (a word longer than the line
    still breaks where it must: splitLongWords)."""
    style.hyphenationLang = hyphenator(lang)
    style.embeddedHyphenation = 1
    return style


@dataclass(frozen=True, slots=True)
class Styles:
    """The paragraph styles one report uses."""

    body: ParagraphStyle  # the complaint's running text, justified, first line indented
    body_plain: ParagraphStyle  # running text without indent (lists, labelled lines)
    block: ParagraphStyle  # the addressee and applicant blocks top right
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    fact: ParagraphStyle  # one dated fact, with a hanging indent
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    small: ParagraphStyle
    hash: ParagraphStyle  # SHA-256 values
    note: ParagraphStyle  # an italic remark (nothing recorded, a chart's caveat)


def make_styles(body_size: float = 12.0, lang: str = "ru") -> Styles:
    """The styles of a report in ``lang`` whose running text is ``body_size`` points; the
    body text and table cells hyphenate in the report's language."""
    install_hyphenation()
    leading = body_size * 1.25
    styles = Styles(
        body=_style("body", body_size, leading, alignment=TA_JUSTIFY, firstLineIndent=12.5 * mm,
                    spaceAfter=2),
        body_plain=_style("body_plain", body_size, leading, alignment=TA_LEFT, spaceAfter=2),
        block=_style("block", body_size, leading, alignment=TA_LEFT),
        title=_style("title", body_size + 4, (body_size + 4) * 1.3, SERIF_BOLD,
                     alignment=TA_CENTER, spaceBefore=8, spaceAfter=2),
        subtitle=_style("subtitle", body_size, leading, alignment=TA_CENTER, spaceAfter=10),
        heading=_style("heading", body_size, leading, SERIF_BOLD, spaceBefore=10, spaceAfter=4),
        # Left-aligned: a justified line that starts with a bold date and holds long
        # reference numbers stretches its spaces wide.
        fact=_style("fact", body_size, leading, alignment=TA_LEFT, leftIndent=6 * mm,
                    firstLineIndent=-6 * mm, spaceAfter=3),
        cell=_style("cell", 9, 11),
        cell_head=_style("cell_head", 9, 11, SERIF_BOLD),
        small=_style("small", 9, 11),
        hash=_style("hash", 8, 10),
        note=_style("note", body_size - 1, leading - 1, SERIF_ITALIC, spaceAfter=4),
    )
    for style in (styles.body, styles.body_plain, styles.block, styles.fact, styles.cell,
                  styles.cell_head, styles.small, styles.note):
        _hyphenated(style, lang)
    return styles


def base_table_style(header_rows: int = 1) -> list[tuple[object, ...]]:
    """The grid every table starts from: fonts set (never Helvetica), top-aligned cells."""
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), SERIF),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE_COLOUR),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.4, RULE_COLOUR),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("FONTNAME", (0, 0), (-1, header_rows - 1), SERIF_BOLD),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.6, RULE_COLOUR),
        ]
    return commands
