"""advocate.i18n: which language the environment asks for, per-thread overrides, plural forms."""

from __future__ import annotations

import threading

import pytest

from advocate.i18n import (
    gettext_in,
    language,
    ngettext,
    normalize_language,
    set_language,
    system_language,
    using,
)


@pytest.mark.parametrize(("value", "expected"), [
    ("ru_RU.UTF-8", "ru"), ("kk_KZ.UTF-8", "kk"), ("kk-KZ", "kk"), ("RU", "ru"),
    ("en_GB.UTF-8", "en"), ("ru_RU@euro", "ru"), ("fr_FR.UTF-8", "en"), ("", "en"), (None, "en"),
])
def test_normalize_language_keeps_the_product_languages_only(value: str | None,
                                                             expected: str) -> None:
    assert normalize_language(value) == expected


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "en"),
    ({"LANG": "ru_RU.UTF-8"}, "ru"),
    ({"LANG": "kk_KZ.UTF-8"}, "kk"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LC_MESSAGES": "kk_KZ.UTF-8", "LANG": "ru_RU.UTF-8"}, "kk"),  # LC_MESSAGES before LANG
    ({"LC_ALL": "ru_RU.UTF-8", "LC_MESSAGES": "kk_KZ.UTF-8"}, "ru"),  # LC_ALL before both
    ({"LANGUAGE": "kk:ru", "LC_ALL": "ru_RU.UTF-8"}, "kk"),  # LANGUAGE first, as gettext
    ({"LANGUAGE": "fr:ru", "LANG": "en_US.UTF-8"}, "ru"),  # first product language in the list
    ({"LANGUAGE": "en:ru", "LANG": "ru_RU.UTF-8"}, "en"),  # English asked for explicitly
    ({"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}, "ru"),  # C says nothing about the language
    ({"LANG": "fr_FR.UTF-8"}, "en"),
])
def test_system_language_reads_the_environment_as_gettext_does(environ: dict[str, str],
                                                                expected: str) -> None:
    assert system_language(environ) == expected


def test_using_overrides_the_language_on_its_own_thread_only() -> None:
    set_language("ru")
    seen: list[str] = []
    with using("kk"):
        assert language() == "kk"
        worker = threading.Thread(target=lambda: seen.append(language()))
        worker.start()
        worker.join()
        with using("en"):
            assert language() == "en"
        assert language() == "kk"  # nested blocks restore what was there
    assert seen == ["ru"]  # another thread keeps the process's language
    assert language() == "ru"


def test_a_language_without_a_catalogue_gives_the_source_text() -> None:
    assert gettext_in("en", "Cancelled; nothing was changed.") == "Cancelled; nothing was changed."
    assert gettext_in("de", "Cancelled; nothing was changed.") == "Cancelled; nothing was changed."
    assert gettext_in("ru", "Cancelled; nothing was changed.") != "Cancelled; nothing was changed."


@pytest.mark.parametrize(("n", "form"), [
    (1, "запись"), (2, "записи"), (5, "записей"), (11, "записей"), (21, "запись"),
    (22, "записи"), (111, "записей"),
])
def test_russian_has_three_plural_forms(n: int, form: str) -> None:
    with using("ru"):
        words = ngettext("{count} found.", "{count} found.", n).format(count=n)
    assert words.split()[-1] == f"{form}."
    assert str(n) in words


def test_kazakh_and_english_plurals() -> None:
    with using("kk"):
        assert ngettext("{count} found.", "{count} found.", 5).format(count=5) == \
            "5 жазба табылды."
    with using("en"):
        assert ngettext("{count} found.", "{count} found.", 1).format(count=1) == "1 found."
