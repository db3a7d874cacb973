"""Long report tables: the same pages as one reportlab Table, for what the pages hold.

reportlab splits a Table at a page's foot by building the rest of it again, so a table's cost grew
with the square of its length (issue 14); ``advocate.reports.paged_table`` hands reportlab a window
of rows at a time. Timings belong to `make bench`; here the pages are compared with those of the
single Table, and the work is counted in rows given to reportlab's Table.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from advocate.reports import paged_table
from advocate.reports.blocks import Markup, data_table
from advocate.reports.fonts import register_fonts
from advocate.reports.styles import make_styles

from .conftest import tools_present

WIDTHS = (30.0, 90.0, 160.0, 200.0)


def _rows(n: int) -> list[list[object]]:
    # every ninth row long enough to wrap over several lines, every 50th over pages (its cell
    # continues in the rows below it)
    return [[i, f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", f"Қорқыту {i}",
             ("Біз сені табамыз. " * (400 if i % 50 == 7 else 12 if i % 9 == 0 else 1)).strip()]
            for i in range(1, n + 1)]


def _render(path: Path, n: int, notes: bool = False) -> None:
    register_fonts()
    styles = make_styles(lang="kk")
    marks = [Markup(f"SHA-256 {i:064x}") for i in range(n)] if notes else None
    table = data_table(["№", "Күні", "Түрі", "Мәтіні"], _rows(n), WIDTHS, styles, notes=marks)
    SimpleDocTemplate(str(path), pagesize=A4).build([table])


def _pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")


@pytest.mark.skipif(not tools_present(), reason="needs poppler-utils")
@pytest.mark.parametrize("notes", [False, True], ids=["rows", "rows-with-notes"])
@pytest.mark.parametrize("window", [paged_table.WINDOW, 5], ids=["window", "small-window"])
def test_a_long_table_prints_the_same_pages_as_one_reportlab_table(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notes: bool, window: int) -> None:
    """A window smaller than a page is made larger for that page (so it never ends mid-page)."""
    n = 700
    monkeypatch.setattr(paged_table, "WINDOW", window)
    _render(tmp_path / "paged.pdf", n, notes)
    monkeypatch.setattr(paged_table, "WINDOW", 10**9)  # one Table, split by reportlab
    _render(tmp_path / "one.pdf", n, notes)
    paged, one = _pages(tmp_path / "paged.pdf"), _pages(tmp_path / "one.pdf")
    assert len(paged) > 20
    assert paged == one
    # the header on every page, every row once
    assert all(page.startswith("№ Күні Түрі Мәтіні") for page in paged if page.strip())
    numbers = re.findall(r"Қорқыту (\d+)", "".join(paged))
    assert [int(x) for x in numbers] == list(range(1, n + 1))


def test_the_work_of_a_long_table_grows_with_its_rows_not_their_square(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []
    original = Table.__init__

    def counting(self: Table, data: list[object], *args: object, **kwargs: object) -> None:
        built.append(len(data))
        original(self, data, *args, **kwargs)

    monkeypatch.setattr(Table, "__init__", counting)
    per_row = {}
    for n in (400, 1600):
        built.clear()
        _render(tmp_path / f"t{n}.pdf", n)
        per_row[n] = sum(built) / n
    # one reportlab Table split page by page: about n/2 rows rebuilt per page, so the rows built
    # per row grow with n (×4 from 400 to 1,600); a window at a time keeps them level
    assert per_row[1600] < 1.5 * per_row[400], per_row
