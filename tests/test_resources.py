"""One lookup of the shipped data files, in each way Advocate runs: from this checkout, installed
from a wheel (slow: builds one), and frozen by PyInstaller (sys._MEIPASS; the real bundle is
checked by tests/test_bundle.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import advocate
from advocate.i18n import locale_dir
from advocate.reports.paths import fonts_dir, reports_resources
from advocate.resources import resource_path, resources_dir
from advocate.selftest import REQUIRED_RESOURCES

ROOT = Path(__file__).resolve().parents[1]
#: Translators' sources: in the tree, not shipped.
NOT_SHIPPED = {".po", ".pot"}


def runtime_files(root: Path) -> set[str]:
    """The files under a resources folder that an installed or frozen Advocate must carry."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.is_file() and p.suffix not in NOT_SHIPPED and "__pycache__" not in p.parts}


def test_a_checkout_reads_the_resources_folder_beside_the_package() -> None:
    assert resources_dir() == ROOT / "resources"
    for name in REQUIRED_RESOURCES:
        assert (resources_dir() / name).is_file(), name
    assert resource_path("icons", "advocate-48.png").is_file()


def test_a_frozen_app_reads_the_folder_unpacked_under_meipass(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"
    # every reader of data files goes through the one lookup
    assert Path(locale_dir()) == tmp_path / "resources" / "locale"
    assert fonts_dir() == tmp_path / "resources" / "fonts"
    assert reports_resources() == tmp_path / "resources" / "reports"


@pytest.mark.slow
def test_an_installed_wheel_carries_every_runtime_file_and_finds_them(tmp_path: Path) -> None:
    # Build from a copy, so the checkout gets no build/ or egg-info folder.
    src = tmp_path / "src"
    for name in ("advocate", "ui", "resources"):
        shutil.copytree(ROOT / name, src / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(tmp_path / "wheel"), str(src)],
                   check=True, timeout=180)
    wheel = next((tmp_path / "wheel").glob("advocate-*.whl"))
    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(site),
                    str(wheel)], check=True, timeout=120)

    assert runtime_files(site / "resources") == runtime_files(ROOT / "resources")
    assert not list((site / "resources").rglob("*.po"))
    # The installed package, not this checkout, answers: run it from elsewhere, and let it
    # check every file it reads by running the self-test's core (reports, translations...).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(site)}
    probe = ("import advocate, advocate.resources as r, advocate.selftest as s; "
             "print(advocate.__file__); print(r.resources_dir()); raise SystemExit(s.main())")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    package_file, found, result = done.stdout.splitlines()
    assert Path(package_file).is_relative_to(site)
    assert Path(found) == site / "resources"
    assert "self-test passed" in result
    assert advocate.__version__ in result
