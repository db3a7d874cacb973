"""Typed errors of the Advocate core.

Every failure a user can meet has its own class carrying the facts (which file, which record,
which field) as named parameters, a stable ``code`` and an English ``template`` marked for the
catalogue (``advocate.i18n``). The words are never built inside the exception: ``text()`` gives
them in the user's language (or any language asked for), ``message`` in English for logs and
tests. The CLI and the desktop app show ``text()``; the core never prints. Tests assert ``code``
and ``params``, not wording.

A new error class::

    class EvidenceTooLargeError(EvidenceError):
        code = "evidence.too_large"
        template = N_("The file {name} is larger than {limit}; it was not taken in.")

        def __init__(self, name: str, limit: str) -> None:
            super().__init__(name=name, limit=limit)

Advice that only fits the command line ("run without --strict") belongs in the CLI, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from advocate.i18n import N_, gettext_in, language


class AdvocateError(Exception):
    """Base of every error the core raises on purpose."""

    #: Stable identifier of the kind of failure (``vault.wrong_passphrase``); never translated.
    code: ClassVar[str] = "error"
    #: English words with ``{named}`` placeholders, marked with ``N_`` for the catalogue.
    template: ClassVar[str] = ""

    def __init__(self, message: str | None = None, /, **params: Any) -> None:
        self.params: dict[str, Any] = params
        # note: a legacy literal message is kept as it is until its class has a template.
        self._literal = message
        super().__init__(self.message)

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language of the process)."""
        if self.template:
            words = gettext_in(lang or language(), self.template)
            try:
                return words.format(**self.params)
            except (KeyError, IndexError, ValueError):
                return self.template.format(**self.params)
        return self._literal or type(self).__name__

    @property
    def message(self) -> str:
        """The message in English."""
        return self.text("en")

    def __str__(self) -> str:
        return self.message


# --- vault -----------------------------------------------------------------------------------


class VaultError(AdvocateError):
    """A problem with a vault folder as a whole."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class NotAVaultError(VaultError):
    """The folder does not hold an Advocate vault (no header, or a header of something else)."""


class VaultExistsError(VaultError):
    """``init`` was asked to create a vault where something already exists."""


class WrongPassphraseError(VaultError):
    """No key slot opens with the passphrase (or recovery key) given."""


class HeaderDamagedError(VaultError):
    """``vault.json`` cannot be parsed, is out of bounds, or fails its MAC."""


class ForeignHeaderError(VaultError):
    """The header opens but belongs to another vault's database."""


class DatabaseDamagedError(VaultError):
    """The key is right but the database does not decrypt or fails its integrity check."""


class VaultTooNewError(VaultError):
    """The vault was written by a newer Advocate whose format this version cannot read."""


class VaultLockedError(VaultError):
    """Another process (another window of the app, or a command) has the vault open."""


class VaultReadOnlyError(VaultError):
    """A write was attempted on a vault opened read-only (for example because it is damaged)."""


class MigrationError(VaultError):
    """A schema migration failed; the vault was left as it was before it."""


class StorageError(VaultError):
    """The operating system refused a read or write (disk full, I/O error, media removed)."""


# --- records ---------------------------------------------------------------------------------


class ValidationError(AdvocateError):
    """A record (or imported document) breaks a rule; ``field`` names where."""

    def __init__(self, message: str, field: str = "", record_kind: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.record_kind = record_kind


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One invalid field of a record: which field, a stable code, its facts, the English words.

    ``code`` is one of: required, too_long, not_an_id, not_a_time, not_a_sha256, negative,
    out_of_range, same_person, same_as_applicant, before_opened, before_received, before_filed,
    before_given; ``params`` holds what the words need (``{"max": 1000000}``).
    """

    field: str
    code: str
    params: dict[str, Any]
    message: str


class RecordInvalidError(ValidationError):
    """A record breaks one or more rules; ``problems`` lists every invalid field at once.

    ``field`` and the message are the first problem's (what a one-line error shows); a form
    marks every field of ``problems``.
    """

    code = "record.invalid"

    def __init__(self, problems: list[FieldProblem], record_kind: str, where: str = "") -> None:
        first = problems[0]
        super().__init__(f"{where}: {first.message}" if where else first.message,
                         field=first.field, record_kind=record_kind)
        self.problems = problems
        self.params = {"kind": record_kind, "fields": [p.field for p in problems]}


class RecordNotFoundError(AdvocateError):
    """No record with that id (or that kind) exists in the vault."""

    def __init__(self, record_id: str, kind: str = "") -> None:
        what = kind or "record"
        super().__init__(f"No {what} with id {record_id} exists in this vault.")
        self.record_id = record_id
        self.kind = kind


class RecordInUseError(AdvocateError):
    """A record cannot be deleted while other records refer to it."""

    def __init__(self, record_id: str, kind: str, used_by: list[tuple[str, str]]) -> None:
        refs = ", ".join(f"{k} {i}" for k, i in used_by[:5])
        more = f" and {len(used_by) - 5} more" if len(used_by) > 5 else ""
        super().__init__(
            f"The {kind} {record_id} is still referred to by {refs}{more}; "
            "remove those references first."
        )
        self.record_id = record_id
        self.kind = kind
        self.used_by = used_by


class ConflictError(AdvocateError):
    """An import would overwrite a different record with the same id."""

    def __init__(self, message: str, record_id: str = "") -> None:
        super().__init__(message)
        self.record_id = record_id


class ImportFormatError(AdvocateError):
    """An interchange document is malformed; ``where`` is a JSON path such as records[3].date."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where


# --- threads ---------------------------------------------------------------------------------


class WrongThreadError(AdvocateError):
    """A store (or vault, or reader) was called from a thread that does not own it.

    A programming error, raised loudly: the call would otherwise have nested into the owner's
    transaction (and been lost with it) or read what the owner has not committed yet.
    """

    code = "store.wrong_thread"
    template = N_("The vault was used from the wrong thread ({action}); nothing was changed.")

    def __init__(self, action: str) -> None:
        super().__init__(action=action)
        self.action = action


class ReaderClosedError(AdvocateError):
    """A reader of the vault was used after it was closed (the vault was locked meanwhile)."""

    code = "store.reader_closed"
    template = N_("The vault was locked; open it again to see its records.")


class VaultReadError(AdvocateError):
    """Reading the whole vault (for a backup) met an error: a damaged page, a disk that refuses."""

    code = "vault.read_failed"
    template = N_("The vault at {path} could not be read ({reason}).")

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path=str(path), reason=reason)
        self.path = path


class LoadRejectedError(AdvocateError):
    """Rows loaded into a new vault (from a backup) do not form a valid vault.

    ``reason`` is "conflict" (two rows collide), "malformed" (a record does not decode) or
    "misfiled" (a record is stored under another kind or id).
    """

    code = "store.load_rejected"
    template = N_("The rows loaded do not form a valid vault ({reason}; record {record_id}).")

    def __init__(self, reason: str, record_id: str) -> None:
        super().__init__(reason=reason, record_id=record_id)
        self.reason = reason
        self.record_id = record_id


# --- evidence --------------------------------------------------------------------------------


class EvidenceError(AdvocateError):
    """An evidence file could not be taken in or given out."""


class EvidenceHashMismatchError(EvidenceError):
    """The bytes read back do not match the SHA-256 recorded at intake."""

    def __init__(self, evidence_id: str, expected: str, actual: str) -> None:
        super().__init__(
            f"Evidence {evidence_id} does not match the SHA-256 recorded at intake "
            f"(expected {expected}, found {actual}); the file was not exported."
        )
        self.evidence_id = evidence_id
        self.expected = expected
        self.actual = actual


class Cancelled(AdvocateError):
    """Long work was cancelled by the user; nothing was left half-done."""

    def __init__(self, message: str = "Cancelled; nothing was changed.") -> None:
        super().__init__(message)
