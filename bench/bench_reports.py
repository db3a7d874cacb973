"""Benchmark: a complaint on a case with 1,000 threats and 500 actions, against reportlab
building a comparable story directly (the same number of paragraphs and table rows, plain
strings, the same fonts) in the same process.

Run: .venv/bin/python bench/bench_reports.py [--threats N] [--actions N] [--repeat N]

Time is the best of ``--repeat`` runs without tracing; peak Python memory is measured in a
separate run under tracemalloc (which slows the run down); maxrss is the process's peak
resident set so far, read after each part.
"""

from __future__ import annotations

import argparse
import io
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from advocate.reports import ReportKind, render_report
from advocate.reports.fonts import SERIF, register_fonts
from advocate.reports.styles import make_styles
from tests.reports.conftest import complaint_options, make_big_case, make_request


def _maxrss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1 << 20) if sys.platform == "darwin" else rss / 1024  # bytes vs KiB


def _best_time(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _traced_peak_mib(run: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / (1 << 20)
    finally:
        tracemalloc.stop()


def plain_story(threats: int, actions: int) -> list[object]:
    """What reportlab alone would build for the same complaint: one paragraph per fact, a
    threat table and a remedies table with a paragraph per cell, plain strings throughout."""
    styles = make_styles(12.0)
    story: list[object] = [Paragraph(f"Paragraph {i} of the facts of the case, with a date and "
                                     "a short description of what happened.", styles.fact)
                           for i in range(threats + 2 * actions)]
    cell = styles.cell
    rows = [[Paragraph(str(i), cell), Paragraph("20 февраля 2024 г.", cell),
             Paragraph("Гүлнұр Өмірбекқызы Сәрсенқұлова", cell), Paragraph("неизвестное лицо",
                                                                            cell),
             Paragraph("по телефону<br/><i>высокая</i>", cell),
             Paragraph(f"Угроза номер {i}: ещё одно сообщение с угрозами в адрес семьи.", cell),
             Paragraph("ОП Ауданского района<br/>№ КУИ 1234", cell)] for i in range(threats)]
    widths = [w * mm for w in (9, 19, 24, 26, 24, 35, 28)]
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("GRID", (0, 0), (-1, -1), 0.4,
                                                                   "grey")])
    story.append(Table(rows, colWidths=widths, repeatRows=1, style=style))
    rows = [[Paragraph(str(i), cell), Paragraph("Прокуратура Алматинской области", cell),
             Paragraph(f"Запрос № {i} (запрос)", cell),
             Paragraph(f"{i} января 2022 г.<br/>вх. № ЖТ-{i}", cell),
             Paragraph("получен ответ", cell),
             Paragraph(f"21 января 2022 г.<br/>Ответ на запрос № {i}: рассмотрено.", cell)]
            for i in range(actions)]
    widths = [w * mm for w in (8, 32, 42, 27, 21, 35)]
    story.append(Table(rows, colWidths=widths, repeatRows=1, style=style))
    return story


def build_plain(threats: int, actions: int) -> int:
    """Lay the plain story out into memory; return the PDF's size."""
    target = io.BytesIO()
    doc = SimpleDocTemplate(target, initialFontName=SERIF, leftMargin=30 * mm,
                            rightMargin=15 * mm, topMargin=20 * mm, bottomMargin=18 * mm)
    doc.build(plain_story(threats, actions))
    return len(target.getvalue())


def main() -> None:
    """Run both, print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threats", type=int, default=1000)
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    register_fonts()
    case_file = make_big_case(args.threats, args.actions)
    request = make_request(ReportKind.COMPLAINT, "ru", complaint=complaint_options(case_file))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "complaint.pdf"

        def ours() -> None:
            render_report(case_file, request, out)

        ours()  # warm-up: fonts, texts, imports
        ours_time = _best_time(ours, args.repeat)
        ours_rss = _maxrss_mib()
        pages = _pages(out)
        size = out.stat().st_size
        ours_peak = _traced_peak_mib(ours)
    build_plain(10, 10)
    plain_time = _best_time(lambda: build_plain(args.threats, args.actions), args.repeat)
    plain_rss = _maxrss_mib()
    plain_peak = _traced_peak_mib(lambda: build_plain(args.threats, args.actions))
    print(f"case: {args.threats} threats, {args.actions} actions -> complaint of {pages} pages, "
          f"{size / 1024:.0f} KiB")
    print(f"advocate complaint : {ours_time:6.2f} s ({ours_time / pages * 100:.2f} s per 100 "
          f"pages), peak traced {ours_peak:6.1f} MiB, maxrss {ours_rss:6.1f} MiB")
    print(f"reportlab directly : {plain_time:6.2f} s, peak traced {plain_peak:6.1f} MiB, "
          f"maxrss {plain_rss:6.1f} MiB (cumulative)")
    print(f"ratio (advocate / reportlab): time {ours_time / plain_time:.2f}x, "
          f"traced memory {ours_peak / plain_peak:.2f}x")


def _pages(path: Path) -> int:
    # reportlab writes page dictionaries uncompressed: count "/Type /Page" (not "/Pages").
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))


if __name__ == "__main__":
    main()
