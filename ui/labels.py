"""The core's names of enumeration values (advocate.labels), as the app shows them on their own.

The core names values for use inside sentences ("потерпевший", "high"), as the reports print
them; a table cell or a list entry starts with a capital letter. Only the first letter changes:
the words themselves come from the one catalogue.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from advocate import labels as core

E = TypeVar("E", bound=Enum)


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def label(member: Enum, lang: str | None = None) -> str:
    """The value's name, starting with a capital letter."""
    return _capital(core.label(member, lang))


def labels(enum_cls: type[E], lang: str | None = None) -> list[tuple[E, str]]:
    """Every value of an enumeration with its name, starting with a capital letter."""
    return [(member, _capital(words)) for member, words in core.labels(enum_cls, lang)]


def record_kind_label(kind: str, lang: str | None = None) -> str:
    """A record kind's name, starting with a capital letter."""
    return _capital(core.record_kind_label(kind, lang))
