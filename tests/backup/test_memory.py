"""Streaming: the memory a backup and a restore need does not grow with the evidence.

Two measures, at about 200 MiB of evidence: the peak of Python's own allocations (tracemalloc),
in process; and the peak resident size (all memory, SQLCipher's and age's included) of a child
process doing only the backup or only the restore, compared with the same at 20 MiB. The child
reports VmHWM from /proc: ``ru_maxrss`` from ``wait4`` would include the pytest process's own
size, which Linux carries over into a child's maximum when it execs.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from advocate.backup import write_backup
from advocate.model.records import Case
from advocate.store import Store
from advocate.vault import KdfParams

from .conftest import BACKUP_PASSPHRASE, restore

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")]
ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024


def _vault(folder: Path, mib: int) -> Path:
    """A vault with ``mib`` MiB of random evidence in files of at most 20 MiB."""
    path = folder / f"v{mib}.advocate"
    store, _ = Store.create(path, "pw", kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True)
    with store:
        case = store.add(Case(reference="M-1", title="Memory"))
        left = mib
        while left:
            size = min(20, left)
            store.add_evidence(case.id, io.BytesIO(os.urandom(size * MiB)))
            left -= size
    return path


def test_python_allocations_stay_flat(tmp_path: Path) -> None:
    vault = _vault(tmp_path, 200)
    with Store.open(vault, "pw") as store:
        tracemalloc.start()
        try:
            write_backup(store, tmp_path / "b.bak", BACKUP_PASSPHRASE)
            _, backup_peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            restore(tmp_path / "b.bak", tmp_path / "r.advocate")
            _, restore_peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert backup_peak < 24 * MiB, backup_peak
    assert restore_peak < 24 * MiB, restore_peak


_CHILD = """
import os, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from advocate.backup import agefile, restore_backup, write_backup
from advocate.store import Store
from advocate.vault import KdfParams
agefile.SCRYPT_LOG_N = 10  # scrypt's fixed 256 MiB would hide what is measured here
folder, step = Path(sys.argv[2]), sys.argv[3]
if step == "backup":
    with Store.open(folder / "v.advocate", "pw") as store:
        write_backup(store, folder / "b.bak", "backup passphrase")
else:
    restore_backup(folder / "b.bak", "backup passphrase", folder / "r.advocate", "pw",
                   kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True)
status = Path("/proc/self/status").read_text()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
"""


def _peak_mib(folder: Path, step: str) -> float:
    """The child's peak resident size in MiB."""
    result = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), str(folder), step],
                            check=True, capture_output=True, text=True)
    return int(result.stdout.split()[-1]) / 1024  # VmHWM is in kB


def test_resident_memory_does_not_grow_with_the_vault(tmp_path: Path) -> None:
    peaks: dict[int, tuple[float, float]] = {}
    for mib in (20, 200):
        folder = tmp_path / str(mib)
        folder.mkdir()
        _vault(folder, mib).rename(folder / "v.advocate")
        peaks[mib] = (_peak_mib(folder, "backup"), _peak_mib(folder, "restore"))
    for small, large in zip(peaks[20], peaks[200], strict=True):
        assert large - small < 32, peaks
        assert large < 150, peaks
