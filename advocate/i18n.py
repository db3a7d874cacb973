"""Translations of the whole product: one gettext catalogue in English, Russian and Kazakh.

Why gettext (``.po`` sources, ``.mo`` compiled, Babel to extract and compile): the core, which
never imports Qt, needs translated errors and labels as much as the app does, and the reports need
a language of their own beside the UI's. gettext serves all three from one catalogue that
translators know (Poedit, Weblate, Lokalize), with real plural rules (Russian has three forms).
MusicBrainz Picard and calibre translate their Qt apps the same way. Qt's own strings (Save,
Cancel, the file dialog) still come from Qt's ``qtbase_*.qm``, loaded by the app.

Sources: ``resources/locale/<lang>/LC_MESSAGES/advocate.po``; ``make catalog`` extracts the
strings (``_``, ``N_``, ``ngettext``, ``pgettext``, ``npgettext``) from ``advocate/`` and ``ui/``,
updates the ``.po`` files and compiles the ``.mo`` files, which are committed so a checkout runs
without Babel. ``tests/test_catalog.py`` fails on a missing or unfinished translation, on a
placeholder that differs between languages, and on a stale ``.mo``.

Strings are formatted with named placeholders after translation, never before:
``_("{count} cases").format(count=n)`` — an f-string inside ``_()`` cannot be translated.
"""

from __future__ import annotations

import gettext
import os
import threading
from functools import cache

from advocate.resources import resources_dir

#: The languages of the product, in the order the app offers them.
LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
#: The language everything falls back to.
FALLBACK = "en"
#: Each language named in itself, for language pickers.
NATIVE_NAMES: dict[str, str] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

DOMAIN = "advocate"

_state = threading.local()
_default_language = FALLBACK


def locale_dir() -> str:
    """The folder of the compiled catalogues."""
    return str(resources_dir() / "locale")


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of one language (English, or a language without a catalogue: the source)."""
    if language not in LANGUAGES or language == FALLBACK:
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, locale_dir(), languages=[language])
    except OSError:
        # note: a missing .mo must not stop the program; the test suite catches it instead.
        return gettext.NullTranslations()


def normalize_language(value: str | None) -> str:
    """``ru_RU.UTF-8``, ``kk-KZ``, ``RU`` → a language of the product, else English."""
    if not value:
        return FALLBACK
    code = value.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return code if code in LANGUAGES else FALLBACK


def system_language(environ: dict[str, str] | None = None) -> str:
    """The user's language from the environment, as gettext reads it (LANGUAGE first)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value or value in ("C", "POSIX"):
            continue
        for part in value.split(":"):
            code = normalize_language(part)
            if code != FALLBACK or part.lower().startswith("en"):
                return code
    return FALLBACK


def set_language(language: str) -> None:
    """Set the language of messages for the whole process (the CLI's and the app's)."""
    global _default_language
    _default_language = normalize_language(language)


def language() -> str:
    """The language messages are given in now (a thread may override it with ``using``)."""
    return getattr(_state, "language", None) or _default_language


class using:
    """Give messages in another language inside a ``with`` block, on this thread only."""

    def __init__(self, lang: str) -> None:
        self._lang = normalize_language(lang)
        self._before: str | None = None

    def __enter__(self) -> None:
        self._before = getattr(_state, "language", None)
        _state.language = self._lang

    def __exit__(self, *exc: object) -> None:
        _state.language = self._before


def N_(message: str) -> str:
    """Mark a string for the catalogue without translating it yet (class attributes, tables)."""
    return message


def _(message: str) -> str:
    """The message in the current language."""
    return translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form for ``n`` in the current language (Russian has three)."""
    return translations(language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message with a context, for short words that mean different things in different places."""
    return translations(language()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """``ngettext`` with a context."""
    return translations(language()).npgettext(context, singular, plural, n)


def gettext_in(lang: str, message: str) -> str:
    """The message in a given language, whatever the current one (reports have their own)."""
    return translations(normalize_language(lang)).gettext(message)


def pgettext_in(lang: str, context: str, message: str) -> str:
    """``pgettext`` in a given language."""
    return translations(normalize_language(lang)).pgettext(context, message)
