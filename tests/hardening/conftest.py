"""Shared helpers of the hardening tests: cheap vaults, snapshots, a real small tmpfs, sentinels.

The hardening tests inject faults rather than assume them away: SIGKILL at many points, a real
full disk (a 1 MiB tmpfs), real I/O errors injected into system calls (strace), hostile input.
Tests that need root powers (mount) or a tool (strace) skip when it is missing; each such test has a
monkeypatch-based twin so the behaviour stays covered on any machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from advocate.store import Store
from advocate.vault import KdfParams

PASSPHRASE = "hardening — пароль Ақжол"
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def make_store(path: Path, passphrase: str = PASSPHRASE) -> Store:
    """A new vault with cheap KDF parameters (the real ones are tested in tests/vault)."""
    store, _ = Store.create(path, passphrase, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    return store


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (relative name -> bytes); an absent folder is empty."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child Python: this checkout first on the path, no bytecode files."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "1m") -> Iterator[Path]:
    """Mount a real tmpfs of ``size`` on ``folder``; skip the test where mounting is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("no mount command here")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                           str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def remount(folder: Path, options: str) -> None:
    """``mount -o remount,OPTIONS`` (e.g. ``ro``); fails the test when refused."""
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True,
                   capture_output=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of ``folder`` until at most ``leave`` bytes are free; the filler."""
    filler = folder / f"filler-{uuid.uuid4().hex[:8]}"
    with open(filler, "wb") as out:
        block = b"\0" * 4096
        with contextlib.suppress(OSError):
            while shutil.disk_usage(folder).free > leave:
                out.write(block)
                out.flush()
    return filler
