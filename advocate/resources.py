"""Where the data files shipped with Advocate live (fonts, translations, report texts, holiday
calendars, icons): one lookup for the three ways Advocate runs.

- From a source checkout: ``resources/`` at the top of the tree, beside ``advocate/``.
- Installed from a wheel (``pip install .``): pyproject.toml maps the same folder into the package
  as ``advocate/_resources``, so that only ``advocate`` and ``ui`` land in site-packages (a
  top-level ``resources`` folder there would sit among every other distribution's packages).
- The PyInstaller bundle (build.spec): the folder is unpacked as ``resources`` under
  ``sys._MEIPASS``.

The user guide goes the same way (``docs/``; ``ui/_guide`` in a wheel): see
``ui.menus.guide_dirs``. tests/test_resources.py checks each of the three (the wheel in a fresh
virtual environment).
"""

from __future__ import annotations

import sys
from pathlib import Path

#: This package's folder: the checkout's ``advocate/``, or ``advocate/`` in site-packages.
PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_folder(package_dir: Path, packaged: str, tree_name: str) -> Path:
    """A data folder that the source tree keeps as ``<tree_name>/`` beside the package
    ``package_dir``: ``<sys._MEIPASS>/<tree_name>`` in the bundle, ``<package_dir>/<packaged>``
    when installed from a wheel (pyproject.toml's package-dir maps it there), else the tree's."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if isinstance(frozen_root, str):
        return Path(frozen_root) / tree_name
    inside = package_dir / packaged
    if inside.is_dir():
        return inside
    return package_dir.parent / tree_name


def resources_dir() -> Path:
    """The folder that holds Advocate's bundled data files."""
    return shipped_folder(PACKAGE_DIR, "_resources", "resources")


def resource_path(*parts: str) -> Path:
    """A file or folder under :func:`resources_dir`, e.g. ``resource_path("icons", "a.png")``."""
    return resources_dir().joinpath(*parts)
