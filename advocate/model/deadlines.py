"""Due dates: when an answer from a state body is due, in calendar or working days.

Legal basis assumed
-------------------
A term counted in days starts on the day after the filing (the day of filing is not counted)
and, when its last day is not a working day, ends on the next working day. This is the rule of
the Civil Code (on calculating terms), the Civil Procedure Code (2015) and the Administrative
Procedure Code (2020) of the Republic of Kazakhstan on how procedural terms are counted and
when they end. A term in working days skips weekends, public holidays and the days off the
Government adds by decree, and counts decree working days (a working Saturday) as working.
Check the rule that applies to each kind of request: the code does not know which law governs
which request, only how to count.

The holiday calendar file
-------------------------
The calendar is data the user can edit, JSON (UTF-8); the bundled one is
``resources/holidays/kz.json``::

    {
      "format": "advocate-holiday-calendar",      # required, exactly this
      "version": 1,                                # format version, required, 1
      "country": "KZ", "name": "...", "updated": "2026-11-24",
      "source": "...", "note": "...",             # free text: where the data comes from
      "weekend": ["saturday", "sunday"],           # weekday names, at most six
      "fixed": [                                   # holidays on the same date every year
        {"name": "New Year", "month": 1, "day": 1, "moves_if_weekend": true,
         "first_year": 2022, "last_year": 2030,   # optional: the years the holiday exists
         "note": "..."}
      ],
      "movable": [                                 # holidays whose date changes (Kurban Ait)
        {"name": "Kurban Ait", "moves_if_weekend": false, "note": "...",
         "dates": ["2025-06-06", "..."]}
      ],
      "years": {                                   # per year, the Government's transfers
        "2025": {"extra_days_off": ["2025-01-03"], "working_days": ["2025-01-04"],
                 "note": "..."}
      }
    }

A holiday with ``moves_if_weekend`` that falls on a weekend gives the next day off that is
neither a weekend nor another holiday nor already taken by an earlier move (so 22 and 23 March
on Saturday and Sunday give Monday and Tuesday). Religious holidays (Orthodox Christmas,
Kurban Ait) are not moved. ``extra_days_off`` and ``working_days`` override everything else.
Unknown keys are refused so that a typing mistake cannot silently drop a day off; ``note``
is allowed on every object.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from advocate.errors import ValidationError
from advocate.i18n import N_
from advocate.resources import resources_dir

__all__ = [
    "FORMAT",
    "MAX_DAYS",
    "MIN_DAYS",
    "FixedHoliday",
    "HolidayCalendar",
    "MovableHoliday",
    "PeriodUnit",
    "default_calendar_path",
    "due_date",
    "working_days_between",
]

FORMAT = "advocate-holiday-calendar"
FORMAT_VERSION = 1
MIN_DAYS = 1
MAX_DAYS = 3650
_KIND = "holiday calendar"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ONE_DAY = timedelta(days=1)


class PeriodUnit(StrEnum):
    """Whether a term counts every day or only working days."""

    CALENDAR = "calendar"
    WORKING = "working"


@dataclass(frozen=True, slots=True)
class FixedHoliday:
    """A holiday on the same month and day every year it exists."""

    name: str
    month: int
    day: int
    moves_if_weekend: bool
    first_year: int | None = None
    last_year: int | None = None

    def date_in(self, year: int) -> date | None:
        """The holiday's date in ``year``, or None if it is not a holiday that year."""
        if self.first_year is not None and year < self.first_year:
            return None
        if self.last_year is not None and year > self.last_year:
            return None
        try:
            return date(year, self.month, self.day)
        except ValueError:  # 29 February outside a leap year
            return None


@dataclass(frozen=True, slots=True)
class MovableHoliday:
    """A holiday whose date is listed year by year (Kurban Ait follows the lunar calendar)."""

    name: str
    moves_if_weekend: bool
    dates: frozenset[date]


class HolidayCalendar:
    """Weekends, public holidays and decree transfers: which days are working days."""

    def __init__(
        self,
        *,
        fixed: Iterable[FixedHoliday] = (),
        movable: Iterable[MovableHoliday] = (),
        weekend: Iterable[int] = (5, 6),
        extra_days_off: Iterable[date] = (),
        working_days: Iterable[date] = (),
        source: str = "",
        note: str = "",
    ) -> None:
        self.fixed = tuple(fixed)
        self.movable = tuple(movable)
        self.weekend = frozenset(weekend)  # date.weekday() numbers, Monday = 0
        self.extra_days_off = frozenset(extra_days_off)
        self.working_days = frozenset(working_days)
        self.source = source
        self.note = note
        if len(self.weekend) > 6 or not self.weekend <= set(range(7)):
            raise ValidationError(
                "calendar.no_working_day", N_("A week must keep at least one working day."),
                field="weekend", record_kind=_KIND,
            )
        self._days_off: dict[int, frozenset[date]] = {}

    # --- loading -----------------------------------------------------------------------------

    @classmethod
    def default(cls) -> HolidayCalendar:
        """The calendar bundled with Advocate (the public holidays of Kazakhstan)."""
        return cls.load(default_calendar_path())

    @classmethod
    def load(cls, path: Path) -> HolidayCalendar:
        """Read a calendar file; a file that cannot be read or is malformed → ValidationError."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(
                "calendar.unreadable", N_("The holiday calendar {path} cannot be read ({reason})."),
                record_kind=_KIND, path=path, reason=str(exc),
            ) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                "calendar.not_json",
                N_("The holiday calendar {path} is not valid JSON (line {line}, column {column})."),
                record_kind=_KIND, path=path, line=exc.lineno, column=exc.colno, detail=exc.msg,
            ) from exc
        return cls.from_dict(data, origin=str(path))

    @classmethod
    def from_dict(cls, data: object, origin: str = "") -> HolidayCalendar:
        """Build a calendar from the parsed JSON; ``origin`` names it in error messages."""
        return _Parser(origin).calendar(data)

    # --- questions ---------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """True when ``d`` is a working day: not a weekend, holiday or day off by decree."""
        if d in self.working_days:
            return True
        if d in self._days_off_in(d.year):
            return False
        return d.weekday() not in self.weekend

    def holidays_in(self, year: int) -> set[date]:
        """Every day of ``year`` that is off because of the calendar rather than the weekend.

        That is the public holidays (also those on a weekend), the days they move to, and the
        decree's extra days off, less the decree's working days.
        """
        return set(self._days_off_in(year))

    def covers(self, year: int) -> bool:
        """True when every movable holiday has a date listed for ``year``.

        Outside such years only the fixed holidays count, so the UI should warn that due dates
        may be a day early.
        """
        return all(any(d.year == year for d in h.dates) for h in self.movable)

    def _days_off_in(self, year: int) -> frozenset[date]:
        cached = self._days_off.get(year)
        if cached is None:
            cached = self._compute_days_off(year)
            self._days_off[year] = cached
        return cached

    def _compute_days_off(self, year: int) -> frozenset[date]:
        # The previous year is included because a holiday late in December that falls on a
        # weekend may move into January; the next year only so a move never lands on a holiday.
        holidays: dict[date, bool] = {}
        for y in (year - 1, year, year + 1):
            for d, moves in self._holidays_of(y):
                holidays[d] = holidays.get(d, False) or moves
        taken = set(holidays)
        for d in sorted(holidays):
            if d.year > year:
                break
            if holidays[d] and d.weekday() in self.weekend:
                target = d + _ONE_DAY
                while target.weekday() in self.weekend or target in taken:
                    target += _ONE_DAY
                taken.add(target)
        days_off = {d for d in taken if d.year == year}
        days_off |= {d for d in self.extra_days_off if d.year == year}
        return frozenset(days_off - self.working_days)

    def _holidays_of(self, year: int) -> Iterable[tuple[date, bool]]:
        for fixed in self.fixed:
            d = fixed.date_in(year)
            if d is not None:
                yield d, fixed.moves_if_weekend
        for movable in self.movable:
            for d in movable.dates:
                if d.year == year:
                    yield d, movable.moves_if_weekend


def default_calendar_path() -> Path:
    """Where the bundled calendar of Kazakhstan's public holidays lives."""
    return resources_dir() / "holidays" / "kz.json"


# --- counting --------------------------------------------------------------------------------


def due_date(filed: date, days: int, unit: PeriodUnit, calendar: HolidayCalendar) -> date:
    """The last day of a term of ``days`` calendar or working days from ``filed``.

    Calendar days: ``filed + days``, moved forward to the next working day if that is not one.
    Working days: the ``days``-th working day after ``filed``. The day of filing never counts.
    ``days`` must be 1–3650; anything else, or a date too late to count to, → ValidationError.
    """
    if isinstance(days, bool) or not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
        raise ValidationError(
            "term.days_out_of_range", N_("A term must be {low}–{high} days, not {value}."),
            field="days", low=MIN_DAYS, high=MAX_DAYS, value=repr(days)[:40],
        )
    try:
        unit = PeriodUnit(unit)
    except ValueError:
        raise ValidationError(
            "term.bad_unit", N_("A term is counted in calendar or working days, not {value}."),
            field="unit", value=repr(unit)[:40],
        ) from None
    try:
        if unit is PeriodUnit.CALENDAR:
            return _next_working_day(filed + timedelta(days=days), calendar)
        due = filed
        for _ in range(days):
            due = _next_working_day(due + _ONE_DAY, calendar)
        return due
    except OverflowError:
        raise ValidationError(
            "term.overflow",
            N_("A term of {days} days from {filed} ends past the last date the calendar can hold."),
            field="filed", days=days, filed=filed.isoformat(),
        ) from None


# A week keeps at least one working day, and no real calendar lists a year of holidays in a
# row; the bound only turns a calendar that is broken that way into an error, not a hang.
_SEARCH_LIMIT = 3 * 366


def _next_working_day(d: date, calendar: HolidayCalendar) -> date:
    """``d`` itself if it is a working day, else the first working day after it."""
    for _ in range(_SEARCH_LIMIT):
        if calendar.is_working_day(d):
            return d
        d += _ONE_DAY
    raise ValidationError(
        "calendar.no_working_day_found",
        N_("The holiday calendar has no working day in the {limit} days before {date}."),
        record_kind=_KIND, limit=_SEARCH_LIMIT, date=d.isoformat(),
    )


def working_days_between(a: date, b: date, calendar: HolidayCalendar) -> int:
    """The number of working days after ``a`` up to and including ``b``.

    So ``working_days_between(filed, due_date(filed, n, WORKING, cal), cal) == n``. When ``b``
    is before ``a`` the count is negative: ``-working_days_between(b, a)``.
    """
    if b < a:
        return -working_days_between(b, a, calendar)
    count = 0
    d = a
    while d < b:  # not "d + 1 <= b": that would overflow at date.max
        d += _ONE_DAY
        if calendar.is_working_day(d):
            count += 1
    return count


# --- parsing ---------------------------------------------------------------------------------

_TOP_KEYS = {"format", "version", "country", "name", "updated", "source", "note", "weekend",
             "fixed", "movable", "years"}
_FIXED_KEYS = {"name", "month", "day", "moves_if_weekend", "first_year", "last_year", "note"}
_MOVABLE_KEYS = {"name", "moves_if_weekend", "dates", "note"}
_YEAR_KEYS = {"extra_days_off", "working_days", "note"}


class _Parser:
    """Checks a parsed calendar file, naming the exact place of the first problem."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, code: str, template: str, **params: Any) -> ValidationError:
        """The error ``code`` at the JSON path ``where`` of the calendar file."""
        place = f"{self.origin}: {where}" if self.origin else where
        return ValidationError(code, template, field=where, record_kind=_KIND, where=place,
                               **params)

    def calendar(self, data: object) -> HolidayCalendar:
        """The whole file."""
        top = self.mapping(data, "(top)", _TOP_KEYS)
        if top.get("format") != FORMAT:
            raise self.fail("format", "calendar.bad_format",
                            N_("The format must be \"{expected}\"."),
                            expected=FORMAT)
        version = top.get("version")
        if version != FORMAT_VERSION or isinstance(version, bool):
            raise self.fail("version", "calendar.bad_version",
                            N_("The version must be {expected}; this Advocate reads no other."),
                            expected=FORMAT_VERSION)
        weekend = [self.weekday(v, f"weekend[{i}]") for i, v in
                   enumerate(self.array(top.get("weekend", ["saturday", "sunday"]), "weekend"))]
        fixed = [self.fixed(v, f"fixed[{i}]")
                 for i, v in enumerate(self.array(top.get("fixed", []), "fixed"))]
        movable = [self.movable(v, f"movable[{i}]")
                   for i, v in enumerate(self.array(top.get("movable", []), "movable"))]
        extra: list[date] = []
        working: list[date] = []
        years = self.mapping(top.get("years", {}), "years", None)
        for key, entry in years.items():
            year_extra, year_working = self.year(key, entry, f"years.{key}")
            extra += year_extra
            working += year_working
        if len(set(weekend)) == 7:
            raise self.fail("weekend", "calendar.no_working_day",
                            N_("A week must keep at least one working day."))
        return HolidayCalendar(
            fixed=fixed, movable=movable, weekend=weekend, extra_days_off=extra,
            working_days=working, source=self.text(top.get("source", ""), "source"),
            note=self.text(top.get("note", ""), "note"),
        )

    def fixed(self, data: object, where: str) -> FixedHoliday:
        """One entry of ``fixed``."""
        entry = self.mapping(data, where, _FIXED_KEYS)
        month = self.integer(entry.get("month"), f"{where}.month", 1, 12)
        day = self.integer(entry.get("day"), f"{where}.day", 1, 31)
        try:
            date(2000, month, day)  # a leap year, so 29 February is allowed
        except ValueError:
            raise self.fail(f"{where}.day", "calendar.no_such_day",
                            N_("Month {month} has no day {day}."), month=month, day=day) from None
        first = entry.get("first_year")
        last = entry.get("last_year")
        return FixedHoliday(
            name=self.text(entry.get("name"), f"{where}.name", required=True),
            month=month,
            day=day,
            moves_if_weekend=self.flag(entry.get("moves_if_weekend"), f"{where}.moves_if_weekend"),
            first_year=None if first is None else self.integer(first, f"{where}.first_year"),
            last_year=None if last is None else self.integer(last, f"{where}.last_year"),
        )

    def movable(self, data: object, where: str) -> MovableHoliday:
        """One entry of ``movable``."""
        entry = self.mapping(data, where, _MOVABLE_KEYS)
        dates = self.array(entry.get("dates"), f"{where}.dates")
        return MovableHoliday(
            name=self.text(entry.get("name"), f"{where}.name", required=True),
            moves_if_weekend=self.flag(entry.get("moves_if_weekend"), f"{where}.moves_if_weekend"),
            dates=frozenset(self.day(v, f"{where}.dates[{i}]") for i, v in enumerate(dates)),
        )

    def year(self, key: str, data: object, where: str) -> tuple[list[date], list[date]]:
        """One entry of ``years``: its extra days off and its working days."""
        if not re.fullmatch(r"\d{4}", key):
            raise self.fail(where, "calendar.bad_year_key",
                            N_("The key must be a year such as \"2025\"."))
        entry = self.mapping(data, where, _YEAR_KEYS)
        lists: list[list[date]] = []
        for name in ("extra_days_off", "working_days"):
            values = self.array(entry.get(name, []), f"{where}.{name}")
            days = [self.day(v, f"{where}.{name}[{i}]") for i, v in enumerate(values)]
            for i, d in enumerate(days):
                if d.year != int(key):
                    raise self.fail(f"{where}.{name}[{i}]", "calendar.wrong_year",
                                    N_("{date} is not in {year}."), date=d.isoformat(), year=key)
            lists.append(days)
        both = set(lists[0]) & set(lists[1])
        if both:
            raise self.fail(where, "calendar.day_off_and_working",
                            N_("{date} is both a day off and a working day."),
                            date=min(both).isoformat())
        return lists[0], lists[1]

    # --- values ------------------------------------------------------------------------------

    def mapping(self, data: object, where: str, keys: set[str] | None) -> Mapping[str, Any]:
        """An object, with only the ``keys`` allowed (any keys when None)."""
        if not isinstance(data, dict):
            raise self.fail(where, "calendar.not_an_object", N_("This must be a JSON object."))
        if keys is not None:
            unknown = sorted(set(data) - keys)
            if unknown:
                raise self.fail(where, "calendar.unknown_key",
                                N_("Unknown key '{key}' (allowed: {allowed})."),
                                key=unknown[0][:40], allowed=", ".join(sorted(keys)))
        return data

    def array(self, data: object, where: str) -> list[Any]:
        """A list."""
        if not isinstance(data, list):
            raise self.fail(where, "calendar.not_a_list", N_("This must be a JSON list."))
        return data

    def integer(self, data: object, where: str, lo: int = 1, hi: int = 9999) -> int:
        """A whole number in lo..hi."""
        if isinstance(data, bool) or not isinstance(data, int) or not lo <= data <= hi:
            raise self.fail(where, "calendar.bad_integer",
                            N_("This must be a whole number {low}–{high}, not {value}."),
                            low=lo, high=hi, value=repr(data)[:40])
        return data

    def flag(self, data: object, where: str) -> bool:
        """true or false (required: whether a holiday moves is never guessed)."""
        if not isinstance(data, bool):
            raise self.fail(where, "calendar.bad_flag",
                            N_("This must be true or false, not {value}."),
                            value=repr(data)[:40])
        return data

    def text(self, data: object, where: str, required: bool = False) -> str:
        """A string, non-empty when required."""
        if not isinstance(data, str) or (required and not data.strip()):
            if required:
                raise self.fail(where, "calendar.empty_text", N_("This must be a non-empty text."))
            raise self.fail(where, "calendar.not_text", N_("This must be text."))
        return data

    def day(self, data: object, where: str) -> date:
        """A date written YYYY-MM-DD."""
        if isinstance(data, str) and _ISO_DATE.match(data):
            try:
                return date.fromisoformat(data)
            except ValueError:
                pass
        raise self.fail(where, "calendar.bad_date",
                        N_("This must be a date written YYYY-MM-DD, not {value}."),
                        value=repr(data)[:40])

    def weekday(self, data: object, where: str) -> int:
        """A weekday name, as a date.weekday() number."""
        if not isinstance(data, str) or data.lower() not in _WEEKDAYS:
            raise self.fail(where, "calendar.bad_weekday",
                            N_("This must be a weekday name such as \"saturday\", not {value}."),
                            value=repr(data)[:40])
        return _WEEKDAYS.index(data.lower())
