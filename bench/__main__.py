"""``make bench``: every benchmark, each in its own process, then the table of budgets.

    python -m bench [--quick | --tiny] [--workdir DIR] [--out DIR] [--only SCRIPT ...]

Each script runs with ``ADVOCATE_BENCH_RESULTS`` naming a fresh JSON-lines file its rows
(``bench/results.py``) are appended to, ``ADVOCATE_BENCH_SCALE`` (``full``, ``quick``: a smoke run
of a couple of minutes, ``tiny``: the test's) and ``ADVOCATE_BENCH_WORKDIR`` (where generated
vaults are cached, default ``~/.cache/advocate-bench``). Then ``results.md`` (the table: figure,
reference, ratio, budget, pass or miss, scale; then the notes) and ``results.json`` are written to
``--out`` (default ``bench/``) and the table is printed. Figures are wall times and ratios against
a reference measured in the same run, so a noisy shared machine affects both sides alike.
The exit status is 1 when a script failed or a budget was missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench import results  # noqa: E402
from bench.common import SCALE_ENV, WORKDIR_ENV  # noqa: E402

# One line per script (its sizes follow ADVOCATE_BENCH_SCALE), in the order they run.
RUNS = [
    ["bench_startup.py"],
    ["bench_store.py"],
    ["bench_lists.py"],
    ["bench_reports.py"],
    ["bench_backup.py"],
    ["bench_growth.py"],
    ["bench_app.py"],
]

NOTES = HERE / "notes.md"


def main(argv: list[str] | None = None) -> int:
    """Run the scripts, write results.md and results.json, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_const", const="quick", dest="scale")
    size.add_argument("--tiny", action="store_const", const="tiny", dest="scale")
    parser.add_argument("--workdir", type=Path, help="cache of generated vaults")
    parser.add_argument("--out", type=Path, default=HERE, help="where results.md/json go")
    parser.add_argument("--only", nargs="*", help="run only these scripts (bench_lists or"
                        " bench_lists.py)")
    parser.add_argument("--render", action="store_true",
                        help="only write results.md again from results.json (and notes.md)")
    args = parser.parse_args(argv)
    if args.render:
        data = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
        rows = data["rows"]
        notes = NOTES.read_text(encoding="utf-8") if data["scale"] == "full" else ""
        table = results.markdown(rows, data.get("header", ""))
        (args.out / "results.md").write_text(table + growth_table(rows) + notes,
                                             encoding="utf-8")
        return 0
    scale = args.scale or "full"
    wanted = {name if name.endswith(".py") else f"{name}.py" for name in args.only or ()}
    unknown = wanted - {run[0] for run in RUNS}
    if unknown:
        parser.error(f"no such benchmark: {', '.join(sorted(unknown))} "
                     f"(one of: {', '.join(run[0] for run in RUNS)})")
    runs = [run for run in RUNS if not wanted or run[0] in wanted]
    started = time.perf_counter()
    status = 0
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="advocate-bench-run-") as tmp:
        rows_file = Path(tmp) / "rows.jsonl"
        rows_file.touch()
        env = {**os.environ, results.ENV: str(rows_file), SCALE_ENV: scale,
               "PYTHONPATH": str(HERE.parent)}
        if args.workdir is not None:
            env[WORKDIR_ENV] = str(args.workdir.resolve())
        for script, *extra in runs:
            print(f"\n== {script} {' '.join(extra)} ({scale})", flush=True)
            start = time.perf_counter()
            done = subprocess.run([sys.executable, str(HERE / script), *extra], env=env,
                                  check=False)
            seconds[script] = time.perf_counter() - start
            if done.returncode:
                print(f"!! {script} failed with status {done.returncode}", flush=True)
                status = 1
        rows = results.load(rows_file)
    header = _header(scale, time.perf_counter() - started, seconds)
    table = results.markdown(rows, header)
    notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() and scale == "full" else ""
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(table + growth_table(rows) + notes, encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(
        {"scale": scale, "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
         "machine": _machine(), "seconds": seconds, "header": header, "rows": rows},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("\n" + table + growth_table(rows))
    missed = [str(row["key"]) for row in rows if row.get("passed") is False]
    if missed:
        print(f"missed: {', '.join(missed)}")
    return 1 if status or missed else 0


def growth_table(rows: list[dict[str, object]]) -> str:
    """The 1x / 10x / 100x figures of the rows that carry them (``extra`` of ``growth.*``)."""
    grown = [row for row in rows if str(row["key"]).startswith("growth.")
             and isinstance(row.get("extra"), dict) and "1x" in row["extra"]]  # type: ignore[operator]
    if not grown:
        return ""
    columns = [c for c in ("1x", "10x", "100x") if any(c in row["extra"] for row in grown)]  # type: ignore[operator]
    lines = ["", "### Growth", "", "| operation | " + " | ".join(columns) +
             " | data shown 1x → last | time 1x → last |",
             "|---|" + "---|" * (len(columns) + 2)]
    for row in grown:
        extra: dict[str, float] = row["extra"]  # type: ignore[assignment]
        cells = [f"{results.number(extra[c])} {row['unit']}" if c in extra else "—"
                 for c in columns]
        lines.append(f"| {row['what']} | " + " | ".join(cells) +
                     f" | ×{extra.get('data_growth', 0):.3g} | ×{float(row['ratio'] or 0):.3g} |")  # type: ignore[arg-type]
    return "\n".join(lines) + "\n"


def _header(scale: str, total: float, seconds: dict[str, float]) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    per = ", ".join(f"{name} {s:.0f} s" for name, s in seconds.items())
    return (f"## make bench ({scale}), {when}\n\n{_machine()}; {total / 60:.1f} min in all "
            f"({per}).\nFigures are wall times; each reference ran in the same process or run. "
            "A budget on the figure (`< x`) and one on the ratio figure/reference must both hold.")


def _machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


if __name__ == "__main__":
    sys.exit(main())
