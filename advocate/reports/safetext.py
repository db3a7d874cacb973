"""User text into reportlab markup that prints exactly as typed — and can do nothing else.

reportlab's Paragraph reads a small XML-like markup: ``<b>``, ``<link href=…>``, ``<img src=…>``
and entities. Everything a user typed goes through :func:`to_markup`, which escapes ``&``, ``<``
and ``>`` (so ``<link>`` is printed, never obeyed) and then takes care of what the fonts cannot
draw:

- line breaks (``\\r\\n``, ``\\r``, U+2028/2029, NEL) become line breaks;
- a tab becomes a space;
- characters the serif font lacks but DejaVu Sans has (₸, ✓, ★…) are set in DejaVu Sans;
- emoji are drawn in monochrome from Symbola (😉, 🔪, 🔥), and copy out of the PDF as
  themselves;
- invisible format characters (right-to-left marks, zero-width joiners and spaces, soft
  hyphens), emoji variation selectors (U+FE0E/U+FE0F) and skin-tone modifiers, which only
  choose how something looks, are dropped;
- control characters, unassigned or private code points and characters no font has print as
  ``[U+E000]``: the text is never silently lost (reportlab would draw an empty box and drop
  the character from the PDF's text layer).

Long words are broken by reportlab itself (``splitLongWords``); text too tall for one table
cell is cut into pieces by :func:`cell_pieces` (a cell taller than a page would stop reportlab).
"""

from __future__ import annotations

import math
import re
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from advocate.reports.fonts import EMOJI, SYMBOLS, GlyphCoverage, register_fonts

_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")
_DROPPED = frozenset("\ufe0e\ufe0f") | frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
_SERIF, _SYMBOL, _EMOJI, _CODE, _NONE = 0, 1, 2, 3, 4


def normalise_breaks(text: str) -> str:
    """Every kind of line break as ``\\n``; tabs as spaces."""
    return _BREAKS.sub("\n", text).replace("\t", " ")


def text_lines(text: str) -> list[str]:
    """The lines of a text, as typed (empty lines kept)."""
    return normalise_breaks(text).split("\n")


def _classify(ch: str, coverage: GlyphCoverage) -> int:
    if ch in coverage.serif:
        return _SERIF
    category = unicodedata.category(ch)
    if ch == "\u00ad":
        return _SERIF  # a soft hyphen: where a word may break (shown only when it does)
    if category == "Cf" or ch in _DROPPED:
        return _NONE
    if category in ("Cc", "Cs", "Co", "Cn"):
        return _CODE
    if ch in coverage.symbols:
        return _SYMBOL
    if ch in coverage.emoji:
        return _EMOJI
    return _CODE


_FACES = {_SYMBOL: SYMBOLS, _EMOJI: EMOJI}


def code_form(ch: str) -> str:
    """The visible stand-in for a character the fonts cannot draw: ``[U+1F600]``."""
    return f"[U+{ord(ch):04X}]"


def to_markup(text: str) -> str:
    """Paragraph markup that prints ``text`` as typed; line breaks become ``<br/>``."""
    coverage = register_fonts()
    text = normalise_breaks(text)
    if coverage.serif.issuperset(text.replace("\n", "")):
        return escape(text).replace("\n", "<br/>")
    out: list[str] = []
    face = ""  # the fallback face the text is in now ("" for the serif)
    for ch in text:
        kind = _SERIF if ch == "\n" else _classify(ch, coverage)
        if kind == _NONE:
            continue
        wanted = _FACES.get(kind, "")
        if wanted != face:
            out.append(("</font>" if face else "")
                       + (f'<font face="{wanted}">' if wanted else ""))
            face = wanted
        if ch == "\n":
            out.append("<br/>")
        elif kind == _CODE:
            out.append(code_form(ch))
        else:
            out.append(escape(ch))
    if face:
        out.append("</font>")
    return "".join(out)


def to_plain(text: str, limit: int = 0) -> str:
    """A one-line text the serif font can draw (for the QR payload and PDF metadata);
    cut to ``limit`` characters with an ellipsis when ``limit`` is set."""
    coverage = register_fonts()
    flat = " ".join(normalise_breaks(text).split("\n"))
    kinds = ((ch, _classify(ch, coverage)) for ch in flat)
    plain = "".join(ch if kind == _SERIF else code_form(ch)
                    for ch, kind in kinds if kind != _NONE)
    if limit and len(plain) > limit:
        return plain[: limit - 1] + "…"
    return plain


def cell_pieces(text: str, width: float, style: ParagraphStyle, max_height: float) -> list[str]:
    """Cut a text into pieces that each fit one table cell of ``width`` no taller than
    ``max_height``; a short text comes back whole."""
    text = normalise_breaks(text)
    per_line = max(4, int(width / (style.fontSize * 0.5)))
    max_lines = max(1, int(max_height / style.leading))
    if fits_unmeasured(to_markup(text), per_line, max_lines):
        return [text]
    # A first cut by an estimate of characters per line, then every piece is measured and
    # halved until it fits: the estimate is cheap, the measurement is what reportlab will do.
    pieces: list[str] = []
    for piece in _estimate_pieces(text, per_line, max_lines):
        pieces.extend(_fit(piece, width, style, max_height))
    return pieces or [""]


def fits_unmeasured(markup: str, per_line: int, max_lines: int) -> bool:
    """Whether a cell's markup surely fits without measuring it: even counted generously
    (every tag and every [U+…] stand-in as if printed, each line break a line), it would
    fill no more than half the lines a cell may have."""
    return markup.count("<br/>") + len(markup) / per_line <= max_lines / 2


def _estimate_pieces(text: str, per_line: int, max_lines: int) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for line in text.split("\n"):
        while True:
            room = (max_lines - used) * per_line
            if len(line) <= room:
                current.append(line)
                used += max(1, math.ceil(len(line) / per_line))
                break
            cut = _cut_point(line, room)
            current.append(line[:cut])
            pieces.append("\n".join(current))
            current, used, line = [], 0, line[cut:].lstrip(" ")
        if used >= max_lines:
            pieces.append("\n".join(current))
            current, used = [], 0
    if current:
        pieces.append("\n".join(current))
    return pieces


def _cut_point(line: str, room: int) -> int:
    """Where to cut a line that is too long: at the last space before ``room`` if there is
    one in its second half, else at ``room`` (a long word is cut anywhere)."""
    room = max(1, room)
    space = line.rfind(" ", 0, room)
    return space if space > room // 2 else room


def _fit(piece: str, width: float, style: ParagraphStyle, max_height: float) -> list[str]:
    _, height = Paragraph(to_markup(piece), style).wrap(width, max_height * 10)
    if height <= max_height or len(piece) <= 1:
        return [piece]
    half = _cut_point(piece, len(piece) // 2)
    head, tail = piece[:half], piece[half:].lstrip(" ")
    return _fit(head, width, style, max_height) + _fit(tail, width, style, max_height)
