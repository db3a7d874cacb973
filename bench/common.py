"""What every benchmark script shares: the run's scale, the work directory and its cache of
generated vaults, child processes measured with their own peak memory, and timing helpers.

``make bench`` (``bench/__main__.py``) sets, for every script it runs:

- ``ADVOCATE_BENCH_SCALE``: ``full`` (DESIGN.md section 11's sizes), ``quick`` (a smoke run of a
  couple of minutes) or ``tiny`` (the test of the orchestration, seconds);
- ``ADVOCATE_BENCH_WORKDIR``: where generated vaults are cached between runs (default
  ``~/.cache/advocate-bench``), keyed by what was generated, its seed and the code version, so a
  second ``make bench`` does not regenerate;
- ``ADVOCATE_BENCH_RESULTS``: the JSON-lines file of the run's rows (``bench/results.py``).
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCALE_ENV = "ADVOCATE_BENCH_SCALE"
WORKDIR_ENV = "ADVOCATE_BENCH_WORKDIR"
SCALES = ("tiny", "quick", "full")
#: The KDFs' own memory (Argon2id of a vault's key slot, scrypt of a backup's key): 256 MiB.
KDF_MB = 256 * 1024 * 1024 / 1e6
#: Peak memory budget beside the KDF (DESIGN.md section 11), in MB.
MEMORY_MB = 250.0
#: The sources whose change makes a cached vault stale: what is stored and how (not the queries,
#: so a faster search does not make the million-record vault again).
_CODE = ("advocate/model", "advocate/vault", "advocate/store/schema.py",
         "advocate/store/listing.py", "advocate/store/repository.py", "advocate/store/audit.py",
         "advocate/store/evidence.py", "advocate/store/store.py", "advocate/store/bulk.py")


def scale() -> str:
    """The run's scale: ``full`` unless ``make bench`` or the caller said otherwise."""
    value = os.environ.get(SCALE_ENV, "full")
    if value not in SCALES:
        raise SystemExit(f"{SCALE_ENV} must be one of {', '.join(SCALES)}, not {value!r}")
    return value


def pick(full: object, quick: object, tiny: object) -> object:
    """The value for the run's scale."""
    return {"full": full, "quick": quick, "tiny": tiny}[scale()]


def workdir() -> Path:
    """The folder generated vaults are cached in (created on first use)."""
    folder = Path(os.environ.get(WORKDIR_ENV) or Path.home() / ".cache" / "advocate-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def code_version() -> str:
    """A short hash of the storage code, so a vault cached by older code is made again."""
    digest = hashlib.sha256()
    for top in _CODE:
        found = [ROOT / top] if top.endswith(".py") else sorted((ROOT / top).rglob("*.py"))
        for path in found:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached(name: str, build: Callable[[Path], object],
           salt: str = "") -> tuple[Path, float | None]:
    """``workdir()/name-<code version>``, made by ``build(path)`` when not cached yet.

    ``salt`` (the version of the script's own way of building) goes into the hash too.

    Returns the path and the seconds the build took (None when it came from the cache). The
    build writes to a temporary name, renamed when complete, so an interrupted build is never
    taken for a cached one. Older versions of the same name are removed.
    """
    folder = workdir()
    version = code_version() if not salt else \
        hashlib.sha256(f"{code_version()}/{salt}".encode()).hexdigest()[:12]
    final = folder / f"{name}-{version}"
    if final.exists():
        return final, None
    for stale in folder.glob(f"{name}-*"):
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink()
    temp = folder / f".{name}.building"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    start = time.perf_counter()
    build(temp / "vault.advocate")
    seconds = time.perf_counter() - start
    temp.rename(final)
    return final, seconds


def vault_in(cache_folder: Path) -> Path:
    """The vault inside a folder made by :func:`cached`."""
    return cache_folder / "vault.advocate"


def run_child(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak resident MB, standard output) of a child process; fails loudly."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, env=env)
    output, _ = process.communicate()
    seconds = time.perf_counter() - start
    # note: communicate() reaped the child; its rusage is in RUSAGE_CHILDREN only as a maximum
    # over every child so far, so the child reports its own peak (see peak_mb) on stdout.
    if process.returncode:
        raise SystemExit(f"{' '.join(argv[:4])} failed with status {process.returncode}")
    text = output.decode()
    return seconds, child_peak(text), text


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB.

    note: VmHWM from /proc where there is one: Linux carries a parent's peak over into a child's
    ``ru_maxrss`` across exec, so a child started by the script that had just built the
    million-record vault (700 MB) reported 707 MB for work that peaks at 160 MB.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1e6 if sys.platform == "darwin" else rss * 1024 / 1e6  # KiB on Linux


def print_peak() -> None:
    """The line :func:`child_peak` reads, printed last by a child process."""
    print(f"PEAK_MB {peak_mb():.1f}", flush=True)


def child_peak(output: str) -> float:
    """The peak a child printed with :func:`print_peak` (0 when it printed none)."""
    for line in reversed(output.splitlines()):
        if line.startswith("PEAK_MB "):
            return float(line.split()[1])
    return 0.0


def median_ms(fn: Callable[[], object], runs: int = 5) -> float:
    """The median wall time of ``fn`` in milliseconds, after one run that warms the caches."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def best_s(fn: Callable[[], object], runs: int = 3) -> float:
    """The best wall time of ``fn`` in seconds over ``runs`` runs."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def python(script: str, *args: str) -> list[str]:
    """The command line running ``bench/<script>`` with this interpreter."""
    return [sys.executable, str(ROOT / "bench" / script), *args]
