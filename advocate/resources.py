"""Where the data files shipped with Advocate live (holiday calendars, report texts, fonts).

The files sit in the ``resources/`` folder at the top of the source tree. A frozen build
(PyInstaller) unpacks them under ``sys._MEIPASS`` instead, so the same relative paths work there.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder that holds Advocate's bundled data files."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if isinstance(frozen_root, str):
        return Path(frozen_root) / "resources"
    # advocate/resources.py → parents[1] is the repository (or install) root.
    return Path(__file__).resolve().parents[1] / "resources"
