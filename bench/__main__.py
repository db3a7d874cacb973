"""``make bench``: every benchmark, one after the other, each in its own process.

Figures are wall times and ratios against a reference measured in the same run (raw SQLCipher,
reportlab directly, the ``age`` tool), so a noisy shared machine affects both sides alike.
Pass ``--quick`` for small sizes (a smoke run of the benchmarks themselves).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

FULL = [
    ["bench_startup.py"],
    ["bench_store.py", "--threats", "100000"],
    ["bench_reports.py", "--threats", "1000", "--actions", "500"],
    ["bench_backup.py", "--size-mib", "1024"],
]
QUICK = [
    ["bench_startup.py", "--repeat", "5"],
    ["bench_store.py", "--threats", "2000"],
    ["bench_reports.py", "--threats", "100", "--actions", "50", "--repeat", "1"],
    ["bench_backup.py", "--size-mib", "16"],
]


def main() -> int:
    """Run the benchmarks; the exit status is the first failure's."""
    runs = QUICK if "--quick" in sys.argv[1:] else FULL
    status = 0
    for script, *args in runs:
        print(f"\n== {script} {' '.join(args)}", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *args], check=False)
        status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
