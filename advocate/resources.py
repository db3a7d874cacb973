"""Where the data files shipped with Advocate live (fonts, translations, report texts, holiday
calendars, icons): one lookup for the three ways Advocate runs.

- From a source checkout: ``resources/`` at the top of the tree, beside ``advocate/``.
- Installed from a wheel (``pip install .``): pyproject.toml ships the same folder as the
  top-level ``resources`` directory beside the ``advocate`` package in site-packages, so the
  relative path is the same as in a checkout.
- The PyInstaller bundle (build.spec): the folder is unpacked under ``sys._MEIPASS``.

tests/test_resources.py checks each of the three.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder that holds Advocate's bundled data files."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if isinstance(frozen_root, str):
        return Path(frozen_root) / "resources"
    # advocate/resources.py → parents[1] is the checkout, or site-packages when installed.
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    """A file or folder under :func:`resources_dir`, e.g. ``resource_path("icons", "a.png")``."""
    return resources_dir().joinpath(*parts)
