"""Text as Advocate stores it and searches it.

Two jobs live here:

* :func:`normalize_text` is the gate every stored string passes: NFC normalisation, and a refusal
  of the characters SQLite and the interchange format cannot carry (NUL, lone surrogates).
  Everything else — right-to-left marks, emoji, ``<`` and ``&`` — is kept exactly as typed.
* :func:`search_fold` turns text into a search skeleton so that one name written in Kazakh
  Cyrillic, in the 2021 Kazakh Latin alphabet, or in the diacritic-free Latin people type on
  phones, folds to one string. The store indexes the fold of each text (SQLite FTS5, tokenizer
  ``unicode61``) and :func:`fts_match_expression` folds the query the same way, so only equality
  of folds matters, never their readability.

The fold, in the order it is applied:

1. NFC, then ``str.casefold`` (``İ`` becomes ``i`` + a combining dot, dropped in step 3).
2. Latin ``x`` becomes ``ks`` ("Alexandr"/"Александр"). This frees ``x`` and, with step 3,
   ``q`` and ``y``: no folded text contains them except as the tokens below.
3. One table (``str.translate``) maps each letter:

   - Cyrillic: а→a ә→a б→b в→v г→g ғ→g д→d е→e ё→e ж→j з→z и→i й→i і→i к→k қ→k л→l м→m
     н→n ң→n о→o ө→o п→p р→r с→s т→t у→u ұ→u ү→u ф→f х→h һ→h ц→ts **ч→q ш→x щ→x** ы→i
     э→e ю→iu я→ia; ъ and ь are dropped (so "мать" and "мат" fold equal — accepted: the soft
     sign is the letter people most often leave out or misplace); Ukrainian/Belarusian ї є ґ ў
     fold to i e g u.
   - Latin: q→k, y→i, ı→i; every letter with a diacritic loses it (ä→a, ğ→g, ñ→n, ö→o, ū→u,
     ü→u, ī→i, ï→i, and the 2018 alphabet's á ǵ ń ó ú) except **ş/ș→x, ç→q** and ý→u (the
     2018 alphabet's у); ŋ→n, ə→a.
   - Combining marks U+0300–U+036F are dropped.

   Merging i, y, ı, и, й, і and ы is deliberate: the 2021 alphabet writes і as I/ı and и as
   İ/i, which clashes with ordinary Latin case, and phones write ы, й and the glide of я/ю as
   "y" or "i" interchangeably. Likewise q/қ with k/к and ğ/ғ with g/г.
4. Digraphs, longest first, become the token their Cyrillic letter got in step 3:

   ======== ======= ==============================================
   digraph  token   same token from
   ======== ======= ==============================================
   ``shch`` ``x``   щ
   ``zh``   ``j``   ж, 2021 J j
   ``sh``   ``x``   ш, щ, 2021 Ş ş
   ``ch``   ``q``   ч, Ç ç
   ``kh``   ``h``   х, һ, 2021 H h
   ======== ======= ==============================================

   Running this after the table means a digraph spelled with Cyrillic letters folds like the
   Latin one ("асхана" and "ashana" both give ``axana``): the rule is the same for both sides.
5. A run of "i" becomes one "i" ("Әлия" → "aliia" → "alia", like "Älia"; "Дмитрий",
   "Dmitriy", "Dmitry" → "dmitri"). Other doubled letters are kept: they are spelling, not
   script ("Жанна"/"Zhanna" agree; "Ассель"/"Asel" do not).
6. A word-initial "ie" becomes "e" ("Yerlan"/"Ерлан"/"Erlan").

Examples: "Әлия", "Älia", "Aliya" → ``alia``; "Қайрат", "Qairat", "Kairat" → ``kairat``;
"Шолпан", "Şolpan", "Sholpan" → ``xolpan``; "Жанна", "Janna", "Zhanna" → ``janna``. Vowels stay
apart: "Асан" → ``asan`` but "Осан" → ``osan``. Other scripts (Arabic, Chinese …) are only
case-folded.

Every step maps a letter to letters (or to nothing inside a word), so word boundaries and
digits survive: the fold of a text has the words of the text, in order. Latin and Cyrillic
fold to plain ASCII, which FTS5's ``unicode61`` tokenizer leaves alone. Each step is a C-speed
string method or one regular expression; keeping ASCII input on ``str.translate``'s ASCII
fast path (every ASCII entry maps to one ASCII letter) is what makes English text fast.
"""

from __future__ import annotations

import re
import unicodedata

from advocate.errors import ValidationError
from advocate.i18n import N_

__all__ = [
    "MAX_TERMS",
    "MAX_TERM_LENGTH",
    "fts_match_expression",
    "normalize_text",
    "search_fold",
    "search_terms",
]

# --- storing ---------------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize_text(s: str, field: str = "") -> str:
    """Return ``s`` in NFC, the form all stored text takes.

    Raises :class:`ValidationError` (with ``field``) when ``s`` holds a NUL character or a lone
    surrogate: SQLite would cut the text at a NUL and cannot encode a surrogate, so either would
    silently lose what the user wrote.
    """
    if "\x00" in s:
        raise ValidationError(
            "text.nul",
            N_("The text contains a NUL character, which cannot be stored; remove it and try "
               "again."),
            field=field,
        )
    if not s.isascii() and _SURROGATE.search(s):
        raise ValidationError(
            "text.surrogate",
            N_("The text contains a broken character (an unpaired surrogate), which cannot be "
               "stored; retype it and try again."),
            field=field,
        )
    return unicodedata.normalize("NFC", s)


# --- folding ---------------------------------------------------------------------------------

_CYRILLIC: dict[str, str] = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "j", "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "q", "ш": "x", "щ": "x",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "ї": "i", "є": "e", "ґ": "g", "ў": "u",
}  # fmt: skip

# Plain Latin letters that merge with another. Each maps to one ASCII letter so that
# str.translate keeps its fast path for ASCII-only text (x → ks is a replace before the table).
_LATIN_BASE: dict[str, str] = {"q": "k", "y": "i"}

# Latin letters whose meaning is not "the base letter without its mark", or that have none.
_LATIN_SPECIAL: dict[str, str] = {
    "ş": "x", "ș": "x", "ç": "q", "ı": "i", "ŋ": "n", "ə": "a", "ɵ": "o", "ý": "u",
    "ł": "l", "ø": "o", "đ": "d", "ħ": "h",
}  # fmt: skip

# Digraphs, longest first: "shch" must win over "sh" + "ch", and "zh"/"sh"/"ch" must be taken
# before "kh" so that e.g. "shkh" is not read as "s" + "hkh".
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("shch", "x"),
    ("zh", "j"),
    ("sh", "x"),
    ("ch", "q"),
    ("kh", "h"),
)

# Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional.
_LATIN_RANGES = ((0x00C0, 0x0250), (0x1E00, 0x1F00))
_COMBINING = range(0x0300, 0x0370)


def _strip_marks(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    return "".join(c for c in decomposed if ord(c) not in _COMBINING)


def _build_table() -> list[int | str | None]:
    """The translate table, a list indexed by code point (faster than a dict for translate)."""
    mapping: dict[int, str] = {}
    for lo, hi in _LATIN_RANGES:
        for cp in range(lo, hi):
            ch = chr(cp)
            if ch != ch.casefold():
                continue  # casefold runs first: only lower-case letters reach the table
            base = _strip_marks(ch)
            if base != ch and base.isascii() and base.isalpha():
                # x → ks here too: "x" is the token of ш once the table has run.
                mapping[cp] = "".join(_LATIN_BASE.get(b, b) for b in base).replace("x", "ks")
    for ch, out in (_LATIN_BASE | _LATIN_SPECIAL | _CYRILLIC).items():
        mapping[ord(ch)] = out
    for cp in _COMBINING:
        mapping[cp] = ""
    table: list[int | str | None] = list(range(max(mapping) + 1))
    for cp, out in mapping.items():
        table[cp] = out if out else None
    return table


_TABLE = _build_table()
# "ie" not preceded by a word character: written this way (literal first, look-behind after)
# the regex engine can jump from one "ie" to the next instead of testing every position.
_INITIAL_IE = re.compile(r"ie(?<!\wie)")


def search_fold(s: str) -> str:
    """Fold ``s`` to its search skeleton (see the module docstring for the table).

    Two spellings of a name fold equal when they are the same name in Kazakh Cyrillic, the 2021
    Kazakh Latin alphabet, phone Latin or Russian Cyrillic, in any letter case. Words and digits
    keep their places. Fold the user's text, never a fold: the fold is not idempotent (the
    token ``x`` of ш would fold again to ``ks``).
    """
    folded = unicodedata.normalize("NFC", s).casefold()
    if "x" in folded:
        folded = folded.replace("x", "ks")
    folded = folded.translate(_TABLE)
    if "h" in folded:  # every digraph ends in "h"
        for digraph, token in _DIGRAPHS:
            folded = folded.replace(digraph, token)
    while "ii" in folded:
        folded = folded.replace("ii", "i")
    return _INITIAL_IE.sub("e", folded)


# --- querying --------------------------------------------------------------------------------

MAX_TERMS = 16
"""Query terms past this many are dropped: more would only slow FTS5 down, never narrow much."""

MAX_TERM_LENGTH = 64
"""Longer terms are cut; as prefix terms they then match a little more, never less."""

# What unicode61 keeps inside a token: letters, numbers and private-use characters. Everything
# else — including every FTS5 operator character (" * ^ : ( ) + - { }) — separates terms.
_TERM = re.compile(r"(?:[^\W_]|[\ue000-\uf8ff])+")


def search_terms(query: str) -> list[str]:
    """Split a user's query into folded terms, each safe inside an FTS5 string.

    A term holds only letters, digits and private-use characters, so no user text can become
    FTS5 syntax. Duplicates are dropped, at most :data:`MAX_TERMS` terms of at most
    :data:`MAX_TERM_LENGTH` characters are kept, and a query without word characters gives ``[]``.
    """
    terms: list[str] = []
    for match in _TERM.finditer(search_fold(query)):
        term = match.group()[:MAX_TERM_LENGTH]
        if term not in terms:
            terms.append(term)
            if len(terms) == MAX_TERMS:
                break
    return terms


def fts_match_expression(query: str) -> str | None:
    """Build the FTS5 ``MATCH`` string for ``query``: every term as a prefix, all required.

    ``"Қайрат Нұр"`` gives ``'"kairat"* "nur"*'``. Returns ``None`` when the query has no terms,
    so the caller can show "nothing to search for" instead of running an empty match.
    """
    terms = search_terms(query)
    if not terms:
        return None
    # _TERM lets no quote through; doubling them anyway keeps this safe if that ever changes.
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms)
