"""Turning a story of flowables into the PDF: page template, running header and footer,
"page N of M", progress and cancel.

"Page N of M" needs M before the first page is finished; the canvas keeps every page's content
until the end and draws the headers and footers then (one layout pass instead of two).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from advocate.progress import ProgressCallback, check_cancel
from advocate.reports.fonts import SERIF
from advocate.reports.safetext import to_plain
from advocate.reports.styles import (
    BOTTOM_MARGIN,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    LEFT_MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT_MARGIN,
    RULE_COLOUR,
)


@dataclass(frozen=True, slots=True)
class PageFurniture:
    """What every page shows besides the story (already in the report language)."""

    case_label: str  # "Дело № АБ-17/2024"
    title_and_date: str  # "Жалоба · 5 марта 2024 г."
    code_label: str  # "Код проверки: K7QM-2XHD-9F"
    page_of: Callable[[int, int], str]  # (page, pages) → "Страница 1 из 5"


_FURNITURE_SIZE = 8.0


def _fit(text: str, width: float) -> str:
    """Cut a one-line text with an ellipsis so it fits ``width`` points."""
    text = to_plain(text)
    if stringWidth(text, SERIF, _FURNITURE_SIZE) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits, found by halving
        mid = (low + high + 1) // 2
        if stringWidth(text[:mid] + "…", SERIF, _FURNITURE_SIZE) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low] + "…"


def draw_furniture(canvas: Canvas, furniture: PageFurniture, page: int, pages: int) -> None:
    """The running header (case, report, date) and footer (code, page N of M) of one page."""
    canvas.saveState()
    canvas.setFont(SERIF, _FURNITURE_SIZE)
    canvas.setFillColor(MUTED)
    canvas.setStrokeColor(RULE_COLOUR)
    canvas.setLineWidth(0.4)
    right = PAGE_WIDTH - RIGHT_MARGIN
    top = PAGE_HEIGHT - 12 * mm
    half = FRAME_WIDTH / 2 - 6
    canvas.drawString(LEFT_MARGIN, top, _fit(furniture.case_label, half))
    canvas.drawRightString(right, top, _fit(furniture.title_and_date, half))
    canvas.line(LEFT_MARGIN, top - 3, right, top - 3)
    bottom = BOTTOM_MARGIN - 9 * mm
    canvas.line(LEFT_MARGIN, bottom + 9, right, bottom + 9)
    canvas.drawString(LEFT_MARGIN, bottom, _fit(furniture.code_label, half))
    canvas.drawRightString(right, bottom, furniture.page_of(page, pages))
    canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that holds its pages back until it knows how many there are."""

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            draw_furniture(self, self._furniture, number, total)
            super().showPage()
        super().save()


class _ReportDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """One frame per page; reports progress per flowable laid out and obeys cancel."""

    def __init__(self, target: BinaryIO, *, progress: ProgressCallback | None,
                 cancel: threading.Event | None, total: int, **kwargs: Any) -> None:
        super().__init__(target, **kwargs)
        frame = Frame(LEFT_MARGIN, BOTTOM_MARGIN, FRAME_WIDTH, FRAME_HEIGHT, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._progress = progress
        self._cancel = cancel
        self._total = total
        self._done = 0
        self._story: list[Flowable] = []
        self._step = max(1, total // 200)  # at most about 200 calls: a bar needs no more

    def build_story(self, story: list[Flowable], canvasmaker: Callable[..., Canvas]) -> None:
        """Lay ``story`` out (the list is consumed as it goes)."""
        self._story = story
        self.build(story, canvasmaker=canvasmaker)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        check_cancel(self._cancel)
        super().handle_flowable(flowables)
        if flowables is not self._story:
            return  # reportlab also calls this for its own short lists (kept-together groups)
        # A flowable split across pages goes back to the front of the list, so the count of
        # what is left only ever shrinks or stays.
        done = max(self._done, self._total - len(flowables))
        if self._progress is not None and done >= self._done + self._step:
            self._progress(min(done, self._total - 1), self._total)
            self._done = done


def build_pdf(story: list[Flowable], target: BinaryIO, furniture: PageFurniture, *,
              title: str, lang: str, progress: ProgressCallback | None = None,
              cancel: threading.Event | None = None) -> None:
    """Lay out ``story`` into ``target`` with the running header and footer on every page."""
    total = max(1, len(story))
    doc = _ReportDocTemplate(
        target, progress=progress, cancel=cancel, total=total,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=LEFT_MARGIN, rightMargin=RIGHT_MARGIN,
        topMargin=PAGE_HEIGHT - BOTTOM_MARGIN - FRAME_HEIGHT, bottomMargin=BOTTOM_MARGIN,
        title=to_plain(title, 200), author="Advocate", subject="", creator="Advocate",
        keywords="", lang=lang, initialFontName=SERIF, pageCompression=1,
    )

    def canvasmaker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(*args, furniture=furniture, **kwargs)

    doc.build_story(story, canvasmaker)
    if progress is not None:
        progress(total, total)
