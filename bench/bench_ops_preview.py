"""The report preview: how long a 100-page complaint takes from its bytes to pages on screen.

Run: ``QT_QPA_PLATFORM=offscreen python bench/bench_ops_preview.py`` (not part of ``make bench``
yet: the app's benchmarks are gathered by the desktop-app issue). Measures, on the demo vault's
main case grown to about a hundred pages: the render into memory (worker side), loading the PDF
into QPdfDocument from a QBuffer, the first paint of the preview, and painting every page while
scrolling through; and the longest gap of the event loop over the whole flow in the dialog.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASSPHRASE = "bench passphrase — батарея"


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--threats", type=int, default=550)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from advocate.demo import build_demo
    from advocate.store import Store
    from advocate.vault import KdfParams
    from tests.ui.big_complaint import grow_main_case
    from ui.dialogs import report_jobs as jobs
    from ui.dialogs.report_preview import ReportPreview

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
            draft = jobs.load_setup(store, case_id, "en").draft
            texts = {k: getattr(draft, k) for k in jobs.DRAFT_FIELDS}
            texts["authority_kind"] = texts["authority_kind"].value if texts["authority_kind"] \
                else ""
            choice = jobs.Choice(kind="complaint", lang="ru", profile="ombudsman", redact=False,
                                 texts=texts)
            start = time.perf_counter()
            rendered = jobs.render(store, case_id, choice, None, None)
            render_s = time.perf_counter() - start
        view = ReportPreview()
        view.resize(700, 700)
        view.show()
        app.processEvents()
        start = time.perf_counter()
        pages = view.show_pdf(rendered.pdf)
        load_s = time.perf_counter() - start
        start = time.perf_counter()
        view.grab()
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        bar = view.verticalScrollBar()
        longest = 0.0
        while bar.value() < bar.maximum():
            step = time.perf_counter()
            bar.setValue(bar.value() + view.viewport().height())
            view.grab()
            longest = max(longest, time.perf_counter() - step)
        scroll_s = time.perf_counter() - start
        print(f"complaint: {pages} pages, {len(rendered.pdf) / 1024:.0f} KiB")
        print(f"render into memory (worker):        {render_s * 1000:7.0f} ms")
        print(f"QPdfDocument.load from QBuffer (UI): {load_s * 1000:7.0f} ms")
        print(f"first paint of the preview (UI):     {first_s * 1000:7.0f} ms")
        print(f"scroll through every page (UI):      {scroll_s * 1000:7.0f} ms "
              f"(longest screenful {longest * 1000:.0f} ms)")
        view.clear()
        view.close()
        view.deleteLater()
        app.processEvents()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
