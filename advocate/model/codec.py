"""Records to plain JSON-able dicts and back, strictly.

The same dict form is stored in the vault and written to the interchange format, so there is one
codec and it trusts nothing: every field is checked for its type, every enumeration value for
membership, unknown fields are refused, and every error names where it happened
(``records[3].received``). Text is NFC-normalised on the way in.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from enum import Enum
from typing import Any

from advocate.errors import RecordInvalidError, ValidationError
from advocate.i18n import N_
from advocate.model.dates import PartialDate
from advocate.model.records import RECORD_TYPES, Record
from advocate.model.text import normalize_text

_HINTS: dict[str, dict[str, Any]] = {}


def _hints(cls: type[Record]) -> dict[str, Any]:
    hints = _HINTS.get(cls.KIND)
    if hints is None:
        hints = _HINTS[cls.KIND] = typing.get_type_hints(cls)
    return hints


def to_dict(record: Record) -> dict[str, Any]:
    """The record as a dict of JSON types, with ``type`` (the record kind) first."""
    out: dict[str, Any] = {"type": record.KIND}
    for name in _decoders(type(record))[0]:
        out[name] = _encode(getattr(record, name))
    return out


_PLAIN = (str, int, bool, type(None))


def _encode(value: Any) -> Any:
    if isinstance(value, _PLAIN) and not isinstance(value, Enum):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PartialDate):
        return value.to_text()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def from_dict(data: Any, where: str = "record", *, validate: bool = True) -> Record:
    """Build and validate a record from its dict form; ValidationError names the place.

    ``validate=False`` skips the record's own rules (not the type checks): for records read back
    from the vault, which were validated when written and must stay readable if a rule tightens.
    """
    if not isinstance(data, dict):
        raise ValidationError("decode.not_an_object", N_("Expected a JSON object, found {found}."),
                              where=where, found=_type_name(data))
    kind = data.get("type")
    cls = RECORD_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValidationError("decode.unknown_type", N_("Unknown record type '{value}'."),
                              field="type", where=f"{where}.type", value=str(kind)[:40])
    _, known, decoders = _decoders(cls)
    if len(data) - 1 > len(known) or not known.issuperset(k for k in data if k != "type"):
        unknown = sorted(set(data) - known - {"type"})
        raise ValidationError("decode.unknown_field", N_("Unknown field '{name}' for a {kind}."),
                              where=where, name=unknown[0][:40], kind=kind)
    values = {name: decode(data[name], where, name)
              for name, decode in decoders if name in data}
    record = cls(**values)
    if not validate:
        return record
    problems = record.validate_all()
    if problems:
        raise RecordInvalidError(problems, record.KIND, where)
    return record


#: A field decoder: (value, where, field name) -> the value, or ValidationError naming
#: ``where.field``. Built once per record class from its type hints (introspecting the hints
#: for every field of every record read was most of the cost of opening a case).
Decoder = Callable[[Any, str, str], Any]
_DECODERS: dict[str, tuple[tuple[str, ...], frozenset[str], tuple[tuple[str, Decoder], ...]]] = {}


def _decoders(
    cls: type[Record],
) -> tuple[tuple[str, ...], frozenset[str], tuple[tuple[str, Decoder], ...]]:
    """The field names of a record class in order, as a set, and their decoders."""
    cached = _DECODERS.get(cls.KIND)
    if cached is None:
        hints = _hints(cls)
        names = tuple(f.name for f in fields(cls))
        cached = (names, frozenset(names), tuple((n, _compile(hints[n])) for n in names))
        _DECODERS[cls.KIND] = cached
    return cached


def _compile(hint: Any) -> Decoder:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = _compile(next(a for a in typing.get_args(hint) if a is not type(None)))

        def optional(value: Any, where: str, name: str) -> Any:
            return None if value is None else inner(value, where, name)
        return optional
    if origin is list:
        item = _compile(typing.get_args(hint)[0])

        def listed(value: Any, where: str, name: str) -> Any:
            if not isinstance(value, list):
                raise ValidationError("decode.not_a_list", N_("Expected a list, found {found}."),
                                      where=f"{where}.{name}", found=_type_name(value))
            return [item(v, where, f"{name}[{i}]") for i, v in enumerate(value)]
        return listed
    simple = {bool: _bool, int: _int, str: _str, PartialDate: _partial_date, date: _date}
    if hint in simple:
        return simple[hint]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum(hint)
    raise TypeError(f"no decoder for {hint!r}")  # a programming error, not bad input


def _bool(value: Any, where: str, name: str) -> Any:
    if not isinstance(value, bool):
        raise ValidationError("decode.not_a_boolean", N_("Expected true or false, found {found}."),
                              where=f"{where}.{name}", found=_type_name(value))
    return value


def _int(value: Any, where: str, name: str) -> Any:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError("decode.not_an_integer",
                              N_("Expected a whole number, found {found}."),
                              where=f"{where}.{name}", found=_type_name(value))
    return value


def _text(value: Any, where: str, name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("decode.not_text", N_("Expected text, found {found}."),
                              where=f"{where}.{name}", found=_type_name(value))
    return value


def _str(value: Any, where: str, name: str) -> Any:
    text = _text(value, where, name)
    if text.isascii() and "\x00" not in text:
        return text  # note: ASCII is already NFC; the common case skips normalize_text
    return normalize_text(text, field=f"{where}.{name}")


def _partial_date(value: Any, where: str, name: str) -> Any:
    return _wrap(PartialDate.parse, _text(value, where, name), f"{where}.{name}")


def _date(value: Any, where: str, name: str) -> Any:
    return _wrap(date.fromisoformat, _text(value, where, name), f"{where}.{name}")


def _enum(enum: type[Enum]) -> Decoder:
    members = {m.value: m for m in enum}
    allowed = ", ".join(members)

    def decode(value: Any, where: str, name: str) -> Any:
        member = members.get(_text(value, where, name))
        if member is None:
            raise ValidationError("decode.not_allowed",
                                  N_("'{value}' is not one of: {allowed}."),
                                  where=f"{where}.{name}", value=value[:40], allowed=allowed)
        return member
    return decode


def _wrap(parse: Any, value: str, where: str) -> Any:
    try:
        return parse(value)
    except ValidationError as exc:
        raise exc.at(where) from None
    except ValueError:
        raise ValidationError("decode.bad_date", N_("'{value}' is not a date (YYYY-MM-DD)."),
                              where=where, value=value[:40]) from None


def _type_name(value: Any) -> str:
    # note: JSON's own names for its types, the same in every language.
    return {dict: "object", list: "array", str: "string", bool: "boolean",
            int: "number", float: "number", type(None): "null"}.get(type(value), "value")
