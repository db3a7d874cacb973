"""Partial and uncertain dates.

Dates of events in a case are often uncertain: "in March 2023", "around 2019", "between May and
July". A :class:`PartialDate` keeps what is known and no more. Its text form is the Extended
Date/Time Format (EDTF, ISO 8601-2) level 1 subset that everyone can read:

    2024-03-05       a day
    2024-03          a month
    2024             a year
    2024-03~         approximately March 2024 (``~`` = approximate)
    2024-03/2024-05  some time between March and May 2024 (a range)

The text form is what the interchange format and the database store.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from advocate.errors import ValidationError
from advocate.i18n import N_


class Precision(StrEnum):
    """How much of a date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(~)?$")
MIN_YEAR = 1900
MAX_YEAR = 2200


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a day, a month or a year, possibly approximate, possibly a range."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValidationError("date.year_out_of_range",
                                  N_("The year {year} is outside {first}–{last}."),
                                  year=self.year, first=MIN_YEAR, last=MAX_YEAR)
        if self.day is not None and self.month is None:
            raise ValidationError("date.day_without_month",
                                  N_("A date with a day must also have a month."))
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationError("date.no_such_month", N_("The month {month} does not exist."),
                                  month=self.month)
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValidationError("date.no_such_day",
                                      N_("{year}-{month:02d} has no day {day}."),
                                      year=self.year, month=self.month, day=self.day)
        if self.end is not None:
            if self.end.end is not None:
                raise ValidationError("date.nested_range", N_("A date range cannot be nested."))
            if self.end.earliest() < self.earliest():
                raise ValidationError("date.range_reversed",
                                      N_("A date range ends before it starts."))

    @property
    def precision(self) -> Precision:
        """The precision of the (start of the) date."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def earliest(self) -> date:
        """The first day the date (or range) may mean."""
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        """The last day the date (or range) may mean."""
        if self.end is not None:
            return self.end.latest()
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)

    def exact(self) -> date | None:
        """The day itself when the date is one exact day, else None."""
        if self.precision is Precision.DAY and not self.approximate and self.end is None:
            return self.earliest()
        return None

    def sort_key(self) -> str:
        """A string that sorts chronologically (earliest day first, then precision)."""
        return self.earliest().isoformat()

    def _single_text(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text + ("~" if self.approximate else "")

    def to_text(self) -> str:
        """The EDTF text form (see the module docstring)."""
        text = self._single_text()
        return f"{text}/{self.end._single_text()}" if self.end is not None else text

    def __str__(self) -> str:
        return self.to_text()

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read the EDTF text form; raises ValidationError on anything else."""
        text = text.strip()
        start_text, sep, end_text = text.partition("/")
        start = cls._parse_single(start_text, text)
        if not sep:
            return start
        end = cls._parse_single(end_text, text)
        return cls(start.year, start.month, start.day, start.approximate, end)

    @classmethod
    def _parse_single(cls, part: str, whole: str) -> PartialDate:
        match = _PART.match(part)
        if match is None:
            raise ValidationError(
                "date.unreadable",
                N_("'{value}' is not a date; write 2024-03-05, 2024-03, 2024, 2024-03~ "
                   "(approximate) or 2024-03/2024-05 (a range)."),
                value=whole[:40],
            )
        year, month, day, approx = match.groups()
        return cls(
            int(year),
            int(month) if month else None,
            int(day) if day else None,
            approximate=bool(approx),
        )

    @classmethod
    def of(cls, day: date) -> PartialDate:
        """An exact day."""
        return cls(day.year, day.month, day.day)
