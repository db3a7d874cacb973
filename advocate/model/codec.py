"""Records to plain JSON-able dicts and back, strictly.

The same dict form is stored in the vault and written to the interchange format, so there is one
codec and it trusts nothing: every field is checked for its type, every enumeration value for
membership, unknown fields are refused, and every error names where it happened
(``records[3].received``). Text is NFC-normalised on the way in.
"""

from __future__ import annotations

import types
import typing
from dataclasses import fields
from datetime import date
from enum import Enum
from typing import Any

from advocate.errors import ValidationError
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
    for f in fields(record):
        out[f.name] = _encode(getattr(record, f.name))
    return out


def _encode(value: Any) -> Any:
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
        raise ValidationError(f"{where}: expected an object, found {_type_name(data)}.")
    kind = data.get("type")
    cls = RECORD_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValidationError(f"{where}.type: unknown record type {str(kind)[:40]!r}.", "type")
    hints = _hints(cls)
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known - {"type"})
    if unknown:
        raise ValidationError(f"{where}: unknown field {unknown[0][:40]!r} for a {kind}.")
    values: dict[str, Any] = {}
    for name in known:
        if name in data:
            values[name] = _decode(data[name], hints[name], f"{where}.{name}")
    record = cls(**values)
    if not validate:
        return record
    try:
        record.validate()
    except ValidationError as exc:
        raise ValidationError(f"{where}: {exc.message}", exc.field, exc.record_kind) from None
    return record


def _decode(value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _decode(value, args[0], where)
    if origin is list:
        if not isinstance(value, list):
            raise ValidationError(f"{where}: expected a list, found {_type_name(value)}.")
        (item,) = typing.get_args(hint)
        return [_decode(v, item, f"{where}[{i}]") for i, v in enumerate(value)]
    if hint is bool:
        if not isinstance(value, bool):
            raise ValidationError(f"{where}: expected true or false, found {_type_name(value)}.")
        return value
    if hint is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(f"{where}: expected a whole number, found {_type_name(value)}.")
        return value
    if not isinstance(value, str):
        raise ValidationError(f"{where}: expected text, found {_type_name(value)}.")
    if hint is str:
        return normalize_text(value, field=where)
    if hint is PartialDate:
        return _wrap(PartialDate.parse, value, where)
    if hint is date:
        return _wrap(date.fromisoformat, value, where)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            allowed = ", ".join(m.value for m in hint)
            raise ValidationError(
                f"{where}: {value[:40]!r} is not one of {allowed}."
            ) from None
    raise TypeError(f"no decoder for {hint!r}")  # a programming error, not bad input


def _wrap(parse: Any, value: str, where: str) -> Any:
    try:
        return parse(value)
    except ValidationError as exc:
        raise ValidationError(f"{where}: {exc.message}") from None
    except ValueError:
        raise ValidationError(f"{where}: {value[:40]!r} is not a date (YYYY-MM-DD).") from None


def normalized(record: Record) -> Record:
    """A copy of the record with every text NFC-normalised (NUL refused), via the codec."""
    return from_dict(to_dict(record), record.KIND)


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), "a value")
