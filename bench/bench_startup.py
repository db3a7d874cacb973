"""Benchmark: how long ``advocate --version`` and ``advocate --help`` take to start.

Run: ``.venv/bin/python bench/bench_startup.py [--repeat N]`` (default 15; 5 under ``make bench
--quick``). Each command runs in a
fresh interpreter, as a user's shell starts it, against ``python -c pass`` in the same run (the
interpreter's own start, which the command cannot make faster). The figure that counts is the
median of the command minus the median of ``python -c pass``; the budget is 0.15 s. Exit status 1
when a command is over the budget. A command may not import SQLCipher, reportlab, cryptography or
pyrage just to say its version (tests/test_cli_language.py checks that without timing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import pick  # noqa: E402
from bench.results import Row, exit_status, record  # noqa: E402

BUDGET_S = 0.15
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "advocate --version": ["-m", "advocate", "--version"],
    "advocate --help": ["-m", "advocate", "--help"],
}


def run_once(args: list[str]) -> float:
    """Wall time of one fresh interpreter running ``args``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANGUAGE": "en"}
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    """Measure every command ``--repeat`` times, interleaved so machine noise hits all alike."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=pick(15, 5, 2))
    repeat = parser.parse_args().repeat
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(repeat):
        for name, args in COMMANDS.items():
            times[name].append(run_once(args))
    base = statistics.median(times["python -c pass"])
    status = 0
    print(f"{'command':<22}{'median':>9}{'best':>9}{'over python':>13}")
    for name, samples in times.items():
        median = statistics.median(samples)
        over = median - base
        verdict = ""
        if name != "python -c pass":
            verdict = "  ok" if over < BUDGET_S else f"  OVER the {BUDGET_S:.2f} s budget"
            status = status or (0 if over < BUDGET_S else 1)
        print(f"{name:<22}{median:>8.3f}s{min(samples):>8.3f}s{over:>12.3f}s{verdict}")
    for key, name in (("cli.version", "advocate --version"), ("cli.help", "advocate --help")):
        record(Row(key=key, what=f"`{name}`, over the interpreter's start", unit="s",
                   figure=statistics.median(times[name]) - base,
                   reference=f"`python -c pass` {base:.3f} s, subtracted", limit=BUDGET_S,
                   scale=f"median of {repeat}",
                   extra={"median": statistics.median(times[name]), "python": base}))
    return exit_status(bool(status))


if __name__ == "__main__":
    sys.exit(main())
