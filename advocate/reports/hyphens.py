"""Hyphenation for the reports, so a word that must break in a narrow table cell breaks at a
syllable with a hyphen ("қанағаттан-дырылды"), never mid-syllable without one.

Russian and English use pyphen's dictionaries (the LibreOffice patterns). Kazakh has no
pyphen dictionary; its syllables are regular (a syllable is a vowel with the consonants
before it, one consonant going to the next syllable), so a short rule does: break before the
last consonant between two vowels. The same rule serves the Russian words of a Kazakh text.

reportlab asks the hyphenator for a word's (head, tail) pairs, longest head first. It only
asks for words of letters it knows: basic Cyrillic, not ә, ғ, қ, ң, ө, ұ, ү, һ, і or ё, so
:func:`install` widens that set.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import pairwise

import pyphen  # type: ignore[import-untyped]
from reportlab.platypus import paragraph as _paragraph

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]

_VOWELS = frozenset("аәеёиоөуұүыіэюяАӘЕЁИОӨУҰҮЫІЭЮЯ")
_STAYS_BEHIND = frozenset("ьъйЬЪЙ")  # never start a syllable
_MIN = 2  # letters kept on either side of a break
# A longer "word" is a hash, a link or a keyboard mash: reportlab breaks it where it must
# (asking for syllables there would cost time quadratic in its length).
_MAX_WORD = 40
_PYPHEN = {"ru": "ru_RU", "en": "en_US"}


def kazakh_breaks(word: str) -> list[int]:
    """The places a Kazakh (or Russian) word may break, in increasing order."""
    vowels = [i for i, ch in enumerate(word) if ch in _VOWELS]
    breaks: list[int] = []
    for left, right in pairwise(vowels):
        at = right - 1 if right - left > 1 else right
        while at < right and word[at] in _STAYS_BEHIND:
            at += 1
        if _MIN <= at <= len(word) - _MIN and (not breaks or at > breaks[-1]):
            breaks.append(at)
    return breaks


def _kazakh(word: str) -> Iterator[tuple[str, str]]:
    if len(word) > _MAX_WORD:
        return
    for at in reversed(kazakh_breaks(word)):
        yield word[:at], word[at:]


@cache
def hyphenator(lang: str) -> Hyphenator:
    """The hyphenator of a report language."""
    if lang in _PYPHEN:
        dictionary = pyphen.Pyphen(lang=_PYPHEN[lang])

        def both(word: str) -> Iterator[tuple[str, str]]:
            if len(word) > _MAX_WORD:
                return
            # Kazakh names and words inside a Russian text are not in the dictionary.
            pairs = list(dictionary.iterate(word))
            yield from pairs if pairs or not _has_kazakh(word) else _kazakh(word)

        return both
    return _kazakh


def _has_kazakh(word: str) -> bool:
    return any(ch in "әғқңөұүһіӘҒҚҢӨҰҮҺІ" for ch in word)


_installed = False


def install() -> None:
    """Let reportlab hyphenate every Cyrillic word, Kazakh letters and ё included.

    note: reportlab decides which words may be hyphenated by a module-level pattern of
    letters; the pattern is widened once per process (only letters are added).
    """
    global _installed
    if _installed:
        return
    letters = _paragraph._hy_letters + "\u0400-\u04ff"
    _paragraph._hy_letters_pat = re.compile(f"^[{letters}]+$")
    _paragraph._hy_shy_letters_pat = re.compile(f"^[{_paragraph._hy_shy}{letters}]+$")
    _installed = True
