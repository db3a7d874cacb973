"""The fonts embedded in every report, from resources/fonts.

Body text is Liberation Serif (metric-compatible with Times New Roman, in which official letters
in Kazakhstan are usually set; SIL OFL), which covers Cyrillic with every Kazakh letter. DejaVu
Sans fills in the symbols it lacks (the tenge sign ₸, check marks, stars, Arabic letters…).
Symbola (George Douros; "free for any use") draws emoji in monochrome: threats arrive by
messenger, full of them, and a reader must see them. reportlab embeds a subset of each. No
base-14 font is ever used: they have no Cyrillic.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from advocate.reports.errors import ReportResourceError
from advocate.reports.paths import fonts_dir

SERIF = "AdvocateSerif"
SERIF_BOLD = "AdvocateSerif-Bold"
SERIF_ITALIC = "AdvocateSerif-Italic"
SYMBOLS = "AdvocateSymbols"
EMOJI = "AdvocateEmoji"

FONT_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SYMBOLS: "DejaVuSans.ttf",
    EMOJI: "Symbola.ttf",
}

KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"


@dataclass(frozen=True, slots=True)
class GlyphCoverage:
    """Which characters each font can draw (the serif set is what all three faces share)."""

    serif: frozenset[str]
    symbols: frozenset[str]
    emoji: frozenset[str]  # pictographs only Symbola has (most beyond the BMP)


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
                addMapping(EMOJI, bold, italic, EMOJI)
            serif_sets = [_chars(faces[n]) for n in (SERIF, SERIF_BOLD, SERIF_ITALIC)]
            symbols = _chars(faces[SYMBOLS])
            _coverage = GlyphCoverage(
                serif=frozenset(set.intersection(*serif_sets)),
                symbols=frozenset(symbols),
                emoji=frozenset(c for c in _pictographs(faces[EMOJI]) if c not in symbols),
            )
            ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        return _coverage


def _load(name: str, file: str) -> TTFont:
    path = fonts_dir() / file
    try:
        return TTFont(name, str(path))
    except (OSError, TTFError) as exc:
        raise ReportResourceError(file, str(exc), path) from exc


def _chars(face: TTFont) -> set[str]:
    # Format characters (RLM, ZWJ …) have glyphs in some fonts but nothing to show: the text
    # module drops them instead.
    return {chr(code) for code in face.face.charToGlyph
            if 0x20 <= code <= 0xFFFF and not 0xD800 <= code <= 0xDFFF
            and (unicodedata.category(chr(code)) != "Cf" or code == 0xAD)}


def _pictographs(face: TTFont) -> set[str]:
    """The emoji and pictographs of a font: symbols (So) of the emoji blocks."""
    return {chr(code) for code in face.face.charToGlyph
            if (0x2190 <= code <= 0x2BFF or 0x1F000 <= code <= 0x1FAFF)
            and unicodedata.category(chr(code)) == "So"}


_reportlab_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond the BMP written as UTF-16 (a
    surrogate pair), as the PDF standard says; reportlab writes five hex digits, and a reader
    then extracts 😉 as another character.

    note: reportlab looks the function up in its module when it writes a font, so replacing
    it there fixes every report; the output for BMP characters is unchanged.
    """
    cmap: str = _reportlab_cmap(fontname, subset)
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            high, low = divmod(code - 0x10000, 0x400)
            cmap = cmap.replace(f"<{index:02X}> <{code:04X}>",
                                f"<{index:02X}> <{0xD800 + high:04X}{0xDC00 + low:04X}>")
    return cmap
