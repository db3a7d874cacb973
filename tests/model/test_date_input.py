"""Partial dates typed as people write them, in English, Russian and Kazakh (model.date_input)."""

from __future__ import annotations

import pytest

from advocate.model.date_input import (
    DateOutOfRangeError,
    DateRangeBackwardsError,
    NoSuchDayError,
    NotADayError,
    UnreadableDateError,
    format_partial_date,
    parse_day,
    parse_partial_date,
)
from advocate.model.dates import PartialDate


@pytest.mark.parametrize(("typed", "edtf"), [
    ("12.05.2018", "2018-05-12"),
    ("12/05/2018", "2018-05-12"),
    ("2018-05-12", "2018-05-12"),
    ("12 May 2018", "2018-05-12"),
    ("May 12, 2018", "2018-05-12"),
    ("12 мая 2018 г.", "2018-05-12"),
    ("2018 ж. 12 мамыр", "2018-05-12"),
    ("May 2018", "2018-05"),
    ("май 2018", "2018-05"),
    ("в мае 2018 года", "2018-05"),
    ("мамыр 2018", "2018-05"),
    ("2018 жылы мамырда", "2018-05"),
    ("05.2018", "2018-05"),
    ("2018", "2018"),
    ("2018 г.", "2018"),
    ("about 2018", "2018~"),
    ("около мая 2018", "2018-05~"),
    ("шамамен 2018", "2018~"),
    ("2018~", "2018~"),
    ("2018–2019", "2018/2019"),
    ("2018-2019", "2018/2019"),
    ("2018/2019", "2018/2019"),
    ("с 2018 по 2019", "2018/2019"),
    ("between May and July 2018", "2018-05/2018-07"),
    ("May–July 2018", "2018-05/2018-07"),
    ("12–15 May 2018", "2018-05-12/2018-05-15"),
    ("  MAY   2018 ", "2018-05"),
])
def test_natural_dates_are_read_in_three_languages(typed: str, edtf: str) -> None:
    assert parse_partial_date(typed, "ru").to_text() == edtf


@pytest.mark.parametrize(("typed", "error", "params"), [
    ("soon", UnreadableDateError, {"text": "soon"}),
    ("", UnreadableDateError, {"text": ""}),
    ("12", UnreadableDateError, {"text": "12"}),
    ("31.02.2018", NoSuchDayError, {"text": "31.02.2018"}),
    ("13.2018", NoSuchDayError, {"text": "13.2018"}),
    ("1850", DateOutOfRangeError, {"year": 1850, "low": 1900, "high": 2200}),
    ("2019–2018", DateRangeBackwardsError, {}),
])
def test_what_cannot_be_read_is_a_typed_error(typed: str, error: type, params: dict) -> None:
    with pytest.raises(error) as caught:
        parse_partial_date(typed, "en")
    assert caught.value.params == params
    assert caught.value.code.startswith("date_input.")


def test_an_error_speaks_the_language_asked() -> None:
    with pytest.raises(UnreadableDateError) as caught:
        parse_partial_date("soon", "ru")
    assert "soon" in caught.value.text("ru")
    assert caught.value.text("en").startswith("“soon” is not a date")


@pytest.mark.parametrize("edtf", ["2018-05-12", "2018-05", "2018", "2018~", "2018-05~",
                                  "2018/2019", "2018-05/2018-07", "2018-01-03/2018-02-14",
                                  "2018-05-12/2018-05-15", "2018-05~/2018-07",
                                  "2017-11/2018-02", "2018/2019-03"])
@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_formatted_date_reads_back_the_same(edtf: str, lang: str) -> None:
    value = PartialDate.parse(edtf)
    assert parse_partial_date(format_partial_date(value, lang), lang) == value


def test_formatting_in_words() -> None:
    assert format_partial_date(PartialDate.parse("2018-05-12"), "en") == "12 May 2018"
    assert format_partial_date(PartialDate.parse("2018-05-12"), "ru") == "12 мая 2018"
    assert format_partial_date(PartialDate.parse("2018-05~"), "ru") == "около мая 2018"
    assert format_partial_date(PartialDate.parse("2018-05"), "kk") == "2018 ж. мамыр"
    assert format_partial_date(None, "en") == ""
    assert format_partial_date(PartialDate.parse("2023-04/2023-05"), "en") == "April – May 2023"
    assert format_partial_date(PartialDate.parse("2018-05-12/2018-05-15"), "ru") == (
        "12–15 мая 2018")
    assert format_partial_date(PartialDate.parse("2023-04/2023-05"), "kk") == (
        "2023 ж. сәуір – мамыр")


def test_a_field_that_needs_one_day_refuses_a_month() -> None:
    from datetime import date
    assert parse_day("12 мая 2018", "ru") == date(2018, 5, 12)
    with pytest.raises(NotADayError):
        parse_day("May 2018")
