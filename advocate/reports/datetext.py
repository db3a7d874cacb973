"""Dates, numbers and sizes written the way each report language writes them.

ru "5 марта 2024 г.", "март 2024 г.", "около 2019 г.", "5–12 марта 2024 г."; kk "2024 жылғы
5 наурыз", "2024 жылғы наурыз"; en "5 March 2024". The patterns and month names are in the
report texts (``date.*``, ``month.*``), so a translator fixes them without touching code.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from advocate.model.dates import PartialDate, Precision
from advocate.reports.texts import ReportTexts


def _parts(texts: ReportTexts, d: PartialDate) -> dict[str, object]:
    parts: dict[str, object] = {"year": d.year}
    if d.month is not None:
        parts["month"] = texts(f"month.{d.month}")
        parts["month_gen"] = texts(f"month_gen.{d.month}")
    if d.day is not None:
        parts["day"] = d.day
    return parts


def _single(texts: ReportTexts, d: PartialDate) -> str:
    prefix = "date.approx." if d.approximate else "date."
    return texts(prefix + d.precision.value, **_parts(texts, d))


def format_partial(texts: ReportTexts, d: PartialDate | None) -> str:
    """A partial date (day, month or year; approximate; a range) in the report language."""
    if d is None:
        return texts("date.unknown")
    end = d.end
    if end is None:
        return _single(texts, d)
    start_only = PartialDate(d.year, d.month, d.day, d.approximate)
    compact = _compact_range(texts, start_only, end)
    if compact:
        return compact
    return texts("date.range", start=_single(texts, start_only), end=_single(texts, end))


def _compact_range(texts: ReportTexts, start: PartialDate, end: PartialDate) -> str:
    """'5–12 марта 2024 г.' rather than '5 марта 2024 г. – 12 марта 2024 г.' when it can."""
    if start.approximate or end.approximate or start.precision is not end.precision:
        return ""
    parts = _parts(texts, start)
    if start.precision is Precision.YEAR:
        return texts("date.range.years", end_year=end.year, **parts)
    if start.year != end.year:
        return ""
    if start.precision is Precision.MONTH:
        return texts("date.range.months", end_month=texts(f"month.{end.month}"), **parts)
    if start.month != end.month:
        return ""
    return texts("date.range.days", end_day=end.day, **parts)


def format_day(texts: ReportTexts, day: date) -> str:
    """An exact day in the report language."""
    return _single(texts, PartialDate.of(day))


def format_datetime(texts: ReportTexts, moment: datetime) -> str:
    """A moment with its UTC offset: '5 марта 2024 г., 14:03 (UTC+05:00)'."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return texts(
        "datetime",
        date=format_day(texts, moment.date()),
        time=moment.strftime("%H:%M"),
        offset=f"{sign}{minutes // 60:02d}:{minutes % 60:02d}",
    )


def format_iso_moment(texts: ReportTexts, text: str, zone: tzinfo | None = None) -> str:
    """An ISO 8601 UTC time as the vault stores it ('2024-03-05T10:00:00Z'), in ``zone``;
    the text as it is when it is not such a time."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:
        return text
    return format_datetime(texts, moment.astimezone(zone) if zone else moment)


def format_int(texts: ReportTexts, n: int) -> str:
    """An integer with the language's digit grouping ('1 234 567', '1,234,567')."""
    return f"{n:,}".replace(",", texts("number.group"))


def format_size(texts: ReportTexts, size: int) -> str:
    """A file size, rounded ('1,2 МБ') with the exact byte count when rounded."""
    exact = texts("size.bytes", n=format_int(texts, size))
    for unit, key in ((1 << 30, "size.gb"), (1 << 20, "size.mb"), (1 << 10, "size.kb")):
        if size >= unit:
            rounded = f"{size / unit:.1f}".replace(".", texts("number.decimal"))
            return f"{texts(key, n=rounded)} ({exact})"
    return exact


def format_iso_day(texts: ReportTexts, text: str, zone: tzinfo | None = None) -> str:
    """The day of an ISO 8601 UTC time in ``zone`` ('5 марта 2024 г.'); the text as it is
    when it is not such a time."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:
        return text
    return format_day(texts, (moment.astimezone(zone) if zone else moment).date())


# Kazakh adds the locative to a time as it is read aloud: "15:16-да" (он алтыда), "15:05-те"
# (бесте), "15:40-та" (қырықта); by the last word read: the units, else the tens, else the hour.
_KK_UNITS = {0: "де", 1: "де", 2: "де", 3: "те", 4: "те", 5: "те", 6: "да", 7: "де", 8: "де",
             9: "да"}
_KK_TENS = {1: "да", 2: "да", 3: "да", 4: "та", 5: "де"}


def _kk_time_locative(hour: int, minute: int) -> str:
    number = minute or hour
    if number % 10:
        return _KK_UNITS[number % 10]
    return _KK_TENS.get(number // 10, "де")


def format_datetime_at(texts: ReportTexts, moment: datetime) -> str:
    """A moment as the object of "made at": ru '2 декабря 2026 г. в 15:16 (UTC+05:00)',
    kk '2026 жылғы 2 желтоқсанда сағат 15:16-да (UTC+05:00)'."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    day = moment.date()
    time = moment.strftime("%H:%M")
    if texts.lang == "kk":
        time = f"{time}-{_kk_time_locative(moment.hour, moment.minute)}"
    return texts(
        "datetime.at",
        date=texts("date.day_at", day=day.day, month_loc=texts(f"month_loc.{day.month}"),
                   year=day.year),
        time=time,
        offset=f"{sign}{minutes // 60:02d}:{minutes % 60:02d}",
    )
