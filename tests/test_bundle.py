"""The bundle (build.spec) and what ships with it: the app icon in every form, the Linux menu
entry, and (slow) the built one-folder bundle itself: it starts, passes its self-test, carries
no test code, caches or paths of the machine that built it, and its archive matches SHA256SUMS.

The slow test builds into a temporary folder; CI builds once with ``make dist`` and points
``ADVOCATE_BUNDLE`` at dist/advocate so this checks that very build."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import advocate

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"


def test_the_app_icon_has_every_size(qapp: object) -> None:
    from ui.icons import SIZES, app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(SIZES)


def test_the_windows_and_macos_icons_hold_the_committed_pngs() -> None:
    ico = (ICONS / "advocate.ico").read_bytes()
    _reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (kind, count) == (1, 7)
    sizes = []
    for i in range(count):
        side, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * i)
        size = side or 256
        sizes.append(size)
        assert ico[offset:offset + length] == (ICONS / f"advocate-{size}.png").read_bytes()
    assert sizes == [16, 24, 32, 48, 64, 128, 256]
    icns = (ICONS / "advocate.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert (ICONS / "advocate-512.png").read_bytes() in icns


def test_the_committed_icons_are_what_the_svg_renders(qapp: object, tmp_path: Path) -> None:
    from ui.icons import render_icon_files

    (tmp_path / "advocate.svg").write_bytes((ICONS / "advocate.svg").read_bytes())
    for path in render_icon_files(tmp_path):
        assert path.read_bytes() == (ICONS / path.name).read_bytes(), (
            f"{path.name} is stale: run make icons")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop menus")
def test_install_desktop_adds_a_menu_entry_for_the_user_only(tmp_path: Path) -> None:
    bundle = tmp_path / "my bundle"
    bundle.mkdir()
    (bundle / "advocate").write_text("#!/bin/sh\n")
    (bundle / "advocate").chmod(0o755)
    data = tmp_path / "data"
    done = subprocess.run(["sh", str(ROOT / "resources/linux/install-desktop.sh"), str(bundle)],
                          env=os.environ | {"XDG_DATA_HOME": str(data)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    entry = (data / "applications" / "advocate.desktop").read_text(encoding="utf-8")
    assert f'Exec="{bundle}/advocate"' in entry.splitlines()
    assert "Icon=advocate" in entry.splitlines()
    assert (data / "icons/hicolor/48x48/apps/advocate.png").is_file()
    assert (data / "icons/hicolor/512x512/apps/advocate.png").is_file()


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_the_desktop_entry_follows_the_freedesktop_specification() -> None:
    done = subprocess.run(["desktop-file-validate", str(ROOT / "resources/linux/advocate.desktop")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def _bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("ADVOCATE_BUNDLE")
    if given:
        return Path(given)
    pytest.importorskip("PyInstaller", reason="make dist installs PyInstaller (the dist extra)")
    work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--workpath", str(work / "build"), "--distpath", str(work / "dist"),
                    str(ROOT / "build.spec")], cwd=ROOT, check=True, timeout=900,
                   capture_output=True)
    return work / "dist" / "advocate"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="checked on Linux here")
def test_the_bundle_runs_passes_its_self_test_and_carries_nothing_extra(
        tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    built = _bundle(tmp_path_factory)
    # a copy somewhere else (a space in its path, as in "My Documents"): nothing may depend on
    # where it was built
    bundle = tmp_path / "USB stick" / "advocate"
    shutil.copytree(built, bundle, symlinks=True)
    exe = bundle / "advocate"
    # a clean environment, away from the source tree: nothing may come from it
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "TMPDIR": str(tmp_path)}
    version = subprocess.run([str(exe), "--version"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=60)
    assert version.stdout == f"advocate {advocate.__version__}\n"
    check = subprocess.run([str(exe), "--self-test"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    assert len(check.stdout.splitlines()) == 1
    assert "self-test passed" in check.stdout

    files = [p for p in bundle.rglob("*") if p.is_file()]
    names = {p.relative_to(bundle).as_posix() for p in files}
    assert not [n for n in names if "__pycache__" in n or n.endswith((".py", ".pyc", ".po"))]
    assert not [n for n in names if "/tests/" in n or n.startswith("tests/")]
    assert not [n for n in names if "pytest" in n or "hypothesis" in n or "mypy" in n]
    internal = bundle / "_internal"
    for unused in ("QtNetwork", "QtQml", "QtQuick", "QtSvg.", "QtWebEngine", "Qt3D",
                   "QtMultimedia", "QtTest"):
        assert not list((internal / "PySide6").glob(f"{unused}*")), unused
    translations = {p.name for p in (internal / "PySide6/Qt/translations").iterdir()}
    assert {"qtbase_ru.qm", "qtbase_kk.qm"} <= translations
    assert not [t for t in translations if not t.endswith(("_ru.qm", "_kk.qm"))]
    # nothing of the machine that built it: its source tree, virtual environment or home
    private = [str(ROOT).encode(), str(Path(sys.prefix)).encode()]
    for path in files:
        data = path.read_bytes()
        assert not [p for p in private if p in data], path


@pytest.mark.slow
def test_sha256sums_names_the_archive_and_its_hash() -> None:
    given = os.environ.get("ADVOCATE_BUNDLE")
    if not given:
        pytest.skip("needs the archive of make dist (ADVOCATE_BUNDLE=dist/advocate)")
    dist = Path(given).parent
    digest, name = (dist / "SHA256SUMS").read_text(encoding="utf-8").split()
    assert name.startswith(f"advocate-{advocate.__version__}-")
    assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest
