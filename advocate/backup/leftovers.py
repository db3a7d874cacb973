"""Leftovers of a backup or restore that was killed: found, proven abandoned, removed.

A backup is written to ``.<name>.<random>.tmp`` and a restore builds ``.<name>.restoring-<random>``
beside its destination; a process killed mid-way (SIGKILL, power cut) cannot remove them. Both
are encrypted, but a dead backup can hold gigabytes of a USB stick and an abandoned staging vault
is a copy of a case file nobody knows about. Each is locked (``flock``) by the process writing it,
so the next backup or restore to the same name removes those whose lock is free — never one that
another running process is still writing.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import sys
from pathlib import Path

if sys.platform != "win32":
    import fcntl


def hold_lock(fd: int) -> None:
    """Mark a file we are writing as in use, so no one removes it as a leftover."""
    if sys.platform != "win32":
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def remove_leftovers(folder: Path, name: str, suffix_pattern: str) -> list[Path]:
    """Remove ``.<name><suffix_pattern>`` entries in ``folder`` whose writer is gone."""
    removed: list[Path] = []
    if sys.platform == "win32":
        return removed  # note: no flock there; a leftover stays until removed by hand
    for candidate in folder.glob(f".{glob.escape(name)}{suffix_pattern}"):
        lock_file = candidate / "vault.lock" if candidate.is_dir() else candidate
        if not _abandoned(lock_file):
            continue
        with contextlib.suppress(OSError):
            if candidate.is_dir() and not candidate.is_symlink():
                shutil.rmtree(candidate)
            else:
                candidate.unlink()
            removed.append(candidate)
    return removed


def _abandoned(lock_file: Path) -> bool:
    try:
        fd = os.open(lock_file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a live process holds it
    finally:
        os.close(fd)
    return True
