"""The fonts embedded in every report, from resources/fonts.

Body text is Liberation Serif (metric-compatible with Times New Roman, in which official letters
in Kazakhstan are usually set; SIL OFL), which covers Cyrillic with every Kazakh letter. DejaVu
Sans fills in the symbols it lacks (the tenge sign ₸, check marks, stars, Arabic letters…).
reportlab embeds a subset of each. No base-14 font is ever used: they have no Cyrillic.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from advocate.reports.errors import ReportResourceError
from advocate.reports.paths import fonts_dir

SERIF = "AdvocateSerif"
SERIF_BOLD = "AdvocateSerif-Bold"
SERIF_ITALIC = "AdvocateSerif-Italic"
SYMBOLS = "AdvocateSymbols"

FONT_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SYMBOLS: "DejaVuSans.ttf",
}

KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


@dataclass(frozen=True, slots=True)
class GlyphCoverage:
    """Which characters each font can draw (the serif set is what all three faces share)."""

    serif: frozenset[str]
    symbols: frozenset[str]


_lock = threading.Lock()
_coverage: GlyphCoverage | None = None


def register_fonts() -> GlyphCoverage:
    """Register the report fonts with reportlab once per process; return their coverage."""
    global _coverage
    with _lock:
        if _coverage is None:
            faces = {name: _load(name, file) for name, file in FONT_FILES.items()}
            for face in faces.values():
                pdfmetrics.registerFont(face)
            # <b> and <i> in our own markup pick the faces through the family mapping; the
            # symbol font has one face, so bold or italic symbols use it too.
            for bold, italic, name in ((0, 0, SERIF), (1, 0, SERIF_BOLD), (0, 1, SERIF_ITALIC),
                                       (1, 1, SERIF_BOLD)):
                addMapping(SERIF, bold, italic, name)
                addMapping(SYMBOLS, bold, italic, SYMBOLS)
            serif_sets = [_chars(faces[n]) for n in (SERIF, SERIF_BOLD, SERIF_ITALIC)]
            _coverage = GlyphCoverage(
                serif=frozenset(set.intersection(*serif_sets)),
                symbols=frozenset(_chars(faces[SYMBOLS])),
            )
        return _coverage


def _load(name: str, file: str) -> TTFont:
    path = fonts_dir() / file
    try:
        return TTFont(name, str(path))
    except (OSError, TTFError) as exc:
        raise ReportResourceError(file, str(exc), path) from exc


def _chars(face: TTFont) -> set[str]:
    # Characters beyond the Basic Multilingual Plane (most emoji) are left out on purpose:
    # reportlab writes their ToUnicode entries with four hex digits, so they would come out of
    # the PDF as another character when copied or searched. They print as [U+1F600] instead.
    return {chr(code) for code in face.face.charToGlyph
            if 0x20 <= code <= 0xFFFF and not 0xD800 <= code <= 0xDFFF}
