"""Finding people's names in free text, as a reader sees them, so a report can withhold them.

The rules (docs/reports.md repeats them for users):

- Text is matched as it reads, not as it is encoded: invisible format characters (a
  right-to-left mark, a zero-width joiner or space pasted from a messenger) are ignored,
  compatibility forms and decomposed letters are normalised (NFKC), case is folded, and each
  word is folded like the search index folds it (:func:`~advocate.model.text.search_fold`: Kazakh
  and Russian letters, Latin transliterations and look-alike letters agree). Every position
  found maps back to the text as typed, so what is replaced is exactly the characters typed.
- A word is a form of a person's name part only when it is that part with a case ending of
  Kazakh (added to the whole name: "Айгүлге", "Сәрсенқұловтың", "Өмірбекқызының") or of Russian
  (on the stem the name declines on: "Айгулю", "Сәрсенқұловой", "Маратовичем"). A word that merely
  starts like a name ("Айгерімбек" for "Айгерім") is not one.
- Adjacent name words make one mention; the people it can belong to are those every word of it
  fits. A mention that fits one person is theirs; one that fits several (a shared surname, a
  father's name that is also a child's patronymic) is ambiguous, and a report never gives it
  one person's label.
- Matching is linear in the length of the text and of the names: each word is looked up in a
  table by its possible stems, never tried against a pattern per name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import product

from advocate.model.text import search_fold

MIN_PART = 3  # shorter name parts ("Ли", initials) would catch ordinary words
# Words that are part of a Kazakh or Turkic name but name nobody ("son of", "daughter of").
_GENERIC = frozenset(search_fold(w) for w in (
    "ұлы", "қызы", "улы", "кызы", "uly", "kyzy", "оглы", "кизи", "гызы", "угли", "ogly"))
_WORD = re.compile(r"\w+")
_PATRONYMIC_ENDINGS = ("ұлы", "қызы", "улы", "кызы", "ович", "евич", "овна", "евна", "ична",
                       "ич", "uly", "kyzy")
_INITIAL_BEFORE = re.compile(r"(?<!\w)(\w)\.\s*\Z")


def _fold_all(endings: Iterable[str]) -> frozenset[str]:
    """Folded endings; an ending that folds to start with "i" also stands without it, since
    the fold merges a run of i (a stem "Дмитри" + "я" folds to "dmitri" + "a")."""
    out: set[str] = set()
    for ending in endings:
        folded = search_fold(ending) if ending else ""
        out.add(folded)
        out.add(folded.lstrip("i"))
    return frozenset(out)


def _kazakh_endings() -> frozenset[str]:
    plural = ("", "лар", "лер", "дар", "дер", "тар", "тер")
    case = ("", "ға", "ге", "қа", "ке", "ның", "нің", "дың", "дің", "тың", "тің", "ны", "ні",
            "ды", "ді", "ты", "ті", "да", "де", "та", "те", "дан", "ден", "тан", "тен", "нан",
            "нен", "мен", "бен", "пен", "ша", "ше", "дай", "дей", "тай", "тей", "дағы",
            "дегі", "тағы", "тегі")
    possessive = ("ы", "і", "сы", "сі", "ым", "ім", "м", "ың", "ің", "ң")
    after_possessive = ("", "на", "не", "н", "ның", "нің", "нда", "нде", "нан", "нен",
                        "мен", "ымен", "імен", "а", "е", "ды", "ді", "да", "де", "дан", "ден")
    forms = {p + c for p, c in product(plural, case)}
    forms |= {p + s + c for p, s, c in product(plural, possessive, after_possessive)}
    return _fold_all(forms)


# Russian endings by what the name part ends in; the stem is the part less that letter.
_RU_A = _fold_all(("а", "ы", "и", "е", "у", "ой", "ою", "ей", "ею", "ю", "я"))
_RU_SHORT_I = _fold_all(("й", "я", "ю", "ем", "е", "и", "ём"))
_RU_SOFT = _fold_all(("ь", "и", "ю", "ью", "я", "ем", "е", "ей"))
_RU_CONSONANT = _fold_all(("", "а", "у", "ом", "ем", "ым", "им", "е", "ы", "и", "ых", "ыми",
                           "ов", "ам", "ами", "ах"))
_KK = _kazakh_endings()
_KK_OR_RU = _KK | _RU_CONSONANT
_MAX_ENDING = max(len(e) for e in (*_KK, *_RU_A, *_RU_CONSONANT, *_RU_SOFT, *_RU_SHORT_I))
_VOWELS = frozenset("аәеёиоөуүұыіэюяaeiouy")


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as it is matched, and for each of its characters the index in ``text`` of the
    character it came from (one more entry: ``len(text)``).

    Format characters (category Cf: RLM, LRM, ZWJ, ZWNJ, ZWSP, BOM, soft hyphen …) are dropped;
    each base character with its combining marks is put in NFKC and case-folded.
    """
    if text.isascii():
        return text.lower(), list(range(len(text) + 1))
    if not _format_chars().search(text) and unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()
        if len(folded) == len(text):  # nothing to map: the common case, done in C
            return folded, list(range(len(text) + 1))
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(text)
    category, combining = unicodedata.category, unicodedata.combining
    while i < n:
        ch = text[i]
        if category(ch) == "Cf":
            i += 1
            continue
        j = i + 1
        while j < n and (combining(text[j]) or category(text[j]) == "Cf"):
            j += 1
        cluster = text[i:j] if j == i + 1 else "".join(
            c for c in text[i:j] if category(c) != "Cf")
        folded = unicodedata.normalize("NFKC", cluster).casefold()
        out.append(folded)
        origin.extend([i] * len(folded))
        i = j
    origin.append(n)
    return "".join(out), origin


@cache
def _format_chars() -> re.Pattern[str]:
    """Every format character (category Cf) Unicode defines, as one character class."""
    chars = "".join(chr(c) for c in range(0x110000)
                    if unicodedata.category(chr(c)) == "Cf")
    return re.compile("[" + re.escape(chars) + "]")


def name_parts(full_name: str) -> list[str]:
    """The words of a name worth looking for (three letters or more, not "ұлы"/"қызы"),
    case-folded and normalised, each once."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(normalise(full_name)[0]):
        if len(word) >= MIN_PART and not word.isdigit() and search_fold(word) not in _GENERIC:
            seen.setdefault(word, None)
    return list(seen)


def _stems(part: str) -> Iterator[tuple[str, frozenset[str]]]:
    """The stems a name part declines on, each with the endings it takes."""
    yield search_fold(part), (_KK if part[-1] in _VOWELS else _KK_OR_RU)
    last = part[-1]
    if last in "ая":
        yield search_fold(part[:-1]), _RU_A
    elif last == "й":
        yield search_fold(part[:-1]), _RU_SHORT_I
    elif last == "ь":
        yield search_fold(part[:-1]), _RU_SOFT


@dataclass(frozen=True, slots=True)
class Mention:
    """Where in the typed text a run of name words is, and whom it can be."""

    start: int
    end: int
    people: frozenset[str]


class NameIndex:
    """Every name part of the people of a case, looked up by stem."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """``names``: (person id, full name) pairs."""
        self._stems: dict[str, list[tuple[str, frozenset[str]]]] = {}
        self._initials: dict[str, set[str]] = {}  # person → first letters of the name parts
        for pid, full_name in names:
            # A patronymic's initial follows the given name's ("М. С. Әлібеков"): only the
            # given name and surname are the initial a lone "М." can stand for.
            self._initials[pid] = {w[0] for w in _WORD.findall(normalise(full_name)[0])
                                   if not w.endswith(_PATRONYMIC_ENDINGS)}
            for part in name_parts(full_name):
                for stem, endings in _stems(part):
                    if len(stem) >= 2:
                        self._stems.setdefault(stem, []).append((pid, endings))

    def __bool__(self) -> bool:
        return bool(self._stems)

    def people_of(self, word: str) -> frozenset[str]:
        """Whose name part the (normalised) word can be a form of."""
        folded = search_fold(word)
        found: set[str] = set()
        for cut in range(len(folded), max(1, len(folded) - _MAX_ENDING) - 1, -1):
            entries = self._stems.get(folded[:cut])
            if entries:
                ending = folded[cut:]
                found.update(pid for pid, endings in entries if ending in endings)
        return frozenset(found)

    def mentions(self, normalised: str) -> Iterator[tuple[int, int, frozenset[str]]]:
        """Runs of adjacent name words in a normalised text: (start, end, people), positions in
        the normalised text. Words join a run while some person fits all of them; an initial
        just before a run ("М. Әлібеков") joins it and narrows it to whom it fits."""
        for start, end, people in self._runs(normalised):
            initial = _INITIAL_BEFORE.search(normalised, max(0, start - 8), start)
            if initial is not None:
                letter = initial.group(1)
                narrowed = frozenset(p for p in people if letter in self._initials.get(p, ()))
                if narrowed:
                    yield initial.start(), end, narrowed
                    continue
            yield start, end, people

    def _runs(self, normalised: str) -> Iterator[tuple[int, int, frozenset[str]]]:
        run_start = run_end = -1
        people: frozenset[str] = frozenset()
        for match in _WORD.finditer(normalised):
            word = match.group()
            fits = self.people_of(word) if len(word) >= MIN_PART else frozenset()
            joined = bool(fits and run_end >= 0
                          and not normalised[run_end:match.start()].strip()
                          and people & fits)
            if joined:
                people, run_end = people & fits, match.end()
                continue
            if run_end >= 0:
                yield run_start, run_end, people
                run_start = run_end = -1
            if fits:
                run_start, run_end, people = match.start(), match.end(), fits
        if run_end >= 0:
            yield run_start, run_end, people
