"""The building blocks the reports are made of: headings, user text as paragraphs, tables
whose cells can hold any amount of text, the verification block with its QR code.

Every piece of user text reaches reportlab through :func:`~advocate.reports.safetext.to_markup`;
text the code composes itself is marked as :class:`Markup` so it is not escaped twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from advocate.reports.context import ReportContext
from advocate.reports.datetext import format_datetime_at
from advocate.reports.fonts import SERIF
from advocate.reports.hyphens import soft_hyphens
from advocate.reports.paged_table import PagedTable, RowCommand, table_of
from advocate.reports.safetext import cell_pieces, fits_unmeasured, text_lines, to_markup
from advocate.reports.styles import (
    CELL_PADDING,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    RULE_COLOUR,
    Styles,
    base_table_style,
)

_HEADING_ROOM = 30 * mm  # what must be left below a heading for its section to start there
# A table cell never gets taller than this: with the header row repeated it still fits a page.
MAX_CELL_HEIGHT = FRAME_HEIGHT * 0.4


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its line breaking for the width it was last wrapped to.

    A table wraps each cell several times at the same width (to size the rows, to split at a
    page end, to draw), and reportlab breaks the lines afresh each time; the lines depend on
    the width alone, so the work is done once (split() drops blPara when it gives up on a
    paragraph, hence the check). This halves the time of a long complaint.
    """

    _wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == self._wrapped_width and hasattr(self, "blPara"):
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size


class Markup(str):
    """Paragraph markup composed by the report code, with every user part already escaped."""

    __slots__ = ()


def esc(text: str) -> Markup:
    """User (or any plain) text as markup that prints it as typed."""
    return Markup(to_markup(text))


def bold(text: str) -> Markup:
    """Plain text in bold."""
    return Markup(f"<b>{to_markup(text)}</b>")


def join(*parts: str, sep: str = " ") -> Markup:
    """Markup pieces joined; plain ``str`` pieces are escaped, empty ones skipped."""
    return Markup(sep.join(p if isinstance(p, Markup) else to_markup(p) for p in parts if p))


def labelled(label: str, value: str, strong: bool = True) -> Markup:
    """'<b>Label:</b> value' (value is user text); ``strong=False`` leaves the label plain."""
    if not strong:
        return Markup(f"{to_markup(label)}: {to_markup(value)}")
    return Markup(f"<b>{to_markup(label)}:</b> {to_markup(value)}")


def para(markup: Markup, style: object) -> Paragraph:
    """One paragraph of composed markup."""
    return Para(markup, style)


class HeadingBreak(CondPageBreak):  # type: ignore[misc]
    """The page break on condition before a heading; :func:`keep_headings_with_next` sets
    the room it asks for to the heading and the first piece of what follows it."""


def heading(text: str, styles: Styles, number: int | None = None) -> list[Flowable]:
    """A section heading, numbered when ``number`` is given, that never ends a page without
    the first item under it. (A page break on condition rather than keep-with-next: keeping a
    heading with a table moves the whole table to the next page when it would fit on one.)"""
    prefix = f"{number}. " if number is not None else ""
    return [HeadingBreak(_HEADING_ROOM), Para(escape(prefix) + to_markup(text),
                                                   styles.heading)]


def keep_headings_with_next(story: Sequence[Flowable]) -> None:
    """Make each heading's page break ask for room for the heading and the first piece of
    what follows: two lines of a paragraph, the header and first row of a table, all of
    anything that cannot split (a chart)."""
    for index, flowable in enumerate(story):
        if not isinstance(flowable, HeadingBreak) or index + 1 >= len(story):
            continue
        title = story[index + 1]
        _, title_height = title.wrap(FRAME_WIDTH, FRAME_HEIGHT)
        need = title_height + title.getSpaceBefore() + title.getSpaceAfter()
        for following in story[index + 2:]:
            first = _first_piece_height(following)
            need += first
            if not isinstance(following, Spacer) and first:
                break
        flowable.height = max(_HEADING_ROOM, min(need, FRAME_HEIGHT * 0.6))


def _first_piece_height(flowable: Flowable) -> float:
    """The least of a flowable that may stand at the foot of a page."""
    _, height = flowable.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    if isinstance(flowable, Spacer):
        return float(height)
    extra = float(flowable.getSpaceBefore())
    if isinstance(flowable, Table | PagedTable):
        rows = getattr(flowable, "_rowHeights", None) or [height]
        return extra + float(sum(rows[:2]))
    if isinstance(flowable, Paragraph):
        return extra + min(float(height), 2 * float(flowable.style.leading))
    return extra + float(height)


def text_block(text: str, style: object, empty: str = "") -> list[Flowable]:
    """User text as one paragraph per line (an empty line leaves a gap); ``empty`` is printed
    in its place when the text is blank."""
    if not text.strip():
        return [Para(to_markup(empty), style)] if empty else []
    flowables: list[Flowable] = []
    for line in text_lines(text.strip("\n")):
        if line.strip():
            flowables.append(Para(to_markup(line), style))
        else:
            flowables.append(Spacer(1, 4))
    return flowables


Cell = str | int  # str: user text (escaped, may be cut); Markup: composed; int: a number


def data_table(header: Sequence[str], rows: Sequence[Sequence[Cell]],
               widths: Sequence[float], styles: Styles,
               notes: Sequence[Markup] | None = None) -> Flowable:
    """A table with a repeated header row; a cell too tall for a page continues in the rows
    below it, so any amount of text fits; a table of any length costs what its pages hold
    (:mod:`advocate.reports.paged_table`). ``notes`` (one per row) adds a line under each row
    spanning every column but the first (the evidence register's SHA-256)."""
    head: list[object] = [Para(to_markup(h), styles.cell_head) for h in header]
    data: list[list[object]] = []
    row_commands: list[list[RowCommand]] = []
    for index, row in enumerate(rows):
        pieces = [_cell_pieces(cell, width, styles)
                  for cell, width in zip(row, widths, strict=True)]
        for k in range(max(len(p) for p in pieces)):
            data.append([p[k] if k < len(p) else "" for p in pieces])
            row_commands.append([("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE_COLOUR)]
                                if index and not k else [])
        if notes is not None and notes[index]:
            note_row: list[object] = ["", Para(notes[index], styles.hash)]
            data.append(note_row + [""] * (len(widths) - 2))
            row_commands.append([("SPAN", (1, 0), (-1, 0))])
    return table_of(head, data, row_commands, widths, base_table_style())


def _cell_pieces(cell: Cell, width: float, styles: Styles) -> list[object]:
    if isinstance(cell, int):
        return [str(cell)]  # drawn by the table in its FONTNAME: no paragraph needed
    if isinstance(cell, Markup):
        return [Para(cell, styles.cell)]
    inner = width - 2 * CELL_PADDING
    style = styles.cell
    markup = to_markup(soft_hyphens(cell, style.hyphenationLang))
    # Most cells are short: one look at their length saves cutting and measuring them.
    if fits_unmeasured(markup, max(4, int(inner / (style.fontSize * 0.5))),
                       int(MAX_CELL_HEIGHT / style.leading)):
        return [Para(markup, style)]
    return [Para(to_markup(soft_hyphens(piece, style.hyphenationLang)), style)
            for piece in cell_pieces(cell, inner, style, MAX_CELL_HEIGHT)]


def qr_drawing(text: str, size: float = 32 * mm) -> Drawing:
    """A QR code of ``text`` (error correction M), ``size`` points square."""
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0],
                      initialFontName=SERIF)  # reportlab would otherwise select Helvetica
    drawing.add(widget)
    return drawing


def verification_block(ctx: ReportContext, styles: Styles) -> Flowable:
    """The QR code beside the code, the time, the audit head and the attachment-list hash."""
    t = ctx.texts
    payload = ctx.stamp.payload
    lines = [
        Para(f"<b>{escape(t('text.verify_code'))}: {escape(ctx.stamp.code)}</b>",
                  styles.body_plain),
        Para(to_markup(t("text.verify", datetime=format_datetime_at(t, ctx.local_time))),
                  styles.small),
        Para(labelled(t("text.verify_audit"),
                           payload["audit_head"] or t("text.no_audit_head")), styles.hash),
        Para(labelled(t("text.verify_attachments"), payload["attachments_sha256"]),
                  styles.hash),
    ]
    qr_size = 32 * mm
    table = Table([[qr_drawing(ctx.stamp.qr_text, qr_size), lines]],
                  colWidths=[qr_size + 4 * mm, FRAME_WIDTH - qr_size - 4 * mm],
                  style=TableStyle([
                      ("FONTNAME", (0, 0), (-1, -1), SERIF),
                      ("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                      ("BOX", (0, 0), (-1, -1), 0.4, RULE_COLOUR),
                      ("TOPPADDING", (0, 0), (-1, -1), 4),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                      ("LEFTPADDING", (1, 0), (1, 0), 2),
                  ]))
    return KeepTogether([Spacer(1, 6 * mm), *heading(t("section.verification"), styles), table])
