"""A table of any length that reportlab lays out a page at a time.

reportlab splits a long ``Table`` at the foot of a page by building the rest of it as a new
``Table``: every remaining row again, and every style command re-indexed for it. A table of N
rows over P pages therefore costs about N × P, the square of its length: the complaint of a case
with 6,420 threats, actions and notes took 23 times the processor time of one with 324 (issue 14:
no operation may grow faster than the data it shows), with reportlab's splitting (``_cr_1_1``,
``_splitLineCmds``, ``_addCommand``, ``_calc_height``) a third of the profile.

:class:`PagedTable` keeps the rows and their style commands itself and gives reportlab a window of
:data:`WINDOW` rows at a time (more than any page holds), so each page costs what the page holds.
A row's height, once measured, is handed on, so no cell is measured twice. What is drawn is the
same: the header row repeated on every page, a row never cut across pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Table, TableStyle

#: Rows given to reportlab at once: at the least height a row can have (one line of 9-point text
#: and its padding, 16 points) more than a page holds. Should a window fit on what is left of a
#: page all the same, it is doubled for that page: the rest never starts below it on that page.
WINDOW = 100

#: A style command of one row, with that row's index written as 0: ("LINEABOVE", (0, 0), (-1, 0),
#: 0.4, colour) draws a rule above the row wherever the row ends up.
RowCommand = tuple[object, ...]


def table_of(header: Sequence[object], rows: Sequence[Sequence[object]],
             row_commands: Sequence[Sequence[RowCommand]], widths: Sequence[float],
             base: Sequence[tuple[object, ...]]) -> Flowable:
    """The header and rows as one flowable: a plain ``Table`` when they fit in a window, a
    :class:`PagedTable` when they are longer. ``base`` is the style of the whole table (header
    row 0, negative indices from the end); ``row_commands[i]`` those of ``rows[i]`` alone."""
    if len(rows) <= WINDOW:
        return _table(header, rows, row_commands, widths, base, [None] * len(rows))
    return PagedTable(header, rows, row_commands, widths, base, [None] * len(rows))


def _table(header: Sequence[object], rows: Sequence[Sequence[object]],
           row_commands: Sequence[Sequence[RowCommand]], widths: Sequence[float],
           base: Sequence[tuple[object, ...]], heights: Sequence[float | None]) -> Table:
    commands = list(base)
    for index, own in enumerate(row_commands, start=1):  # row 0 is the header
        commands.extend(_at_row(command, index) for command in own)
    return Table([list(header), *[list(row) for row in rows]], colWidths=list(widths),
                 rowHeights=[None, *heights], repeatRows=1, style=TableStyle(commands))


def _at_row(command: RowCommand, row: int) -> RowCommand:
    name, start, end, *rest = command
    assert isinstance(start, tuple) and isinstance(end, tuple)
    return (name, (start[0], start[1] + row), (end[0], end[1] + row), *rest)


class PagedTable(Flowable):  # type: ignore[misc]
    """A long table, made into reportlab ``Table`` objects one page at a time (see above)."""

    def __init__(self, header: Sequence[object], rows: Sequence[Sequence[object]],
                 row_commands: Sequence[Sequence[RowCommand]], widths: Sequence[float],
                 base: Sequence[tuple[object, ...]], heights: Sequence[float | None]) -> None:
        super().__init__()
        self._header, self._rows, self._row_commands = header, rows, row_commands
        self._widths, self._base, self._heights = widths, base, list(heights)
        self._size = WINDOW
        self._window: Table | None = None

    def window(self) -> Table:
        """The first rows (a window's worth) under the header, as a reportlab table."""
        if self._window is None:
            size = self._size
            self._window = _table(self._header, self._rows[:size], self._row_commands[:size],
                                  self._widths, self._base, self._heights[:size])
        return self._window

    @property
    def _rowHeights(self) -> list[float]:  # reportlab's name, read by blocks.py
        return list(getattr(self.window(), "_rowHeights", None) or [])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        window = self._taller_than(availWidth, availHeight)
        width, height = window.wrap(availWidth, availHeight)
        return float(width), float(height)

    def _taller_than(self, availWidth: float, availHeight: float) -> Table:
        """The window, made larger until it is taller than the space or holds every row: so the
        frame splits this while rows remain, and a window ends at the foot of a page."""
        while True:
            window = self.window()
            _, height = window.wrap(availWidth, availHeight)
            if height > availHeight or self._size >= len(self._rows):
                return window
            self._size *= 2
            self._window = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        window = self._taller_than(availWidth, availHeight)
        parts = window.split(availWidth, availHeight)
        if not parts:
            return []
        first = parts[0]
        done = len(first._cellvalues) - 1 if first is not window else len(self._rows)
        if done <= 0:
            return []
        measured = list(getattr(window, "_rowHeights", None) or [])[1:]
        heights = [*measured[done:], *self._heights[len(measured):]]
        rest = self._rows[done:]
        if not rest:
            return [first]
        commands = self._row_commands[done:]
        if len(rest) <= WINDOW:
            return [first, _table(self._header, rest, commands, self._widths, self._base,
                                  heights[:len(rest)])]
        return [first, PagedTable(self._header, rest, commands, self._widths, self._base,
                                  heights)]

    def draw(self) -> None:
        # note: reached only when the window holds every row (see _taller_than)
        self.window().drawOn(self.canv, 0, 0)
