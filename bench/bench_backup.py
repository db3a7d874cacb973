"""Benchmark: backup and restore of a vault with N MiB of evidence, against what a user would do
by hand with standard tools (DESIGN.md section 11).

Usage: ``python bench/bench_backup.py [--size-mib 1024] [--repeat N]``

- the vault (cheap KDF: key derivation is not what is measured) holds the evidence in files of
  64 MiB of ``os.urandom``; it is cached under the work directory (``bench/common.py``);
- backup: ``write_backup`` of the vault, in a process of its own (its peak memory), against
  ``tar -c`` of the vault folder piped to ``age -p`` (the same scrypt, work factor 18), the
  output fsynced, as the backup fsyncs its file;
- restore: ``restore_backup`` into a new vault (cheap KDF again), verification included,
  against ``age -d`` of the reference's file piped to ``tar -x``, every file fsynced.

``age -p`` reads the passphrase from the terminal only, so the reference runs under a
pseudo-terminal (``pty.fork``) that types it. The runs are interleaved (ours, the reference,
``--repeat`` times) and the best of each counts. Each Advocate step prints where its time went
(scrypt, streaming, fsync).

Budgets: backup ratio ≤ 1.5, restore ratio ≤ 2; peak memory under 250 MB beside scrypt's 256 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    KDF_MB,
    MEMORY_MB,
    cached,
    pick,
    print_peak,
    python,
    run_child,
    vault_in,
    workdir,
)
from bench.results import Row, exit_status, record  # noqa: E402

PIECE = 1024 * 1024
FILE_MIB = 64
VAULT_PASSPHRASE = "bench vault passphrase"
BACKUP_PASSPHRASE = "bench backup passphrase"


def _make(vault: Path, size_mib: int) -> None:
    """Create the vault of ``size_mib`` MiB of evidence (in the cache's build folder)."""
    from advocate.model.records import Case
    from advocate.store import Store
    from advocate.vault import KdfParams

    store, _ = Store.create(vault, VAULT_PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store:
        case = store.add(Case(reference="BENCH-1", title="Benchmark"))
        left = size_mib
        index = 0
        while left > 0:
            mib = min(FILE_MIB, left)
            store.add_evidence(case.id, cast(BinaryIO, _RandomSource(mib)),
                               original_name=f"recording-{index}.bin")
            left -= mib
            index += 1


class _RandomSource:
    """``mib`` MiB of random bytes in 1 MiB pieces."""

    def __init__(self, mib: int) -> None:
        self._left = mib

    def read(self, size: int = -1) -> bytes:
        if not self._left:
            return b""
        self._left -= 1
        return os.urandom(PIECE)


def _child_backup(vault: Path, out: Path) -> None:
    from advocate.backup import agefile, write_backup
    from advocate.store import Store
    from advocate.vault import Vault

    phases: dict[str, float] = {}
    _time(phases, "scrypt", agefile, "encrypt_with_passphrase")
    _time(phases, "integrity check", Vault, "integrity_check")
    _time(phases, "read+encrypt+write", agefile, "encrypt_stream")
    _time(phases, "fsync", os, "fsync")
    with Store.open(vault, VAULT_PASSPHRASE) as store:
        write_backup(store, out, BACKUP_PASSPHRASE, overwrite=True)
    print(json.dumps(phases))
    print_peak()


def _child_restore(backup: Path, out: Path) -> None:
    from advocate.backup import agefile, restore_backup
    from advocate.backup import restore as restore_module
    from advocate.vault import KdfParams

    phases: dict[str, float] = {}
    _time(phases, "scrypt", agefile, "decrypt_passphrase")
    _time(phases, "decrypt+check+insert", restore_module, "read_backup")
    _time(phases, "search index", restore_module.VaultLoader, "finish")
    _time(phases, "fsync", restore_module, "_flush_folder")
    restore_backup(backup, BACKUP_PASSPHRASE, out, VAULT_PASSPHRASE, kdf=KdfParams.cheap(),
                   _allow_weak_kdf_for_tests=True)
    print(json.dumps(phases))
    print_peak()


def _time(phases: dict[str, float], label: str, owner: object, name: str) -> None:
    """Wrap ``owner.name`` so the seconds spent in it add up under ``label`` (if it exists)."""
    inner = getattr(owner, name, None)
    if inner is None:
        return

    def timed(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            phases[label] = phases.get(label, 0.0) + time.perf_counter() - start

    setattr(owner, name, timed)


def _python(step: str, *paths: Path) -> list[str]:
    return python("bench_backup.py", "--child", step, *map(str, paths))


def _with_pty(command: str, passphrase: str) -> None:
    """Run ``sh -c command`` with a pseudo-terminal that types ``passphrase`` at every prompt."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal, which age reads, is the pty
        os.execvp("sh", ["sh", "-c", command])
    seen = b""
    while True:
        try:
            data = os.read(fd, 1024)
        except OSError:  # the child closed the terminal (EIO)
            break
        if not data:
            break
        seen += data
        if seen.rstrip().endswith(b":"):  # "Enter passphrase…:", "Confirm passphrase:"
            os.write(fd, passphrase.encode() + b"\n")
            seen = b""
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{command!r} failed with status {os.waitstatus_to_exitcode(status)}")


def _fsync(path: Path) -> None:
    """fsync a file, or every file and folder under a folder (the folder itself last)."""
    paths = [path] if path.is_file() else [*sorted(path.rglob("*")), path]
    for item in paths:
        fd = os.open(item, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    """Run the benchmark, print the figures and record the rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=pick(1024, 64, 4), help="evidence (MiB)")
    parser.add_argument("--repeat", type=int, default=pick(3, 1, 1))
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, *paths = args.child
        {"backup": _child_backup, "restore": _child_restore}[step](*map(Path, paths))
        return 0
    if shutil.which("age") is None or shutil.which("tar") is None:
        raise SystemExit("the age and tar tools are needed for the comparison")
    folder, built = cached(f"backup-{args.size_mib}mib", lambda path: _make(path, args.size_mib))
    vault = vault_in(folder)
    print(f"Evidence: {args.size_mib} MiB; vault "
          + ("from the cache" if built is None else f"made in {built:.1f} s"), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-backup-", dir=workdir()) as tmp:
        return _run(vault, Path(tmp), args.size_mib, args.repeat)


def _run(vault: Path, tmp: Path, size_mib: int, repeat: int) -> int:
    backup, restored = tmp / "bench.advocate-backup", tmp / "restored.advocate"
    reference, extracted = tmp / "reference.tar.age", tmp / "extracted"
    subprocess.run(["sync"], check=True)
    ours_b: list[tuple[float, float, str]] = []
    ours_r: list[tuple[float, float, str]] = []
    ref_b: list[float] = []
    ref_r: list[float] = []
    for _ in range(repeat):
        backup.unlink(missing_ok=True)
        ours_b.append(run_child(_python("backup", vault, backup)))
        reference.unlink(missing_ok=True)
        ref_b.append(_timed(lambda: (_with_pty(
            f"tar -c -C {shlex.quote(str(vault.parent))} {shlex.quote(vault.name)}"
            f" | age -p -o {shlex.quote(str(reference))}", BACKUP_PASSPHRASE),
            _fsync(reference))))
        shutil.rmtree(restored, ignore_errors=True)
        ours_r.append(run_child(_python("restore", backup, restored)))
        shutil.rmtree(extracted, ignore_errors=True)
        extracted.mkdir()
        ref_r.append(_timed(lambda: (_with_pty(
            f"age -d {shlex.quote(str(reference))}"
            f" | tar -x -C {shlex.quote(str(extracted))}", BACKUP_PASSPHRASE),
            _fsync(extracted))))
    backup_s, backup_mb, backup_out = min(ours_b)
    restore_s, restore_mb, restore_out = min(ours_r)
    enc_s, dec_s = min(ref_b), min(ref_r)
    backup_mib = backup.stat().st_size / PIECE
    print(f"  backup file: {backup_mib:.0f} MiB; tar | age -p file: "
          f"{reference.stat().st_size / PIECE:.0f} MiB")
    for label, seconds in (("advocate backup", backup_s), ("tar | age -p, fsync", enc_s),
                           ("advocate restore", restore_s), ("age -d | tar -x, fsync", dec_s)):
        print(f"  {label:<24} {seconds:7.2f} s   {size_mib / seconds:6.0f} MiB/s")
    print(f"  backup phases (s):  {_phases(backup_out)}; peak {backup_mb:.0f} MB")
    print(f"  restore phases (s): {_phases(restore_out)}; peak {restore_mb:.0f} MB")
    scale = f"{size_mib:,} MiB of evidence"
    rows = [
        Row(key="backup.backup", what="backup (written, fsynced)", figure=backup_s, unit="s",
            max_ratio=1.5, scale=scale, reference="`tar -c` of the vault folder | `age -p`, "
            "fsynced", reference_figure=enc_s, extra={"ours": [r[0] for r in ours_b],
                                                      "reference": ref_b},  # type: ignore[dict-item]
            notes=f"best of {repeat}, interleaved; phases: {_phases(backup_out)}"),
        Row(key="backup.restore", what="restore (new vault, verified, fsynced)",
            figure=restore_s, unit="s", max_ratio=2.0, scale=scale,
            reference="`age -d` | `tar -x`, every file fsynced", reference_figure=dec_s,
            extra={"ours": [r[0] for r in ours_r], "reference": ref_r},  # type: ignore[dict-item]
            notes=f"best of {repeat}, interleaved; the new vault's KDF is the cheap one; "
            f"phases: {_phases(restore_out)}"),
        Row(key="memory.backup", what="peak memory: backup", figure=backup_mb, unit="MB",
            limit=MEMORY_MB + KDF_MB, scale=scale, notes="250 MB beside scrypt's 256 MiB"),
        Row(key="memory.restore", what="peak memory: restore", figure=restore_mb, unit="MB",
            limit=MEMORY_MB + KDF_MB, scale=scale, notes="250 MB beside scrypt's 256 MiB"),
    ]
    return exit_status(any([record(row).passed is False for row in rows]))


def _phases(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.startswith("{")]
    phases = json.loads(lines[-1]) if lines else {}
    return ", ".join(f"{label} {seconds:.2f}" for label, seconds in phases.items())


if __name__ == "__main__":
    sys.exit(main())
