"""The words of the reports, per language, and the addressee presets — data, not code.

Every sentence, label and enumeration name a report prints lives in
``resources/reports/texts/<lang>.json`` (one flat object of key → text, the same keys in every
language); templates use named placeholders (``"Page {page} of {pages}"``). The addressee
presets live in ``resources/reports/addressees.json``. Editing either file changes the reports
without touching code; docs/reports.md says how.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from advocate.labels import label
from advocate.reports.errors import (
    ReportResourceError,
    UnknownAddresseeError,
    UnsupportedLanguageError,
)
from advocate.reports.paths import reports_resources
from advocate.reports.request import LANGUAGES, Profile


class ReportTexts:
    """The texts of one report language; ``texts("key", name=value)`` fills a template."""

    def __init__(self, lang: str, table: Mapping[str, str]) -> None:
        self.lang = lang
        self._table = dict(table)

    def __call__(self, key: str, **values: object) -> str:
        template = self._table.get(key)
        if template is None:
            raise ReportResourceError(f"{self.lang}.json", f"no text '{key}'")
        if not values:
            return template
        try:
            # Only the template is parsed: braces inside the values (user text) stay as typed.
            return template.format_map(values)
        except (KeyError, IndexError, ValueError) as exc:
            raise ReportResourceError(
                f"{self.lang}.json", f"the text '{key}' has a placeholder the code does not fill "
                f"({exc})") from exc

    def enum(self, value: StrEnum, female: bool = False) -> str:
        """The label of an enumeration value in this language, from :mod:`advocate.labels`
        (the one place values are named); roles have a feminine form."""
        return label(value, self.lang, female=female)

    def keys(self) -> set[str]:
        """Every key this language defines."""
        return set(self._table)


def texts_for(lang: str) -> ReportTexts:
    """The report texts of a language (ru, kk or en)."""
    if lang not in LANGUAGES:
        raise UnsupportedLanguageError(lang, LANGUAGES)
    return ReportTexts(lang, _load_table(lang))


@cache
def _load_table(lang: str) -> dict[str, str]:
    path = reports_resources() / "texts" / f"{lang}.json"
    data = _read_json(path)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ReportResourceError(path.name, "it must map text keys to strings", path)
    return {str(k): str(v) for k, v in data.items()}


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReportResourceError(path.name, "the file is missing", path) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportResourceError(path.name, f"the file cannot be read ({exc})", path) from exc
    if not isinstance(data, dict):
        raise ReportResourceError(path.name, "it must hold one JSON object", path)
    return data


@dataclass(frozen=True, slots=True)
class AddresseePreset:
    """A ready-made addressee: its block in each language and the profile it usually takes."""

    key: str
    profile: Profile
    needs_edit: bool  # the block has blanks (a region, a court) the lawyer must fill in
    names: Mapping[str, str]  # the body's name per language, also matched against consents
    blocks: Mapping[str, str]  # the block printed top right, per language offered
    # What the document is: "complaint" (the default), "investigating_judge" (a complaint
    # under CPC Art. 106), "un_communication" (an individual communication to a UN body).
    form: str = "complaint"

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the addressee accepts documents in."""
        return tuple(lang for lang in LANGUAGES if lang in self.blocks)

    def block(self, lang: str) -> str:
        """The addressee block in a language; a language the body does not accept is refused."""
        if lang not in self.blocks:
            raise UnsupportedLanguageError(lang, self.languages)
        return self.blocks[lang]


def addressee_presets() -> dict[str, AddresseePreset]:
    """Every addressee preset, by key, in the order of the file."""
    return dict(_load_presets())


def addressee_preset(key: str) -> AddresseePreset:
    """One preset; an unknown key raises UnknownAddresseeError."""
    presets = _load_presets()
    if key not in presets:
        raise UnknownAddresseeError(key, list(presets))
    return presets[key]


@cache
def _load_presets() -> dict[str, AddresseePreset]:
    path = reports_resources() / "addressees.json"
    presets: dict[str, AddresseePreset] = {}
    for key, entry in _read_json(path).items():
        try:
            offered = entry.get("languages", list(LANGUAGES))
            presets[key] = AddresseePreset(
                key=key,
                profile=Profile(entry["profile"]),
                needs_edit=bool(entry.get("needs_edit", False)),
                names={lang: str(entry[lang]["name"]) for lang in LANGUAGES if lang in entry},
                blocks={lang: str(entry[lang]["block"]) for lang in offered},
                form=str(entry.get("form", "complaint")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ReportResourceError(
                path.name, f"the addressee preset '{key}' is incomplete ({exc}); each needs a "
                "profile and, for each language it offers (all three unless 'languages' says), "
                "a name and a block", path) from exc
    return presets
