"""``make bench`` end to end at tiny sizes: every script runs, every core budget has its row in
results.md and results.json; and the pieces it rests on (rows, the table, the vault cache)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import common
from bench.__main__ import RUNS
from bench.results import Row, load, markdown, record

ROOT = Path(__file__).resolve().parents[1]

#: Every core row of DESIGN.md section 11 (the app's rows are bench_app's).
CORE_KEYS = {
    "cli.version", "store.unlock", "memory.unlock",
    "lists.case_list", "lists.search", "lists.slowest_page", "memory.lists",
    "lists.case_list.small", "lists.search.small", "lists.search_hits", "lists.search_hits.small",
    "growth.lists.case_list", "growth.lists.search",
    "reports.complaint", "memory.report",
    "backup.backup", "backup.restore", "memory.backup", "memory.restore",
    "growth.case_list", "growth.search", "growth.open_case", "growth.complaint", "growth.backup",
}


def test_make_bench_writes_every_core_row(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--workdir", str(tmp_path / "work"),
         "--out", str(out),
         # the app's benchmark has its own test (tests/ui/test_bench_app.py)
         "--only", *[run[0] for run in RUNS if run[0] != "bench_app.py"]],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)
    assert "failed with status" not in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["scale"] == "tiny"
    rows = {row["key"]: row for row in data["rows"]}
    assert CORE_KEYS <= set(rows), CORE_KEYS - set(rows)
    for key in CORE_KEYS:
        row = rows[key]
        assert row["figure"] > 0, key
        assert row["budget"] != "—", key  # every core row is held to a budget
        assert row["passed"] in (True, False), key
    for key in ("store.unlock", "lists.case_list", "lists.search", "reports.complaint",
                "backup.backup", "backup.restore"):
        assert rows[key]["reference_figure"] > 0, key  # measured in the same run
    table = (out / "results.md").read_text(encoding="utf-8")
    for row in rows.values():
        assert row["what"].replace("|", "\\|") in table
    assert "### Growth" in table
    # --render writes results.md again from results.json, the same table
    again = subprocess.run([sys.executable, "-m", "bench", "--render", "--out", str(out)],
                           cwd=ROOT, capture_output=True, text=True, check=False,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert again.returncode == 0, again.stderr
    assert (out / "results.md").read_text(encoding="utf-8") == table
    # the exit status says whether every budget held
    missed = any(row["passed"] is False for row in rows.values())
    assert done.returncode == (1 if missed else 0)
    # the generated vaults are cached: a second run takes them from the work directory
    cache = sorted(p.name for p in (tmp_path / "work").iterdir() if not p.name.startswith("."))
    assert any(name.startswith("lists-") for name in cache)
    assert any(name.startswith("gen-") for name in cache)
    assert any(name.startswith("backup-") for name in cache)


def test_row_verdicts_and_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "rows.jsonl"
    monkeypatch.setenv("ADVOCATE_BENCH_RESULTS", str(target))
    record(Row(key="a", what="a | b", figure=3.0, unit="s", reference="tar | age",
               reference_figure=2.0, max_ratio=1.5))
    record(Row(key="b", what="b", figure=3.0, unit="s", limit=2.0))
    record(Row(key="c", what="c", figure=1.0, unit="s"))
    record(Row(key="a", what="a | b", figure=4.0, unit="s", reference_figure=2.0,
               max_ratio=1.5))  # a later row of the same key replaces the first
    rows = {str(r["key"]): r for r in load(target)}
    assert rows["a"]["figure"] == 4.0 and rows["a"]["passed"] is False
    assert rows["b"]["passed"] is False and rows["c"]["passed"] is None
    assert Row(key="d", what="d", figure=1.0, unit="s", limit=2.0, reference_figure=1.0,
               max_ratio=1.5).passed is True
    table = markdown(list(rows.values()))
    assert "a \\| b" in table and "**miss**" in table
    assert all(line.count(" | ") == 6 for line in table.splitlines()[2:])  # seven cells each


def test_cache_builds_once_per_code_version(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(common.WORKDIR_ENV, str(tmp_path))
    builds: list[Path] = []

    def build(path: Path) -> None:
        builds.append(path)
        path.write_text("made")

    first, seconds = common.cached("thing", build)
    assert seconds is not None and common.vault_in(first).read_text() == "made"
    again, seconds = common.cached("thing", build)
    assert again == first and seconds is None and len(builds) == 1
    monkeypatch.setattr(common, "code_version", lambda: "other")
    newer, seconds = common.cached("thing", build)
    assert newer != first and seconds is not None and len(builds) == 2
    assert not first.exists()  # the stale version is removed
    salted, seconds = common.cached("thing", build, salt="2")
    assert salted != newer and seconds is not None and not newer.exists()


def test_an_interrupted_build_is_not_taken_for_a_cached_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(common.WORKDIR_ENV, str(tmp_path))

    def broken(path: Path) -> None:
        path.write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        common.cached("thing", broken)
    made, seconds = common.cached("thing", lambda path: path.write_text("whole"))
    assert seconds is not None and common.vault_in(made).read_text() == "whole"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_child_reports_its_own_peak_not_its_parents() -> None:
    held = bytearray(300 * 1000 * 1000)  # the parent's peak: over 300 MB, touched
    held[::4096] = b"x" * len(held[::4096])
    _, peak, _ = common.run_child(
        [sys.executable, "-c", "from bench.common import print_peak; print_peak()"],
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert 0 < peak < 100, peak
    del held


def test_an_unknown_benchmark_name_is_an_error_not_an_empty_run(tmp_path: Path) -> None:
    """`--only bench_lists` ran nothing and printed an empty table (the name wanted ".py")."""
    done = subprocess.run([sys.executable, "-m", "bench", "--tiny", "--out", str(tmp_path),
                           "--only", "bench_list"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2 and "no such benchmark: bench_list.py" in done.stderr
    assert not (tmp_path / "results.md").exists()
