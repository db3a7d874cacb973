"""One measurement of the app per process: ``python bench/app_probes.py PROBE [options]``.

Run by ``bench/bench_app.py`` (each probe in a fresh interpreter, offscreen), which turns the
figures into result rows; the stall probes are in ``bench/app_stalls.py``. A probe prints
``READY`` lines while it runs (the cold-start probes: the parent times the process up to that
line) and, last, ``RESULT {json}``: its figures in milliseconds and its peak memory
(``ru_maxrss``).

The app is driven as a user drives it: the real entry point (``ui.app.run_app``) with a
remembered vault for the start and unlock, keys typed into the search boxes, the dialogs' own
buttons with the file choices answered through the prompts seam (``Prompts.answer_next``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.app_meters import ModelChanges, PaintWatch, pause, type_keys, wait_until
from bench.common import peak_mb as common_peak_mb

if TYPE_CHECKING:
    from ui.views.case_workspace import CaseWorkspace

TIMEOUT_S = 600.0


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB (VmHWM: see bench.common.peak_mb)."""
    return common_peak_mb()


def result(**figures: Any) -> None:
    """The probe's last line."""
    figures["peak_mb"] = peak_mb()
    print("RESULT " + json.dumps(figures), flush=True)


# --- start and unlock, through the real entry point ---------------------------------------------


def empty_window() -> None:
    """The reference of the cold start: an empty PySide6 window, shown and painted."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([sys.argv[0]])
    window = QWidget()
    window.resize(1366, 768)
    PaintWatch(window, lambda: True, lambda _t: (print("READY", flush=True), app.quit()))
    window.show()
    QTimer.singleShot(int(TIMEOUT_S * 1000), app.quit)
    app.exec()
    result()


def _run_app(on_started: Callable[[Any], None]) -> None:
    """``ui.app.run_app`` as the ``advocate`` command runs it; ``on_started(app)`` once the
    event loop runs (the remembered vault's unlock screen is then being shown)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import run_app

    app = QApplication([sys.argv[0]])
    QTimer.singleShot(0, lambda: on_started(app))
    run_app(argv=[sys.argv[0]])


def _unlock_view(app: Any) -> Any:
    from PySide6.QtWidgets import QLineEdit

    for widget in app.topLevelWidgets():
        found = widget.findChild(QLineEdit, "unlockSecret")
        if found is not None:
            return found
    return None


def _main_window(app: Any) -> Any:
    return next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")


def cold_start() -> None:
    """The app started on a remembered vault, to its unlock screen painted (``READY``)."""
    def started(app: Any) -> None:
        secret = _unlock_view(app)
        PaintWatch(secret, lambda: True,
                   lambda _t: (print("READY", flush=True), _main_window(app).close()))

    _run_app(started)
    result()


def _unlock(app: Any, passphrase: str) -> float:
    """Type the passphrase, press Enter; ms until the dashboard has its rows painted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QTreeWidget

    secret = wait_until(lambda: _unlock_view(app), TIMEOUT_S)
    window = _main_window(app)
    secret.setText(passphrase)
    done: list[float] = []
    watch: list[PaintWatch] = []

    def hook() -> bool:
        tree = window.findChild(QTreeWidget, "dashboardTree")
        if tree is None:
            return False
        watch.append(PaintWatch(tree.viewport(), lambda: tree.topLevelItemCount() > 0,
                                done.append))
        return True

    start = time.perf_counter()
    QTest.keyClick(secret, Qt.Key.Key_Return)
    wait_until(hook, TIMEOUT_S)
    wait_until(lambda: done, TIMEOUT_S)
    return (done[0] - start) * 1000


def _kdf_alone(vault: Path, passphrase: str) -> float:
    """ms of the vault's own Argon2id derivation (its passphrase slot's parameters)."""
    from advocate.vault.header import read_header
    from advocate.vault.kdf import derive_key, normalize_passphrase

    header = read_header(vault)
    slot = next(s for s in header.slots if s.kind == "passphrase")
    start = time.perf_counter()
    derive_key(normalize_passphrase(passphrase), slot.salt, slot.kdf)
    return (time.perf_counter() - start) * 1000


def unlock(vault: Path, passphrase: str) -> None:
    """Unlock in the app (KDF included) to the dashboard painted, then the KDF alone."""
    out: dict[str, float] = {}

    def started(app: Any) -> None:
        out["unlock_ms"] = _unlock(app, passphrase)
        _main_window(app).close()

    _run_app(started)
    out["kdf_ms"] = _kdf_alone(vault, passphrase)
    result(**out)


# --- working in the unlocked app -----------------------------------------------------------------


def _work_area(app: Any) -> Any:
    window = _main_window(app)
    wait_until(lambda: window.work is not None, TIMEOUT_S)
    return window.work


def _on_worker(session: Any, fn: Callable[[Any], Any]) -> Any:
    from ui.worker import Op

    out: list[Any] = []
    Op(session.worker, lambda store, _t: fn(store)).success(out.append) \
        .failure(out.append).run()
    wait_until(lambda: out, TIMEOUT_S)
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def open_case(vault: Path, passphrase: str, reference: str, repeat: int) -> None:
    """Open a case from the case list (the work area's ``open_case``, what Enter or a
    double-click calls): ms until its file is loaded and the threat list (then the timeline)
    painted; ``repeat`` times, back to the list in between. Then the same rows by raw SQL."""

    out: dict[str, Any] = {"open_ms": [], "timeline_ms": [], "loaded_ms": []}

    def started(app: Any) -> None:
        _unlock(app, passphrase)
        work = _work_area(app)
        case_id = _on_worker(work.session, lambda store: store.find_case(reference).id)
        out["case_id"] = case_id
        for _ in range(repeat):
            start, workspace = _open_from_list(work, case_id)
            loaded = time.perf_counter()
            workspace.tabs.setCurrentWidget(workspace.threats)
            workspace.threats.repaint()
            painted = time.perf_counter()
            workspace.tabs.setCurrentWidget(workspace.timeline)
            workspace.timeline.repaint()
            timeline = time.perf_counter()
            out["loaded_ms"].append((loaded - start) * 1000)
            out["open_ms"].append((painted - start) * 1000)
            out["timeline_ms"].append((timeline - painted) * 1000)
            out["threats"] = workspace.threats.model.rowCount() \
                if hasattr(workspace.threats, "model") else None
        _main_window(app).close()

    _run_app(started)
    out["raw_ms"] = _raw_case_rows(vault, passphrase, out["case_id"], repeat)
    result(**out)


def _open_from_list(work: Any, case_id: str) -> tuple[float, CaseWorkspace]:
    """Back to the case list, then open the case as Enter would: (when it began, the workspace
    once its file is loaded)."""
    work.show_screen(1)
    pause(0.2)
    start = time.perf_counter()
    work.open_case(case_id)
    workspace: CaseWorkspace = work.workspace
    wait_until(lambda: workspace.case_file is not None, TIMEOUT_S)
    return start, workspace


def _raw_case_rows(vault: Path, passphrase: str, case_id: str, repeat: int) -> list[float]:
    """The case's records by raw SQL on a fresh SQLCipher connection (ms per run)."""
    from advocate.store import Store

    times = []
    with Store.open(vault, passphrase) as store:
        conn = store.vault.connection
        for _ in range(repeat):
            start = time.perf_counter()
            conn.execute("SELECT data FROM records WHERE case_id = ? ORDER BY sort_key",
                         (case_id,)).fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return times


def person_picker(vault: Path, passphrase: str, reference: str, queries: list[str],
                  repeat: int) -> None:
    """In a vault of many persons: open a case (ms to its file loaded), then a role form, click
    into its person picker and type names key by key: per key, ms from the key event to the list
    of matches painted, less the picker's typing pause. Then the vault's persons by raw SQL
    (what every open of a case read before the pickers searched as the user types)."""
    from PySide6.QtCore import Qt, QTimer

    from ui.widgets.person_picker import PersonPicker

    out: dict[str, Any] = {"open_ms": [], "key_ms": [], "shown": []}

    def started(app: Any) -> None:
        _unlock(app, passphrase)
        work = _work_area(app)
        case_id = _on_worker(work.session, lambda store: store.find_case(reference).id)
        for _ in range(repeat):
            start, workspace = _open_from_list(work, case_id)
            out["open_ms"].append((time.perf_counter() - start) * 1000)
        form = workspace.new_record("role")
        picker = form.editor("person_id")
        assert isinstance(picker, PersonPicker)
        timer = next(t for t in picker.findChildren(QTimer) if t.isSingleShot())
        # as a user clicks or tabs into the field before typing (the picker then has the vault
        # read the names)
        picker.line.setFocus()
        pause(0.3)
        out["focused"] = picker.line.hasFocus()
        for query in queries:
            for char in query:
                fired: list[float] = []
                painted: list[float] = []
                shown: list[int] = []
                connection = timer.timeout.connect(lambda f=fired: f.append(time.perf_counter()))
                picker.matches_shown.connect(lambda s=shown: s.append(picker.matches.rowCount()),
                                             Qt.ConnectionType.SingleShotConnection)
                watch = PaintWatch(picker.popup.viewport(), lambda s=shown: bool(s),
                                   painted.append)
                start = time.perf_counter()
                type_keys(picker.line, char)
                typed = time.perf_counter()
                wait_until(lambda p=painted: p, TIMEOUT_S)
                watch.stop()
                timer.timeout.disconnect(connection)
                out["key_ms"].append((typed - start + painted[0] - fired[0]) * 1000)
                out["shown"].append(shown[0])
                pause(0.05)
            picker.line.clear()
            picker.popup.hide()
            pause(0.3)
        form.done(0)
        _main_window(app).close()

    _run_app(started)
    out["raw_ms"] = _raw_persons(vault, passphrase, repeat)
    result(**out)


def _raw_persons(vault: Path, passphrase: str, repeat: int) -> list[float]:
    """Every person of the vault by raw SQL on a fresh SQLCipher connection (ms per run)."""
    from advocate.store import Store

    times = []
    with Store.open(vault, passphrase) as store:
        conn = store.vault.connection
        for _ in range(repeat):
            start = time.perf_counter()
            conn.execute("SELECT data FROM records WHERE kind = 'person' ORDER BY sort_key"
                         ).fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return times


def _typing(owner: Any, box: Any, model: Any, text: str, ready: Callable[[], bool],
            surface: Any) -> list[float]:
    """Type ``text`` into ``box`` key by key; per key, ms from the key event to the results
    painted, less the view's typing pause (its single-shot timer, timed from its firing)."""
    from PySide6.QtCore import QTimer

    timer = next(t for t in owner.findChildren(QTimer) if t.isSingleShot())
    changes = ModelChanges(model)
    times: list[float] = []
    for char in text:
        fired: list[float] = []
        painted: list[float] = []
        connection = timer.timeout.connect(lambda f=fired: f.append(time.perf_counter()))
        before = changes.count
        watch = PaintWatch(surface, lambda b=before, f=fired: bool(changes.count != b and f
                                                                   and ready()), painted.append)
        start = time.perf_counter()
        type_keys(box, char)
        typed = time.perf_counter()
        wait_until(lambda p=painted: p, TIMEOUT_S)
        watch.stop()
        timer.timeout.disconnect(connection)
        times.append((typed - start + painted[0] - fired[0]) * 1000)
        pause(0.05)
    box.clear()
    pause(0.5)
    return times


def search(vault: Path, passphrase: str, queries: list[str], case_queries: list[str]) -> None:
    """Search as you type in the Search screen and in the case list's filter box."""
    out: dict[str, Any] = {}

    def started(app: Any) -> None:
        from advocate.store import ListQuery

        _unlock(app, passphrase)
        work = _work_area(app)
        work.focus_search()
        pause(0.3)
        view = work.search
        out["search_ms"] = []
        for query in queries:
            out["search_ms"] += _typing(view, view.box, view.results.model(), query,
                                        lambda: True, view.results.viewport())
        work.show_screen(1)
        cases = work.cases
        wait_until(lambda: cases.model.rowCount() > 0, TIMEOUT_S)
        out["cases_ms"] = []
        for query in case_queries:
            out["cases_ms"] += _typing(
                cases, cases.search, cases.model, query,
                lambda: cases.model.rowCount() == 0 or cases.model.row_data(0) is not None,
                cases.table.viewport())
        out["cases_total"] = _on_worker(work.session,
                                        lambda store: store.count_ids(ListQuery(kind="case")))
        _main_window(app).close()

    _run_app(started)
    out["raw_ms"] = _raw_search(vault, passphrase, queries)
    result(**out)


def _raw_search(vault: Path, passphrase: str, queries: list[str]) -> list[float]:
    """The same FTS5 queries (every prefix typed; a prefix of 3+ letters as the words it starts,
    as the store sends it) on raw SQLCipher, ids and data, ms each."""
    from advocate.store import Store
    from advocate.store.search import match_expression
    from ui.views.search_view import LIMIT

    times = []
    sql = ("SELECT r.id, r.data FROM search s JOIN records r ON r.rowid = s.rowid"
           f" WHERE search MATCH ? ORDER BY s.rowid DESC LIMIT {int(LIMIT)}")
    with Store.open(vault, passphrase) as store:
        conn = store.vault.connection
        for query in queries:
            for k in range(1, len(query) + 1):
                expression = match_expression(conn, query[:k])
                if expression is None:
                    continue
                start = time.perf_counter()
                conn.execute(sql, (expression,)).fetchall()
                times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    """Run one probe."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("probe")
    parser.add_argument("--vault", type=Path)
    parser.add_argument("--passphrase", default="")
    parser.add_argument("--reference", default="")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--query", action="append", default=[])
    parser.add_argument("--case-query", action="append", default=[])
    parser.add_argument("--file", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from bench import app_stalls as stalls

    folder = Path(tempfile.mkdtemp(prefix="advocate-probe-"))
    try:
        probes: dict[str, Callable[[], None]] = {
            "empty_window": empty_window,
            "cold_start": cold_start,
            "unlock": lambda: unlock(args.vault, args.passphrase),
            "open_case": lambda: open_case(args.vault, args.passphrase, args.reference,
                                           args.repeat),
            "search": lambda: search(args.vault, args.passphrase, args.query, args.case_query),
            "person_picker": lambda: person_picker(args.vault, args.passphrase, args.reference,
                                                   args.query, args.repeat),
            "stall_intake": lambda: stalls.stall_intake(folder, args.file),
            "stall_backup": lambda: stalls.stall_backup(args.vault, args.passphrase, args.out),
            "stall_restore": lambda: stalls.stall_restore(args.file, args.out),
            "stall_import": lambda: stalls.stall_import(folder, args.file),
            "stall_complaint": lambda: stalls.stall_complaint(args.vault, args.passphrase,
                                                              args.reference),
        }
        probes[args.probe]()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    status = main()
    # note: the figures are out; leave without Qt's exit handlers, which crashed on a preview's
    # QPdfDocument destroyed after the application (the tests' teardown closes widgets first)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
