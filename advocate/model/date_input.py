"""Partial dates as people type them, in English, Russian and Kazakh, and back to words.

The vault stores partial dates in their EDTF text form (``advocate.model.dates``); people do not
type EDTF. This module reads what a lawyer writes in a form and says, in the user's language, what
it could not read::

    12.05.2018   2018-05-12   12 May 2018   12 мая 2018   2018 ж. 12 мамыр     a day
    05.2018      May 2018     май 2018      мамыр 2018    в мае 2018           a month
    2018         2018 г.      2018 ж.                                           a year
    about 2018   около мая 2018   шамамен 2018   2018~                          approximate
    2018–2019    2018-2019    May–July 2018   с 2018 по 2019   2018/2019        a range

Numeric dates are day first (12.05.2018 is the 12th of May), as everywhere in Kazakhstan; month
names are understood in all three languages whatever the interface language, since people paste
text from letters in either. ``format_partial_date`` writes a date back in a language so that
``parse_partial_date`` reads it again.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from advocate.errors import AdvocateError, ValidationError
from advocate.i18n import N_
from advocate.model.dates import MAX_YEAR, MIN_YEAR, PartialDate

__all__ = [
    "DateInputError",
    "DateOutOfRangeError",
    "DateRangeBackwardsError",
    "NoSuchDayError",
    "NotADayError",
    "UnreadableDateError",
    "format_partial_date",
    "parse_day",
    "parse_partial_date",
]


class DateInputError(ValidationError):
    """A typed date could not be read; subclasses say why."""

    code = "date_input.error"

    def __init__(self, **params: Any) -> None:
        AdvocateError.__init__(self, **params)
        self.field = ""
        self.record_kind = ""


class UnreadableDateError(DateInputError):
    """The text is not a date in any form the app reads."""

    code = "date_input.unreadable"
    template = N_("“{text}” is not a date. Write, for example, 12.05.2018, May 2018, 2018, "
                  "about 2018 or 2018–2019.")

    def __init__(self, text: str) -> None:
        super().__init__(text=text[:40])


class DateOutOfRangeError(DateInputError):
    """The year is outside what a case file can mean."""

    code = "date_input.year_out_of_range"
    template = N_("The year {year} is outside {low}–{high}.")

    def __init__(self, year: int) -> None:
        super().__init__(year=year, low=MIN_YEAR, high=MAX_YEAR)


class NoSuchDayError(DateInputError):
    """A day or month that the calendar does not have (31.02.2018, 13.2018)."""

    code = "date_input.no_such_day"
    template = N_("There is no such day or month: “{text}”.")

    def __init__(self, text: str) -> None:
        super().__init__(text=text[:40])


class NotADayError(DateInputError):
    """A field that needs one exact day got a month, a year, a range or an approximate date."""

    code = "date_input.not_a_day"
    template = N_("Write one exact day, for example 12.05.2018.")

    def __init__(self) -> None:
        super().__init__()


class DateRangeBackwardsError(DateInputError):
    """A range whose end comes before its start."""

    code = "date_input.range_backwards"
    template = N_("The period ends before it starts.")

    def __init__(self) -> None:
        super().__init__()


# Month words, any case, in the three languages (nominative, genitive, locative, abbreviations).
_MONTH_WORDS: tuple[tuple[str, ...], ...] = (
    ("january", "jan", "январь", "января", "январе", "янв", "қаңтар", "қаңтарда"),
    ("february", "feb", "февраль", "февраля", "феврале", "фев", "ақпан", "ақпанда"),
    ("march", "mar", "март", "марта", "марте", "мар", "наурыз", "наурызда"),
    ("april", "apr", "апрель", "апреля", "апреле", "апр", "сәуір", "сәуірде"),
    ("may", "май", "мая", "мае", "мамыр", "мамырда"),
    ("june", "jun", "июнь", "июня", "июне", "июн", "маусым", "маусымда"),
    ("july", "jul", "июль", "июля", "июле", "июл", "шілде", "шілдеде"),
    ("august", "aug", "август", "августа", "августе", "авг", "тамыз", "тамызда"),
    ("september", "sep", "sept", "сентябрь", "сентября", "сентябре", "сен", "сент",
     "қыркүйек", "қыркүйекте"),
    ("october", "oct", "октябрь", "октября", "октябре", "окт", "қазан", "қазанда"),
    ("november", "nov", "ноябрь", "ноября", "ноябре", "ноя", "нояб", "қараша", "қарашада"),
    ("december", "dec", "декабрь", "декабря", "декабре", "дек", "желтоқсан", "желтоқсанда"),
)
_MONTHS: dict[str, int] = {w: i + 1 for i, words in enumerate(_MONTH_WORDS) for w in words}
_APPROX = {"about", "around", "approx", "approximately", "circa", "ca", "c", "около",
           "примерно", "приблизительно", "ок", "шамамен", "шамасы", "шам", "~"}
# Words that say nothing about the date ("in", "year", "г.", "ж.", "жылы", "of").
_FILLER = {"in", "of", "the", "year", "в", "во", "г", "гг", "год", "года", "году", "ж", "жж",
           "жыл", "жылы", "жылғы", "жылдың", "on", "st", "nd", "rd", "th", "е", "го"}
_RANGE_SEPARATORS = re.compile(r"\s*[–—]\s*|\s+-\s+|\s+(?:to|till|until|до|по|дейін)\s+")
_RANGE_PREFIX = re.compile(r"^(?:from|between|с|со|от|между)\s+")
_RANGE_JOIN = re.compile(r"\s+(?:and|и|мен)\s+")
_YEAR_DASH_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
_NUMERIC = re.compile(r"^(?:(\d{1,2})[./])?(\d{1,2})[./](\d{4})$")
_TOKEN = re.compile(r"\d+|[^\W\d_]+|~", re.UNICODE)

# For writing dates back: month names per language (the form a date is written in).
_MONTH_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # (alone, with a day)
    "en": (("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"),) * 2,
    "ru": (("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
            "октябрь", "ноябрь", "декабрь"),
           ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
            "сентября", "октября", "ноября", "декабря")),
    "kk": (tuple(words[-2] for words in _MONTH_WORDS),) * 2,
}
_ABOUT = {"en": "about", "ru": "около", "kk": "шамамен"}


def parse_partial_date(text: str, lang: str = "en") -> PartialDate:
    """Read a date as a person types it (module docstring); raises a :class:`DateInputError`.

    ``lang`` is the interface language; every language's month names are read whatever it is.
    """
    del lang  # note: kept in the signature so a language-specific rule can be added without churn
    cleaned = " ".join(text.replace("\u00a0", " ").split()).strip().casefold()
    if not cleaned:
        raise UnreadableDateError(text)
    try:
        return PartialDate.parse(cleaned)  # EDTF / ISO: 2018-05-12, 2018-05~, 2018/2019
    except ValidationError:
        pass
    approximate = False
    for word in sorted(_APPROX, key=len, reverse=True):
        if cleaned.startswith(word + " ") or cleaned.startswith(word + ". "):
            approximate, cleaned = True, cleaned[len(word):].lstrip(". ")
            break
    if cleaned.endswith("~"):
        approximate, cleaned = True, cleaned[:-1].strip()
    cleaned = _RANGE_PREFIX.sub("", cleaned)
    parts = _split_range(cleaned)
    if len(parts) == 2:
        return _range(parts[0], parts[1], approximate, text)
    start = _single(cleaned, text)
    return _build(start, approximate, None, text)


def parse_day(text: str, lang: str = "en") -> date:
    """One exact day as typed (12.05.2018, 12 мая 2018); NotADayError for anything vaguer."""
    value = parse_partial_date(text, lang)
    day = value.exact()
    if day is None:
        raise NotADayError()
    return day


def _split_range(cleaned: str) -> list[str]:
    match = _YEAR_DASH_YEAR.match(cleaned)
    if match:
        return [match.group(1), match.group(2)]
    parts = _RANGE_SEPARATORS.split(cleaned, maxsplit=1)
    if len(parts) == 1:
        parts = _RANGE_JOIN.split(cleaned, maxsplit=1)
    return [p.strip() for p in parts if p.strip()]


def _range(first: str, second: str, approximate: bool, text: str) -> PartialDate:
    end = _single(second, text, in_range=True)
    start = _single(first, text, in_range=True)
    # "2018 ж. сәуір – мамыр": the end borrows the start's year.
    if end[0] is None:
        end = (start[0], end[1], end[2])
    if end[1] is None and end[2] is not None:
        raise UnreadableDateError(text)
    # "May–July 2018", "12–15 May 2018": the start borrows what the end says.
    year, month, day = start
    if year is None:
        year = end[0]
    if month is None and day is not None:
        month = end[1]
    end_date = _build(end, False, None, text)
    return _build((year, month, day), approximate, end_date, text)


def _single(part: str, text: str, *,
            in_range: bool = False) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of one date; the year may be missing inside a range's start."""
    numeric = _NUMERIC.match(part.replace(" ", ""))
    if numeric:
        day, month, year = numeric.groups()
        return int(year), int(month), int(day) if day else None
    year = month = day = None
    for token in _TOKEN.findall(part):
        if token in _FILLER:
            continue
        if token.isdigit() and len(token) == 4 and year is None:
            year = int(token)
        elif token.isdigit() and len(token) <= 2 and day is None:
            day = int(token)
        elif token in _MONTHS and month is None:
            month = _MONTHS[token]
        else:
            raise UnreadableDateError(text)
    if year is None and month is None and day is None:
        raise UnreadableDateError(text)
    if day is not None and month is None and not in_range:
        raise UnreadableDateError(text)
    return year, month, day


def _build(parts: tuple[int | None, int | None, int | None], approximate: bool,
           end: PartialDate | None, text: str) -> PartialDate:
    year, month, day = parts
    if year is None:
        raise UnreadableDateError(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateOutOfRangeError(year)
    try:
        return PartialDate(year, month, day, approximate=approximate, end=end)
    except ValidationError as exc:
        if end is not None and "ends before" in exc.message:
            raise DateRangeBackwardsError() from exc
        raise NoSuchDayError(text) from exc


def format_partial_date(value: PartialDate | None, lang: str = "en") -> str:
    """A partial date in words of a language ("12 May 2018", "около мая 2018", "2018–2019")."""
    if value is None:
        return ""
    lang = lang if lang in _MONTH_NAMES else "en"
    # note: Russian "около" takes the genitive: "около мая 2018", not "около май 2018".
    genitive = value.approximate and lang == "ru"
    if value.end is not None and value.end.year == value.year and value.month and value.end.month \
            and (value.day is None) == (value.end.day is None):
        words = _same_year_range(value, value.end, lang, genitive)
    else:
        words = _words(value, lang, genitive=genitive)
        if value.end is not None:
            words = f"{words} – {_words(value.end, lang, genitive=genitive)}"
    return f"{_ABOUT[lang]} {words}" if value.approximate else words


def _same_year_range(start: PartialDate, end: PartialDate, lang: str, genitive: bool) -> str:
    """"April – May 2023", "12–15 May 2018", "2023 ж. сәуір – мамыр" (the year said once)."""
    alone, with_day = _MONTH_NAMES[lang]
    names = with_day if (genitive or start.day is not None) else alone
    first, last = names[start.month - 1], names[end.month - 1]  # type: ignore[operator]
    if start.day is not None and start.month == end.month:
        span = f"{start.day}–{end.day} {last}"
    elif start.day is not None:
        span = f"{start.day} {first} – {end.day} {last}"
    else:
        span = f"{first} – {last}"
    return f"{start.year} ж. {span}" if lang == "kk" else f"{span} {start.year}"


def _words(value: PartialDate, lang: str, *, genitive: bool = False) -> str:
    alone, with_day = _MONTH_NAMES[lang]
    if genitive:
        alone = with_day
    if value.month is None:
        return f"{value.year}" if lang != "kk" else f"{value.year} ж."
    if value.day is None:
        name = alone[value.month - 1]
        return f"{name} {value.year}" if lang != "kk" else f"{value.year} ж. {name}"
    name = with_day[value.month - 1]
    if lang == "kk":
        return f"{value.year} ж. {value.day} {name}"
    return f"{value.day} {name} {value.year}"
