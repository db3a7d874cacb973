"""The base of every record: an id, timestamps, validation helpers.

Every record has a UUID (so records can later be merged between vaults) and created/updated
timestamps in UTC; the store fills those. ``validate()`` checks what a record can check on its own
and raises :class:`~advocate.errors.ValidationError` naming the field; rules that need other records
(a threat's target must exist) are the store's.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, ClassVar

from advocate.errors import FieldProblem, RecordInvalidError, ValidationError
from advocate.i18n import N_

MAX_TEXT = 1_000_000  # characters in one field: a 50,000-character note is ordinary, a novel is not

#: While ``validate_all`` runs: where ``_fail`` collects the problems instead of raising.
_collected: ContextVar[list[FieldProblem] | None] = ContextVar("advocate_validation",
                                                               default=None)


def new_id() -> str:
    """A fresh random record id."""
    return str(uuid.uuid4())


def utc_now() -> str:
    """The current time in UTC, ISO 8601 with seconds and a Z."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(kw_only=True, slots=True)
class Record:
    """Fields every record has."""

    KIND: ClassVar[str] = "record"
    #: Names of the fields that hold ids of other records, and the kinds they may point to.
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {}

    id: str = field(default_factory=new_id)
    created: str = ""
    updated: str = ""

    def validate(self) -> None:
        """Check the rules a record can check alone; raise ValidationError naming the field.

        Subclasses extend it (calling ``Record.validate(self)`` first). It stops at the first
        problem; ``validate_all`` and ``check`` find every one.
        """
        try:
            uuid.UUID(self.id)
        except ValueError:
            self._fail("id", "record.bad_id", N_("'{value}' is not a record id (a UUID)."),
                       value=self.id[:40])
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and len(value) > MAX_TEXT:
                self._fail(f.name, "record.too_long",
                           N_("The field {field} is longer than {limit} characters; shorten it."),
                           limit=MAX_TEXT)

    def validate_all(self) -> list[FieldProblem]:
        """Every invalid field at once, each with a code (what a form marks); [] when valid.

        note: the rules are the ones ``validate`` runs; each guards its own condition, so going
        on past a failed rule is safe, and a rule is never written twice.
        """
        found: list[FieldProblem] = []
        token = _collected.set(found)
        try:
            self.validate()
        finally:
            _collected.reset(token)
        return found

    def check(self) -> None:
        """Raise ``RecordInvalidError`` listing every invalid field, if there is one."""
        problems = self.validate_all()
        if problems:
            raise RecordInvalidError(problems, self.KIND)

    def _fail(self, name: str, code: str, template: str, **params: Any) -> None:
        found = _collected.get()
        if found is None:
            raise ValidationError(code, template, field=name, record_kind=self.KIND, **params)
        found.append(FieldProblem(name, code, params, template, self.KIND))

    def _require(self, name: str) -> None:
        value = getattr(self, name)
        if value is None or (isinstance(value, str | list) and not value):
            self._fail(name, "record.required", N_("The field {field} is required."))

    def case_of(self) -> str | None:
        """The id of the case the record belongs to, if it belongs to one."""
        return getattr(self, "case_id", None)

    def sort_key(self) -> str:
        """The key that orders records of one kind in a case (by date where they have one)."""
        return ""

    def deadline(self) -> str | None:
        """The day (ISO) this record asks for attention — an answer due, a hearing — or None."""
        return None
