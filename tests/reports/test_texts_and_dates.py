"""The report texts and addressee presets as data, and dates written the way each language
writes them."""

from __future__ import annotations

import json
import re
import string
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from advocate.model import PartialDate
from advocate.reports import (
    LANGUAGES,
    Profile,
    UnknownAddresseeError,
    UnsupportedLanguageError,
)
from advocate.reports.datetext import (
    format_datetime,
    format_day,
    format_int,
    format_partial,
    format_size,
)
from advocate.reports.fonts import KAZAKH_LETTERS
from advocate.reports.paths import reports_resources
from advocate.reports.texts import addressee_preset, addressee_presets, texts_for

P = PartialDate.parse


def _table(lang: str) -> dict[str, str]:
    path = reports_resources() / "texts" / f"{lang}.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_the_same_text_keys() -> None:
    keys = {lang: set(_table(lang)) for lang in LANGUAGES}
    assert keys["ru"] == keys["kk"] == keys["en"]


def test_every_text_uses_the_same_placeholders_in_every_language() -> None:
    tables = {lang: _table(lang) for lang in LANGUAGES}
    for key, ru in tables["ru"].items():
        if key.startswith("date."):
            continue  # each language picks the parts of a date it writes (month vs month_gen)
        for lang in ("kk", "en"):
            assert _placeholders(tables[lang][key]) == _placeholders(ru), (lang, key)


def test_no_text_is_empty_or_left_untranslated() -> None:
    ru, kk, en = (_table(lang) for lang in LANGUAGES)
    for key in ru:
        assert ru[key] and kk[key] and en[key], key  # number.group is a no-break space
        if key != "number.group":
            assert ru[key].strip() and kk[key].strip() and en[key].strip(), key
    # Kazakh is written with its own letters: a Kazakh file that reads like the Russian one
    # was not translated.
    kazakh = re.compile(f"[{KAZAKH_LETTERS}]")
    translated = [k for k in kk if kazakh.search(kk[k])]
    assert len(translated) > len(kk) // 2
    for key in ("section.request", "text.confidential", "page.of", "gap.no_remedy",
                "mark.name_withheld"):
        assert kk[key] != ru[key], key
        assert kazakh.search(kk[key]), key


def test_enumeration_labels_exist_for_every_value() -> None:
    from advocate.model import (
        ActionKind,
        ActionStatus,
        Channel,
        ConsentPurpose,
        ProceedingKind,
        ProceedingStatus,
        RoleKind,
        Severity,
        ThreatSource,
    )
    from advocate.reports import AuthorityKind, Profile

    for lang in LANGUAGES:
        t = texts_for(lang)
        for enum in (ActionKind, ActionStatus, Channel, ConsentPurpose, ProceedingKind,
                     ProceedingStatus, RoleKind, Severity, ThreatSource, Profile, AuthorityKind):
            for value in enum:
                assert t.enum(value), (lang, value)


def test_addressee_presets_exist_in_every_language() -> None:
    presets = addressee_presets()
    assert {"ombudsman", "ombudsman_regional", "children_ombudsman", "prosecutor", "court",
            "investigating_judge", "international"} <= set(presets)
    for preset in presets.values():
        for lang in preset.languages:
            assert preset.block(lang).strip() and preset.names[lang].strip()
    # A UN treaty body takes communications in English or Russian, not Kazakh.
    assert presets["international"].languages == ("ru", "en")
    with pytest.raises(UnsupportedLanguageError):
        presets["international"].block("kk")
    assert presets["international"].profile is Profile.INTERNATIONAL
    assert "прокурорына" in presets["prosecutor"].block("kk")
    assert "ауданының" in presets["prosecutor"].block("kk")
    assert "сотына" in presets["court"].block("kk")
    assert "Следственному судье" in presets["investigating_judge"].block("ru")
    assert "уәкілге" in presets["ombudsman"].block("kk")
    assert "Уполномоченному по правам ребенка" in presets["children_ombudsman"].block("ru")
    assert presets["court"].needs_edit and not presets["ombudsman"].needs_edit


def test_unknown_addressee_and_language_are_typed_errors() -> None:
    with pytest.raises(UnknownAddresseeError) as caught:
        addressee_preset("akimat")
    assert "ombudsman" in caught.value.known
    with pytest.raises(UnsupportedLanguageError):
        texts_for("de")


@pytest.mark.parametrize(("text", "ru", "kk", "en"), [
    ("2024-03-05", "5 марта 2024 г.", "2024 жылғы 5 наурыз", "5 March 2024"),
    ("2024-03", "март 2024 г.", "2024 жылғы наурыз", "March 2024"),
    ("2024", "2024 г.", "2024 ж.", "2024"),
    ("2019~", "около 2019 г.", "шамамен 2019 ж.", "about 2019"),
    ("2023-11~", "около ноября 2023 г.", "шамамен 2023 жылғы қараша", "about November 2023"),
    ("2024-03-05/2024-03-12", "5–12 марта 2024 г.", "2024 жылғы 5–12 наурыз",
     "5–12 March 2024"),
    ("2024-03/2024-05", "март – май 2024 г.", "2024 жылғы наурыз – мамыр", "March – May 2024"),
    ("2023/2024", "2023–2024 гг.", "2023–2024 жж.", "2023–2024"),
    ("2023-12/2024-02", "декабрь 2023 г. – февраль 2024 г.",
     "2023 жылғы желтоқсан – 2024 жылғы ақпан", "December 2023 – February 2024"),
])
def test_partial_dates_are_written_as_each_language_writes_them(
        text: str, ru: str, kk: str, en: str) -> None:
    d = P(text)
    assert format_partial(texts_for("ru"), d) == ru
    assert format_partial(texts_for("kk"), d) == kk
    assert format_partial(texts_for("en"), d) == en


def test_every_month_has_its_name_in_every_language() -> None:
    kk_months = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
                 "қыркүйек", "қазан", "қараша", "желтоқсан"]
    for month in range(1, 13):
        day = date(2024, month, 1)
        assert format_day(texts_for("kk"), day) == f"2024 жылғы 1 {kk_months[month - 1]}"
    assert format_day(texts_for("ru"), date(2024, 8, 30)) == "30 августа 2024 г."
    assert format_day(texts_for("en"), date(2024, 12, 25)) == "25 December 2024"


def test_unknown_date_moments_numbers_and_sizes() -> None:
    ru, en = texts_for("ru"), texts_for("en")
    assert format_partial(ru, None) == "дата неизвестна"
    moment = datetime(2024, 3, 5, 9, 3, tzinfo=UTC).astimezone(timezone(timedelta(hours=5)))
    assert format_datetime(ru, moment) == "5 марта 2024 г., 14:03 (UTC+05:00)"
    assert format_int(ru, 1234567) == "1\u00a0234\u00a0567"
    assert format_int(en, 1234567) == "1,234,567"
    assert format_size(en, 2_345_678) == "2.2 MB (2,345,678 bytes)"
    assert format_size(ru, 100) == "100 байт"
