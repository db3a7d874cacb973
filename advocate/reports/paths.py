"""Where the reports' bundled files live: resources/fonts and resources/reports."""

from __future__ import annotations

from pathlib import Path

from advocate.resources import resources_dir


def fonts_dir() -> Path:
    """The folder of the embedded fonts and their licence files."""
    return resources_dir() / "fonts"


def reports_resources() -> Path:
    """The folder of the report texts (texts/<lang>.json) and the addressee presets."""
    return resources_dir() / "reports"
