"""Typed errors of the Advocate core.

Every failure a user can meet has its own class carrying the facts (which file, which record,
which field). The CLI and the desktop app turn them into words in the user's language; the core
never prints. ``AdvocateError.message`` is a plain English sentence that says what happened and
what to do, used by the CLI and as the fallback text in the app.
"""

from __future__ import annotations

from pathlib import Path


class AdvocateError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
