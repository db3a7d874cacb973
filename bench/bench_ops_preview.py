"""The report dialog's flow on a 100-page complaint: how long the window stalls, how long it takes.

Run: ``QT_QPA_PLATFORM=offscreen python bench/bench_ops_preview.py [--threats 550] [--repeat 3]``
(not part of ``make bench`` yet: the app's benchmarks are gathered by the desktop-app issue).

On the demo vault's main case grown to about a hundred pages, with a 10 ms timer on the UI
thread's event loop measuring its longest gap (DESIGN.md section 11: under about 100 ms):

- the noise floor: the same event loop while a thread sleeps 2 s (on a shared 2-core machine the
  scheduler alone makes gaps);
- rendering, three ways: on a thread of the app's own process (as the app did before: reportlab
  holds the interpreter's lock), in a child process started for the render ("cold": it imports
  reportlab first), and in a child process started ahead of time ("warm": as the report dialog
  starts one when it opens); each with the time from the request to the PDF's bytes;
- the preview: loading the PDF into QPdfDocument from a QBuffer (on the UI thread), the first
  page painted, and scrolling through every page a screenful at a time (QPdfView renders pages
  on its own threads; the timer says whether the UI thread waits for them).

The figures printed are the worst and the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import gc
import io
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.app_meters import GapMeter

PASSPHRASE = "bench passphrase — батарея"


def run_in_background(work: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run ``work`` on a thread while the UI thread's event loop spins; (result, seconds, gap)."""
    from PySide6.QtCore import QEventLoop, QTimer

    out: list[Any] = []
    gc.collect()  # the garbage of the run before is not this run's stall
    thread = threading.Thread(target=lambda: out.append(work()))
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    with GapMeter(10) as gaps:
        start = time.perf_counter()
        thread.start()
        poll.start()
        loop.exec()
        seconds = time.perf_counter() - start
    poll.stop()
    thread.join()
    return out[0], seconds, gaps.longest


def in_thread(case_file: Any, request: Any) -> bytes:
    """The app's former way: reportlab on a thread of this process (with its former guard:
    no full garbage collection during the layout, young ones at each progress report)."""
    from advocate.reports.render import render_report_to

    target = io.BytesIO()
    gc.disable()
    try:
        render_report_to(case_file, request, target, progress=lambda _d, _t: gc.collect(1))
    finally:
        gc.enable()
    return target.getvalue()


def preview(app: Any, pdf: bytes) -> dict[str, float]:
    """Load ``pdf`` into the dialog's preview, paint, scroll through; the figures (ms)."""
    from PySide6.QtCore import QEventLoop, QTimer

    from ui.dialogs.report_preview import ReportPreview

    view = ReportPreview()
    view.resize(700, 700)
    view.show()
    app.processEvents()
    with GapMeter(10) as gaps:
        start = time.perf_counter()
        pages = view.show_pdf(pdf)
        load = time.perf_counter() - start
        start = time.perf_counter()
        view.grab()
        first = time.perf_counter() - start
        bar = view.verticalScrollBar()
        loop = QEventLoop()
        step = QTimer()
        step.setInterval(30)  # a user paging down fast

        def next_screen() -> None:
            if bar.value() >= bar.maximum():
                loop.quit()
            bar.setValue(bar.value() + view.viewport().height())

        step.timeout.connect(next_screen)
        start = time.perf_counter()
        step.start()
        loop.exec()
        step.stop()
        scroll = time.perf_counter() - start
    view.clear()
    view.close()
    view.deleteLater()
    app.processEvents()
    return {"pages": pages, "load": load * 1000, "first": first * 1000,
            "scroll": scroll * 1000, "gap": gaps.longest * 1000}


def main() -> int:
    """Print the figures (and record the stall rows under ``make bench``)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--threats", type=int, default=800)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from advocate.demo import build_demo
    from advocate.report_process import ReportProcess
    from advocate.reports.drafts import latest_draft
    from advocate.store import Store
    from advocate.vault import KdfParams
    from bench.results import Row, record
    from tests.ui.big_complaint import grow_main_case
    from ui.dialogs import report_jobs as jobs

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="advocate-bench-"))
    try:
        vault = folder / "bench.advocate"
        store, _ = Store.create(vault, PASSPHRASE, kdf=KdfParams.cheap(),
                                _allow_weak_kdf_for_tests=True)
        with store:
            build_demo(store)
        case_id = grow_main_case(vault, PASSPHRASE, args.threats)
        with Store.open(vault, PASSPHRASE) as store:
            case_file = store.case_file(case_id)
            draft = latest_draft(case_file.complaints)
            texts = {k: getattr(draft, k) for k in jobs.DRAFT_FIELDS}
            texts["authority_kind"] = texts["authority_kind"].value if texts["authority_kind"] \
                else ""
            choice = jobs.Choice(kind="complaint", lang="ru", profile="ombudsman", redact=False,
                                 texts=texts)
            request = jobs._request(choice, "ru", store.audit_head(), draft=draft)
        runs: dict[str, list[tuple[float, float]]] = {"idle": [], "thread": [], "cold": [],
                                                      "warm": []}
        pdf = b""
        warm = ReportProcess()
        for _ in range(args.repeat):
            # the noise floor: the same loop with nothing to do (a shared machine's scheduler)
            _, seconds, gap = run_in_background(lambda: time.sleep(2.0))
            runs["idle"].append((seconds, gap))
            pdf, seconds, gap = run_in_background(lambda: in_thread(case_file, request))
            runs["thread"].append((seconds, gap))
            cold = ReportProcess()
            _, seconds, gap = run_in_background(lambda c=cold: c.render(case_file, request))
            cold.close()
            runs["cold"].append((seconds, gap))
            warm.start()
            warm.wait_ready(60)
            _, seconds, gap = run_in_background(lambda: warm.render(case_file, request))
            runs["warm"].append((seconds, gap))
        warm.close()
        shown = [preview(app, pdf) for _ in range(args.repeat)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    pages = int(shown[0]["pages"])
    print(f"complaint: {pages} pages, {len(pdf) / 1024:.0f} KiB; {args.repeat} runs each; "
          "worst (median)")
    names = {"idle": "nothing (2 s asleep): the noise floor",
             "thread": "render on a thread of the app (before)",
             "cold": "render in a child started for it",
             "warm": "render in a child started ahead (after)"}
    for mode, name in names.items():
        seconds = [s for s, _ in runs[mode]]
        gaps = [g for _, g in runs[mode]]
        print(f"{name:42} {max(seconds):6.2f} s ({statistics.median(seconds):.2f})   "
              f"longest UI gap {max(gaps) * 1000:5.0f} ms ({statistics.median(gaps) * 1000:.0f})")
    for key, name in (("load", "QPdfDocument.load from a QBuffer (UI)"),
                      ("first", "first paint of the preview (UI)"),
                      ("scroll", "scroll through every page"),
                      ("gap", "longest UI gap over the preview")):
        values = [s[key] for s in shown]
        print(f"{name:42} {max(values):6.0f} ms ({statistics.median(values):.0f})")
    scale = f"{pages}-page complaint"
    record(Row(key="app.report_stall", what="longest stall of the UI thread during a report",
               figure=max(g for _, g in runs["warm"]) * 1000, unit="ms", limit=100,
               reference="the same render on a thread of the app",
               reference_figure=max(g for _, g in runs["thread"]) * 1000, scale=scale))
    record(Row(key="app.report_preview", what="preview of a 100-page complaint (load, paint)",
               figure=max(s["load"] + s["first"] for s in shown), unit="ms",
               reference="longest UI gap while scrolling through it",
               reference_figure=max(s["gap"] for s in shown), scale=scale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
