"""Benchmark: backup and restore of a vault with N MiB of evidence, against the ``age`` tool.

Usage: ``python bench/bench_backup.py [--size-mib 1024] [--workdir DIR] [--keep]``

Steps, each in its own process so its peak memory (``ru_maxrss`` from ``wait4``) is its own:

1. make: a vault (cheap KDF: key derivation is not what is measured) with the evidence in files
   of 64 MiB, generated with ``os.urandom`` in 1 MiB pieces; the same bytes are written to a plain
   file for the ``age`` tool (random bytes, so nothing sensitive lands on disk);
2. backup: ``write_backup`` of the vault;
3. restore: ``restore_backup`` into a new vault (cheap KDF again), verification included;
4. ``age -r`` encrypting the plain file, then ``age -d -i`` decrypting it to a file; both again
   followed by an fsync of their output, since the backup and the restore fsync theirs.

Each Advocate step also prints where its time went (scrypt, streaming, fsync).

Budgets (DESIGN.md section 11): backup within 2x the wall time of ``age`` encrypting the same
bytes, restore within 2.5x of ``age`` decrypting them; peak memory flat (well under 250 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import BinaryIO, cast

ROOT = Path(__file__).resolve().parent.parent
PIECE = 1024 * 1024
FILE_MIB = 64
VAULT_PASSPHRASE = "bench vault passphrase"
BACKUP_PASSPHRASE = "bench backup passphrase"


def _child_make(folder: Path, size_mib: int) -> None:
    """Create the vault and the plain reference file (in a child process)."""
    from advocate.model.records import Case
    from advocate.store import Store
    from advocate.vault import KdfParams

    store, _ = Store.create(folder / "bench.advocate", VAULT_PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store, open(folder / "plain.bin", "wb") as plain:
        case = store.add(Case(reference="BENCH-1", title="Benchmark"))
        left = size_mib
        index = 0
        while left > 0:
            mib = min(FILE_MIB, left)
            store.add_evidence(case.id, cast(BinaryIO, _RandomSource(mib, plain)),
                               original_name=f"recording-{index}.bin")
            left -= mib
            index += 1


class _RandomSource:
    """``mib`` MiB of random bytes in 1 MiB pieces, each also written to the plain file."""

    def __init__(self, mib: int, copy: BinaryIO) -> None:
        self._left = mib
        self._copy = copy

    def read(self, size: int = -1) -> bytes:
        if not self._left:
            return b""
        self._left -= 1
        piece = os.urandom(PIECE)
        self._copy.write(piece)
        return piece


def _child_backup(folder: Path) -> None:
    from advocate.backup import agefile, write_backup
    from advocate.store import Store
    from advocate.vault import Vault

    phases: dict[str, float] = {}
    _time(phases, "scrypt", agefile, "encrypt_with_passphrase")
    _time(phases, "integrity check", Vault, "integrity_check")
    _time(phases, "read+encrypt+write", agefile, "encrypt_stream")
    _time(phases, "fsync", os, "fsync")
    with Store.open(folder / "bench.advocate", VAULT_PASSPHRASE) as store:
        write_backup(store, folder / "bench.advocate-backup", BACKUP_PASSPHRASE)
    print(json.dumps(phases))


def _child_restore(folder: Path) -> None:
    from advocate.backup import agefile, restore_backup
    from advocate.backup import restore as restore_module
    from advocate.vault import KdfParams

    phases: dict[str, float] = {}
    _time(phases, "scrypt", agefile, "decrypt_passphrase")
    _time(phases, "decrypt+check+insert", restore_module, "read_backup")
    _time(phases, "search index", restore_module.VaultLoader, "finish")
    _time(phases, "fsync", restore_module, "_flush_folder")
    restore_backup(folder / "bench.advocate-backup", BACKUP_PASSPHRASE,
                   folder / "restored.advocate", VAULT_PASSPHRASE, kdf=KdfParams.cheap(),
                   _allow_weak_kdf_for_tests=True)
    print(json.dumps(phases))


def _time(phases: dict[str, float], label: str, owner: object, name: str) -> None:
    """Wrap ``owner.name`` so the seconds spent in it add up under ``label``."""
    inner = getattr(owner, name)

    def timed(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            phases[label] = phases.get(label, 0.0) + time.perf_counter() - start

    setattr(owner, name, timed)


def _measure(argv: list[str], fsync: Path | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak resident MiB, standard output) of a child process.

    With ``fsync``, that file is flushed to disk after the child ended and the time counted, so
    the ``age`` tool pays for durability as the backup and the restore do.
    """
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if fsync is not None:
        fd = os.open(fsync, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    elapsed = time.perf_counter() - start
    output = process.stdout.read().decode() if process.stdout else ""
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{argv[:3]} failed with status {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss / 1024, output  # ru_maxrss is in KiB on Linux


def _python(step: str, folder: Path, *extra: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", step, "--workdir",
            str(folder), *extra]


def main() -> int:
    """Run the benchmark and print the figures and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024, help="evidence size (MiB)")
    parser.add_argument("--workdir", type=Path, help="where to work (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the files afterwards")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        steps = {"make": lambda: _child_make(args.workdir, args.size_mib),
                 "backup": lambda: _child_backup(args.workdir),
                 "restore": lambda: _child_restore(args.workdir)}
        steps[args.child]()
        return 0
    if shutil.which("age") is None or shutil.which("age-keygen") is None:
        raise SystemExit("the age tool (age, age-keygen) is needed for the comparison")
    folder = Path(tempfile.mkdtemp(prefix="bench-backup-", dir=args.workdir))
    try:
        return _run(folder, args.size_mib)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _run(folder: Path, size_mib: int) -> int:
    print(f"Evidence: {size_mib} MiB; working in {folder}")
    make_s, make_rss, _ = _measure(_python("make", folder, "--size-mib", str(size_mib)))
    print(f"  vault created in {make_s:.1f} s (peak {make_rss:.0f} MiB)")
    subprocess.run(["sync"], check=True)
    backup_s, backup_rss, backup_phases = _measure(_python("backup", folder))
    restore_s, restore_rss, restore_phases = _measure(_python("restore", folder))
    subprocess.run(["age-keygen", "-o", str(folder / "age-id.txt")], check=True,
                   capture_output=True)
    recipient = subprocess.run(["age-keygen", "-y", str(folder / "age-id.txt")], check=True,
                               capture_output=True, text=True).stdout.strip()
    enc = ["age", "-r", recipient, "-o", str(folder / "plain.age"), str(folder / "plain.bin")]
    dec = ["age", "-d", "-i", str(folder / "age-id.txt"), "-o", str(folder / "plain.out"),
           str(folder / "plain.age")]
    # note: the median of three runs each, since the first run of each pays a cold page cache
    enc_s, enc_rss = _median([_measure(enc)[:2] for _ in range(3)])
    dec_s, dec_rss = _median([_measure(dec)[:2] for _ in range(3)])
    enc_sync_s, _ = _median([_measure(enc, fsync=folder / "plain.age")[:2] for _ in range(3)])
    dec_sync_s, _ = _median([_measure(dec, fsync=folder / "plain.out")[:2] for _ in range(3)])
    backup_mib = (folder / "bench.advocate-backup").stat().st_size / PIECE
    rows = [("advocate backup", backup_s, backup_rss), ("age encrypt", enc_s, enc_rss),
            ("age encrypt+fsync", enc_sync_s, enc_rss),
            ("advocate restore", restore_s, restore_rss), ("age decrypt", dec_s, dec_rss),
            ("age decrypt+fsync", dec_sync_s, dec_rss)]
    print(f"  backup file: {backup_mib:.0f} MiB")
    for label, seconds, rss in rows:
        print(f"  {label:<18} {seconds:7.2f} s   peak {rss:6.0f} MiB   "
              f"{size_mib / seconds:6.0f} MiB/s")
    print(f"  backup phases (s):  {_phases(backup_phases)}")
    print(f"  restore phases (s): {_phases(restore_phases)}")
    backup_ratio, restore_ratio = backup_s / enc_s, restore_s / dec_s
    print(f"  backup / age encrypt:  {backup_ratio:.2f}x (budget 2x); "
          f"with fsync {backup_s / enc_sync_s:.2f}x")
    print(f"  restore / age decrypt: {restore_ratio:.2f}x (budget 2.5x); "
          f"with fsync {restore_s / dec_sync_s:.2f}x")
    return 0 if backup_ratio <= 2 and restore_ratio <= 2.5 else 1


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The median wall time of the runs, and the largest peak memory among them."""
    times = sorted(t for t, _ in runs)
    return times[len(times) // 2], max(rss for _, rss in runs)


def _phases(output: str) -> str:
    phases = json.loads(output.strip().splitlines()[-1])
    return ", ".join(f"{label} {seconds:.2f}" for label, seconds in phases.items())


if __name__ == "__main__":
    sys.exit(main())
