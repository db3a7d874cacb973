"""Due dates and the holiday calendar (advocate.model.deadlines, resources/holidays/kz.json)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocate.errors import ValidationError
from advocate.model.deadlines import (
    MAX_DAYS,
    HolidayCalendar,
    PeriodUnit,
    default_calendar_path,
    due_date,
    working_days_between,
)
from advocate.resources import resources_dir

CAL = PeriodUnit.CALENDAR
WORK = PeriodUnit.WORKING


@pytest.fixture(scope="module")
def kz() -> HolidayCalendar:
    return HolidayCalendar.default()


def minimal(**changes: Any) -> dict[str, Any]:
    """A small valid calendar document: New Year (moves) and Christmas (does not)."""
    data: dict[str, Any] = {
        "format": "advocate-holiday-calendar",
        "version": 1,
        "weekend": ["saturday", "sunday"],
        "fixed": [
            {"name": "New Year", "month": 1, "day": 1, "moves_if_weekend": True},
            {"name": "Christmas", "month": 1, "day": 7, "moves_if_weekend": False},
        ],
        "movable": [],
        "years": {},
    }
    data.update(changes)
    return data


# --- the bundled calendar --------------------------------------------------------------------


def test_bundled_calendar_lives_in_resources_and_covers_2020_to_2030(kz: HolidayCalendar) -> None:
    assert default_calendar_path() == resources_dir() / "holidays" / "kz.json"
    assert all(kz.covers(year) for year in range(2020, 2031))
    assert not kz.covers(2031)
    assert "check" in kz.note.lower()


def test_bundled_calendar_has_the_public_holidays_of_kazakhstan(kz: HolidayCalendar) -> None:
    holidays = kz.holidays_in(2027)
    for month, day in [(1, 1), (1, 2), (1, 7), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1),
                       (5, 7), (5, 9), (7, 6), (8, 30), (10, 25), (12, 16)]:
        assert date(2027, month, day) in holidays, (month, day)
    assert date(2027, 12, 17) not in holidays


def test_independence_day_was_two_days_and_republic_day_none_until_2021(
    kz: HolidayCalendar,
) -> None:
    assert date(2021, 12, 17) in kz.holidays_in(2021)
    assert date(2021, 10, 25) not in kz.holidays_in(2021)
    assert date(2022, 10, 25) in kz.holidays_in(2022)


def test_nauryz_2025_on_a_weekend_gives_monday_and_tuesday(kz: HolidayCalendar) -> None:
    # 21 March 2025 is a Friday; 22 and 23 fall on Saturday and Sunday.
    off = [date(2025, 3, d) for d in (21, 22, 23, 24, 25)]
    assert not any(kz.is_working_day(d) for d in off)
    assert kz.is_working_day(date(2025, 3, 20))
    assert kz.is_working_day(date(2025, 3, 26))


def test_holiday_on_a_weekend_moves_to_monday(kz: HolidayCalendar) -> None:
    assert date(2025, 7, 6).weekday() == 6  # Capital Day on a Sunday
    assert not kz.is_working_day(date(2025, 7, 7))
    assert kz.is_working_day(date(2025, 7, 8))


def test_move_skips_a_day_that_is_already_a_holiday(kz: HolidayCalendar) -> None:
    # 2022: Defender's Day (7 May) on Saturday; Monday 9 May is Victory Day → Tuesday 10 May.
    assert not kz.is_working_day(date(2022, 5, 10))
    assert kz.is_working_day(date(2022, 5, 11))


@pytest.mark.parametrize(
    "sunday",
    [date(2024, 6, 16), date(2024, 1, 7)],  # Kurban Ait 2024, Orthodox Christmas 2024
    ids=["kurban-ait", "orthodox-christmas"],
)
def test_religious_holidays_on_a_weekend_are_not_moved(kz: HolidayCalendar, sunday: date) -> None:
    assert sunday.weekday() == 6
    assert sunday in kz.holidays_in(sunday.year)
    assert kz.is_working_day(sunday + timedelta(days=1))


def test_kurban_ait_on_a_weekday_is_a_day_off(kz: HolidayCalendar) -> None:
    assert not kz.is_working_day(date(2025, 6, 6))


def test_holidays_in_returns_a_copy(kz: HolidayCalendar) -> None:
    kz.holidays_in(2025).clear()
    assert date(2025, 1, 1) in kz.holidays_in(2025)


# --- due dates -------------------------------------------------------------------------------


def test_fifteen_working_days_across_nauryz_2025(kz: HolidayCalendar) -> None:
    # Filed Friday 14 March: 17–20 (4), Nauryz 21–25 off, 26–28 (7), 31 Mar–4 Apr (12), 7–9 Apr.
    assert due_date(date(2025, 3, 14), 15, WORK, kz) == date(2025, 4, 9)


def test_fifteen_working_days_across_new_year(kz: HolidayCalendar) -> None:
    # Filed Wednesday 25 Dec 2024: 26, 27, 30, 31 Dec (4); 1–2 Jan off; 3, 6 Jan (6);
    # 7 Jan Christmas off; 8–10 (9); 13–17 (14); 20 Jan (15).
    assert due_date(date(2024, 12, 25), 15, WORK, kz) == date(2025, 1, 20)


def test_calendar_term_ending_on_a_saturday_ends_on_monday(kz: HolidayCalendar) -> None:
    filed = date(2025, 3, 13)
    assert (filed + timedelta(days=30)).weekday() == 5
    assert due_date(filed, 30, CAL, kz) == date(2025, 4, 14)


def test_calendar_term_ending_on_a_holiday_ends_on_the_next_working_day(
    kz: HolidayCalendar,
) -> None:
    # 1 April + 30 days = 1 May 2025 (Unity Day, a Thursday) → Friday 2 May.
    assert due_date(date(2025, 4, 1), 30, CAL, kz) == date(2025, 5, 2)


def test_calendar_term_ending_on_a_moved_holiday_skips_it_too(kz: HolidayCalendar) -> None:
    # 26 June + 10 days = Sunday 6 July 2025 (Capital Day, moved to Monday 7) → Tuesday 8.
    assert due_date(date(2025, 6, 26), 10, CAL, kz) == date(2025, 7, 8)


def test_calendar_term_ending_on_a_working_day_is_not_moved(kz: HolidayCalendar) -> None:
    assert due_date(date(2025, 2, 3), 30, CAL, kz) == date(2025, 3, 5)


def test_filing_on_a_holiday_counts_from_the_next_day(kz: HolidayCalendar) -> None:
    assert due_date(date(2025, 1, 1), 1, WORK, kz) == date(2025, 1, 3)
    assert due_date(date(2025, 1, 1), 1, CAL, kz) == date(2025, 1, 3)


@pytest.mark.parametrize("days", [0, -1, MAX_DAYS + 1, True])
def test_term_length_outside_1_to_3650_is_refused(kz: HolidayCalendar, days: int) -> None:
    with pytest.raises(ValidationError) as caught:
        due_date(date(2025, 1, 10), days, WORK, kz)
    assert caught.value.field == "days"


def test_term_of_3650_days_is_accepted(kz: HolidayCalendar) -> None:
    assert due_date(date(2025, 1, 10), MAX_DAYS, CAL, kz) >= date(2035, 1, 8)


def test_unit_may_be_given_as_its_stored_text(kz: HolidayCalendar) -> None:
    unit: Any = "working"
    assert due_date(date(2025, 3, 14), 15, unit, kz) == date(2025, 4, 9)
    with pytest.raises(ValidationError):
        due_date(date(2025, 3, 14), 15, "weeks", kz)  # type: ignore[arg-type]


def test_term_running_past_the_last_date_is_a_validation_error(kz: HolidayCalendar) -> None:
    with pytest.raises(ValidationError):
        due_date(date(9999, 12, 1), 100, CAL, kz)


def test_decree_transfers_count(tmp_path: Path) -> None:
    # A working Saturday counts; an extra Friday off does not.
    data = minimal(years={"2025": {"extra_days_off": ["2025-01-03"],
                                   "working_days": ["2025-01-04"]}})
    calendar = HolidayCalendar.from_dict(data)
    assert not calendar.is_working_day(date(2025, 1, 3))
    assert calendar.is_working_day(date(2025, 1, 4))
    assert due_date(date(2024, 12, 31), 1, WORK, calendar) == date(2025, 1, 2)
    assert due_date(date(2025, 1, 2), 1, WORK, calendar) == date(2025, 1, 4)


def test_december_holiday_moved_into_january_does_not_collide() -> None:
    # 31 Dec 2022 is a Saturday and 1 Jan 2023 a Sunday: Monday 2 and Tuesday 3 January.
    fixed = [{"name": "Eve", "month": 12, "day": 31, "moves_if_weekend": True},
             {"name": "New Year", "month": 1, "day": 1, "moves_if_weekend": True}]
    calendar = HolidayCalendar.from_dict(minimal(fixed=fixed))
    assert calendar.holidays_in(2023) >= {date(2023, 1, 1), date(2023, 1, 2), date(2023, 1, 3)}
    assert calendar.is_working_day(date(2023, 1, 4))


def test_working_days_between_counts_after_a_up_to_b(kz: HolidayCalendar) -> None:
    assert working_days_between(date(2025, 3, 14), date(2025, 4, 9), kz) == 15
    assert working_days_between(date(2025, 3, 14), date(2025, 3, 14), kz) == 0
    assert working_days_between(date(2025, 4, 9), date(2025, 3, 14), kz) == -15
    assert working_days_between(date(2025, 3, 21), date(2025, 3, 25), kz) == 0


FILED = st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 12, 31))


@settings(max_examples=150, deadline=None)
@given(filed=FILED, days=st.integers(min_value=1, max_value=MAX_DAYS))
def test_working_day_due_date_is_a_working_day_n_working_days_later(
    filed: date, days: int
) -> None:
    calendar = HolidayCalendar.default()
    due = due_date(filed, days, WORK, calendar)
    assert due > filed
    assert calendar.is_working_day(due)
    assert working_days_between(filed, due, calendar) == days


@settings(max_examples=150, deadline=None)
@given(filed=FILED, days=st.integers(min_value=1, max_value=MAX_DAYS))
def test_calendar_due_date_is_the_first_working_day_from_filed_plus_n(
    filed: date, days: int
) -> None:
    calendar = HolidayCalendar.default()
    due = due_date(filed, days, CAL, calendar)
    last = filed + timedelta(days=days)
    assert due >= last
    assert calendar.is_working_day(due)
    assert working_days_between(last, due, calendar) == (1 if due > last else 0)


# --- malformed calendar files ----------------------------------------------------------------


def _valid() -> dict[str, Any]:
    return copy.deepcopy(minimal(
        movable=[{"name": "Kurban Ait", "moves_if_weekend": False, "dates": ["2025-06-06"]}],
        years={"2025": {"extra_days_off": [], "working_days": []}},
    ))


ALL_WEEK = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
Edit = Callable[[dict[str, Any]], object]


@pytest.mark.parametrize(
    ("edit", "place"),
    [
        (lambda d: d.update(format="something-else"), "format"),
        (lambda d: d.update(version=2), "version"),
        (lambda d: d.pop("version"), "version"),
        (lambda d: d["fixed"][1].update(month=13), "fixed[1].month"),
        (lambda d: d["fixed"][0].update(day="1"), "fixed[0].day"),
        (lambda d: d["fixed"][0].update(month=2, day=30), "fixed[0].day"),
        (lambda d: d["fixed"][0].pop("moves_if_weekend"), "fixed[0].moves_if_weekend"),
        (lambda d: d["fixed"][0].update(moves_if_weekend="yes"), "fixed[0].moves_if_weekend"),
        (lambda d: d["fixed"][0].update(name=""), "fixed[0].name"),
        (lambda d: d["fixed"][0].update(moves_on_weekend=True), "fixed[0]"),
        (lambda d: d.update(fixed={}), "fixed"),
        (lambda d: d["movable"][0]["dates"].append("2025-13-01"), "movable[0].dates[1]"),
        (lambda d: d["movable"][0].update(dates="2025-06-06"), "movable[0].dates"),
        (lambda d: d["years"]["2025"].update(extra_days_off=["2024-05-02"]),
         "years.2025.extra_days_off[0]"),
        (lambda d: d["years"]["2025"].update(working_days=["05.01.2025"]),
         "years.2025.working_days[0]"),
        (lambda d: d["years"]["2025"].update(extra_days_off=["2025-01-04"],
                                             working_days=["2025-01-04"]), "years.2025"),
        (lambda d: d["years"].update(twenty={}), "years.twenty"),
        (lambda d: d["years"]["2025"].update(extra_day_off=[]), "years.2025"),
        (lambda d: d.update(weekend=["saturday", "caturday"]), "weekend[1]"),
        (lambda d: d.update(weekend=ALL_WEEK), "weekend"),
        (lambda d: d.update(colour="red"), "(top)"),
    ],
)
def test_malformed_calendar_names_the_place(tmp_path: Path, edit: Edit, place: str) -> None:
    data = _valid()
    edit(data)
    path = tmp_path / "kz.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        HolidayCalendar.load(path)
    assert caught.value.field == place
    assert str(path) in caught.value.message
    assert f": {place}: " in caught.value.message


def test_calendar_that_is_not_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "kz.json"
    path.write_text('{\n  "format": "advocate-holiday-calendar",\n  "version": 1,,\n}\n',
                    encoding="utf-8")
    with pytest.raises(ValidationError, match=r"line 3, column"):
        HolidayCalendar.load(path)


def test_missing_calendar_file_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot be read"):
        HolidayCalendar.load(tmp_path / "nowhere.json")


def test_edited_copy_of_the_bundled_calendar_loads(tmp_path: Path) -> None:
    data = json.loads(default_calendar_path().read_text(encoding="utf-8"))
    data["years"]["2026"]["extra_days_off"].append("2026-01-05")
    path = tmp_path / "kz.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert not HolidayCalendar.load(path).is_working_day(date(2026, 1, 5))
    assert HolidayCalendar.default().is_working_day(date(2026, 1, 5))
