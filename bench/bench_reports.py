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
from bench.common import MEMORY_MB, peak_mb, pick
from bench.results import Row, exit_status, record
from tests.reports.conftest import complaint_options, make_big_case, make_request

#: The case whose complaint runs to about 100 pages (Russian, the ombudsman's profile).
THREATS, ACTIONS = 530, 265


def _maxrss_mb() -> float:
    return peak_mb()


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


def main() -> int:
    """Run both, print the figures and the ratio, record the rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threats", type=int, default=pick(THREATS, THREATS, 20))
    parser.add_argument("--actions", type=int, default=pick(ACTIONS, ACTIONS, 10))
    parser.add_argument("--repeat", type=int, default=pick(3, 1, 1))
    args = parser.parse_args()
    register_fonts()
    case_file = make_big_case(args.threats, args.actions)
    request = make_request(ReportKind.COMPLAINT, "ru", complaint=complaint_options(case_file))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "complaint.pdf"

        def ours() -> None:
            render_report(case_file, request, out, overwrite=True)

        ours()  # warm-up: fonts, texts, imports
        plain_warm = build_plain(10, 10)
        del plain_warm
        # note: interleaved, so a burst of load on the shared machine hits both sides alike
        ours_times, plain_times = [], []
        for _ in range(args.repeat):
            ours_times.append(_best_time(ours, 1))
            plain_times.append(_best_time(lambda: build_plain(args.threats, args.actions), 1))
        ours_time, plain_time = min(ours_times), min(plain_times)
        ours_rss = _maxrss_mb()
        pages = _pages(out)
        size = out.stat().st_size
        ours_peak = _traced_peak_mib(ours)
    plain_peak = _traced_peak_mib(lambda: build_plain(args.threats, args.actions))
    print(f"case: {args.threats} threats, {args.actions} actions -> complaint of {pages} pages, "
          f"{size / 1024:.0f} KiB")
    print(f"advocate complaint : {ours_time:6.2f} s ({ours_time / pages * 100:.2f} s per 100 "
          f"pages), peak traced {ours_peak:6.1f} MiB, maxrss {ours_rss:6.1f} MB")
    print(f"reportlab directly : {plain_time:6.2f} s, peak traced {plain_peak:6.1f} MiB")
    print(f"ratio (advocate / reportlab): time {ours_time / plain_time:.2f}x, "
          f"traced memory {ours_peak / plain_peak:.2f}x")
    scale = f"{pages} pages ({args.threats:,} threats, {args.actions:,} actions)"
    rows = [
        Row(key="reports.complaint", what="a 100-page complaint (PDF written)", figure=ours_time,
            unit="s", limit=2.0, max_ratio=1.3, scale=scale,
            reference="reportlab alone building the same story (paragraphs, two tables)",
            reference_figure=plain_time, extra={"pages": float(pages),
                                                "traced_mib": ours_peak,
                                                "reference_traced_mib": plain_peak},
            notes=f"best of {args.repeat}, interleaved with the reference"),
        Row(key="memory.report", what="peak memory: a 100-page complaint", figure=ours_rss,
            unit="MB", limit=MEMORY_MB, scale=scale, notes="maxrss after the complaints, "
            "before the reference's story was built"),
    ]
    return exit_status(any([record(row).passed is False for row in rows]))


def _pages(path: Path) -> int:
    # reportlab writes page dictionaries uncompressed: count "/Type /Page" (not "/Pages").
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))


if __name__ == "__main__":
    sys.exit(main())
