"""High-DPI: pictures get the screen's pixels, and the screenshot tool shoots at a scale.

The screenshots at 1.0, 1.5 and 2.0 (``tools/screenshots.py --few --scale``) are in
docs/screenshots/scale; these tests keep what made them sharp.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from ui.widgets.evidence_viewer import VIEW_BOX, fit_image

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_an_evidence_image_gets_the_screens_pixels(qapp: object, ratio: float) -> None:
    photo = QImage(1600, 1200, QImage.Format.Format_RGB32)
    photo.fill(Qt.GlobalColor.darkGreen)
    shown = fit_image(photo, ratio)
    # the same place on screen at every scale (fitted to the box's height) ...
    logical = shown.deviceIndependentSize()
    assert round(logical.height()) == VIEW_BOX[1]
    assert abs(logical.width() - VIEW_BOX[1] * 4 / 3) <= 1
    # ... with ratio times as many pixels: not shrunk to the logical size, then blown up
    assert shown.height() == round(VIEW_BOX[1] * ratio)
    assert shown.devicePixelRatio() == ratio


def test_a_small_screenshot_is_enlarged_four_times_at_every_scale(qapp: object) -> None:
    small = QImage(100, 50, QImage.Format.Format_RGB32)
    small.fill(Qt.GlobalColor.white)
    for ratio in (1.0, 2.0):
        shown = fit_image(small, ratio)
        assert shown.deviceIndependentSize().toSize().width() == 400
        assert shown.width() == int(400 * ratio)


def test_screenshots_at_scale_two_have_twice_the_pixels(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("QT_SCALE_FACTOR", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshots.py"), "--few", "--scale", "2",
         "--lang", "kk", "--out", str(tmp_path)], env=env, cwd=ROOT, capture_output=True,
        text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    folder = tmp_path / "kk@2x"
    names = sorted(p.stem for p in folder.glob("*.png"))
    assert names == ["case", "case-threats", "dashboard", "dialog-create-vault",
                     "dialog-settings", "unlock"]
    for name in ("unlock", "dashboard", "case"):
        picture = QImage(str(folder / f"{name}.png"))
        assert (picture.width(), picture.height()) == (2 * 1366, 2 * 768), name
