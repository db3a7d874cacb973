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
from functools import cache, lru_cache
from itertools import pairwise

import pyphen  # type: ignore[import-untyped]
from reportlab.platypus import paragraph as _paragraph

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]

_VOWELS = frozenset("аәеёиоөуұүыіэюяАӘЕЁИОӨУҰҮЫІЭЮЯaeiouyAEIOUY")
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
        if "-" in word[at - 1:at + 1]:
            continue  # never beside a hyphen the word already has
        if _MIN <= at <= len(word) - _MIN and (not breaks or at > breaks[-1]):
            breaks.append(at)
    # After a hyphen the word may always break ("Telegram-|аккаунт"), with no hyphen added.
    breaks += [i + 1 for i, ch in enumerate(word) if ch == "-" and 0 < i < len(word) - 1]
    return sorted(set(breaks))


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
            # Kazakh names, Latin words and compounds with a hyphen inside a Russian text are
            # not in the dictionary: the syllable rule serves them.
            heads = {len(head) for head, _ in dictionary.iterate(word)}
            heads |= {at for at in kazakh_breaks(word) if word[at - 1] == "-"}
            if not heads:
                heads = set(kazakh_breaks(word))
            for at in sorted(heads, reverse=True):
                yield word[:at], word[at:]

        return both
    return _kazakh


_LONG_WORD = re.compile(r"\w[\w-]{6,}")
SOFT_HYPHEN = "\u00ad"


def soft_hyphens(text: str, hyphenate: Hyphenator | None) -> str:
    """The text with a soft hyphen at every syllable break of its longer words.

    note: reportlab hyphenates a word that overflows a line it shares with other words, but
    a word wider than a whole narrow column, alone on its line, it cuts anywhere without a
    hyphen ("аккаун|т"); at a soft hyphen it breaks with one, wherever the word stands. None
    goes right after a hyphen the word has (reportlab would print two).
    """
    if hyphenate is None:
        return text
    return _LONG_WORD.sub(lambda match: _marked(hyphenate, match.group()), text)


@lru_cache(maxsize=1 << 16)
def _marked(hyphenate: Hyphenator, word: str) -> str:
    """The word with its soft hyphens.

    note: issue 14: cached, since a long complaint repeats its words (addressees, channels,
    the same phrases in every row): the dictionary lookups were a tenth of building its story.
    """
    cuts = sorted({len(head) for head, _ in hyphenate(word) if head and head[-1] != "-"})
    if not cuts:
        return word
    parts = [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]
    return SOFT_HYPHEN.join(parts)


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
