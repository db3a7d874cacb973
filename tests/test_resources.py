"""One lookup of the shipped data files, in each way Advocate runs: from this checkout, installed
from a wheel (slow: builds the sdist and a wheel from it offline, installs that into a fresh
virtual environment and runs it from elsewhere), and frozen by PyInstaller (sys._MEIPASS; the real
bundle is checked by tests/test_bundle.py). The wheel installs the packages advocate and ui and
nothing else: the tree's resources/ and user guide ride inside them."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

import advocate
from advocate.i18n import locale_dir
from advocate.reports.paths import fonts_dir, reports_resources
from advocate.resources import resource_path, resources_dir, shipped_folder
from advocate.selftest import REQUIRED_RESOURCES

ROOT = Path(__file__).resolve().parents[1]
#: Translators' sources: in the tree, not shipped.
NOT_SHIPPED = {".po", ".pot"}
#: The only top-level names a wheel of Advocate may put into site-packages.
TOP_LEVEL = {"advocate", "ui", f"advocate-{advocate.__version__}.dist-info"}
GUIDE_IMAGE = re.compile(r"!\[[^\]]*\]\((screenshots/[^)\s]+\.png)\)")


def runtime_files(root: Path) -> set[str]:
    """The files under a resources folder that an installed or frozen Advocate must carry."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.is_file() and p.suffix not in NOT_SHIPPED and "__pycache__" not in p.parts}


def guide_files(docs: Path) -> set[str]:
    """What the app's Help → User guide reads: the guides, the glossary they link to and every
    picture they show (relative to docs/)."""
    guides = sorted(docs.glob("user-guide*.md"))
    pictures = {p for g in guides for p in GUIDE_IMAGE.findall(g.read_text(encoding="utf-8"))}
    return {g.name for g in guides} | {"glossary.md"} | pictures


def setuptools_config() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config


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


def test_an_installed_package_reads_its_own_folder_never_one_beside_it(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    package = site / "advocate"
    (package / "_resources").mkdir(parents=True)
    # another distribution's top-level folder of the same name is not ours
    (site / "resources").mkdir()
    assert shipped_folder(package, "_resources", "resources") == package / "_resources"
    # without the packaged folder it is a source tree: the folder beside the package
    (package / "_resources").rmdir()
    assert shipped_folder(package, "_resources", "resources") == site / "resources"


def test_pyproject_ships_every_package_of_the_tree_and_maps_only_the_data_folders() -> None:
    setuptools = setuptools_config()["tool"]["setuptools"]
    tree = {".".join(p.parent.relative_to(ROOT).parts)
            for top in ("advocate", "ui") for p in (ROOT / top).rglob("__init__.py")}
    # the names advocate.resources and ui.menus look for (PACKAGE_DIR / "_resources", "_guide")
    mapped = {"advocate._resources": "resources", "ui._guide": "docs"}
    assert setuptools["package-dir"] == mapped
    listed = set(setuptools["packages"])
    assert listed - set(mapped) == tree, (
        "pyproject.toml [tool.setuptools] packages must list every package of advocate/ and ui/")
    assert set(mapped) <= listed
    data = setuptools["package-data"]
    assert data["advocate._resources"] == ["**/*"]
    # every file the guide dialog reads matches a pattern of the guide's package data
    patterns = data["ui._guide"]
    for name in guide_files(ROOT / "docs"):
        assert any(Path(name).match(pattern) for pattern in patterns), name


def test_the_dev_environment_carries_the_build_backend_pyproject_asks_for() -> None:
    config = setuptools_config()
    backend = [Requirement(r) for r in config["build-system"]["requires"]]
    dev = [Requirement(r) for r in config["project"]["optional-dependencies"]["dev"]]
    assert [r for r in backend if r.name == "setuptools"] == [
        r for r in dev if r.name == "setuptools"]


def _build_wheel_offline(tmp_path: Path) -> Path:
    """The sdist of a copy of this tree, then the wheel built from that sdist (what ``pip
    install advocate-X.tar.gz`` does), with this environment's setuptools and no index."""
    floor = Requirement(setuptools_config()["build-system"]["requires"][0])
    have = importlib.metadata.version("setuptools")
    if have not in floor.specifier:
        pytest.skip(f"building offline needs {floor} here (pip install -e '.[dev]'), "
                    f"not setuptools {have}")
    src = tmp_path / "src"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in ("advocate", "ui", "resources", "docs"):
        shutil.copytree(ROOT / name, src / name, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    sdist_hook = ("import sys; from setuptools import build_meta; "
                  "print(build_meta.build_sdist(sys.argv[1]))")
    made = subprocess.run([sys.executable, "-c", sdist_hook, str(tmp_path / "sdist")], cwd=src,
                          check=True, capture_output=True, text=True, timeout=180)
    sdist = tmp_path / "sdist" / made.stdout.splitlines()[-1]
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    unpacked = next((tmp_path / "unpacked").iterdir())
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", "wheel",
                    "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(tmp_path / "wheel"), str(unpacked)],
                   check=True, capture_output=True, timeout=180)
    return next((tmp_path / "wheel").glob("advocate-*.whl"))


def _fresh_venv(venv: Path) -> tuple[Path, Path]:
    """A new virtual environment that sees this one's installed packages (the dependencies;
    nothing is downloaded) through a .pth file, but not this checkout; its python and its
    site-packages."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                "print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True,
                               timeout=60).stdout.strip())
    stdlib = {sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib")}
    # not the checkout (a virtual environment inside it, as make's .venv, is fine)
    deps = [p for p in sys.path if p and Path(p).is_dir() and p not in stdlib
            and ("site-packages" in Path(p).parts or not Path(p).resolve().is_relative_to(ROOT))]
    (site / "_advocate_test_deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    return python, site


@pytest.mark.slow
def test_the_wheel_installs_only_advocate_and_ui_and_runs_from_a_fresh_venv(
        tmp_path: Path) -> None:
    wheel = _build_wheel_offline(tmp_path)
    names = [n for n in zipfile.ZipFile(wheel).namelist() if not n.endswith("/")]
    assert sorted(n for n in names if n.split("/")[0] not in TOP_LEVEL) == []
    # it carries every module of the tree, every runtime data file and the user guide
    modules = {p.relative_to(ROOT).as_posix() for top in ("advocate", "ui")
               for p in (ROOT / top).rglob("*.py")}
    assert modules - set(names) == set()
    packaged = {n.removeprefix("advocate/_resources/") for n in names
                if n.startswith("advocate/_resources/")}
    assert packaged == runtime_files(ROOT / "resources")
    guide = {n.removeprefix("ui/_guide/") for n in names if n.startswith("ui/_guide/")}
    assert guide_files(ROOT / "docs") <= guide
    assert not [n for n in guide if not n.endswith((".md", ".png"))]

    python, site = _fresh_venv(tmp_path / "venv")
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q",
                    "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=180)
    assert {p.name for p in site.iterdir()} - {"_advocate_test_deps.pth"} == TOP_LEVEL

    # From a folder outside the checkout, with nothing pointing at it: the installed copy
    # answers, finds its data inside its packages and passes the core self-test.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env |= {"QT_QPA_PLATFORM": "offscreen", "HOME": str(elsewhere)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(list(args), cwd=elsewhere, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done

    version = f"advocate {advocate.__version__}\n"
    assert run(str(python), "-m", "advocate", "--version").stdout == version
    assert run(str(python.parent / "advocate"), "--version").stdout == version
    probe = ("import advocate, advocate.resources as r, ui.menus as m; print(advocate.__file__); "
             "print(r.resources_dir()); print(m.guide_path('kk'))")
    package_file, found, guide_kk = run(str(python), "-c", probe).stdout.splitlines()
    assert Path(package_file) == site / "advocate" / "__init__.py"
    assert Path(found) == site / "advocate" / "_resources"
    assert Path(guide_kk) == site / "ui" / "_guide" / "user-guide.kk.md"
    result = run(str(python), "-m", "advocate.selftest").stdout
    assert "self-test passed" in result
    assert advocate.__version__ in result
