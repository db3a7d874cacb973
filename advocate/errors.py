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

A few classes stand for a family of problems that differ only in their words (a record rule, a
malformed import): their raise sites pass the ``code`` and the ``N_()``-marked ``template``, as
``ValidationError`` and ``ImportFormatError`` do. A ``detail`` parameter, where there is one, is
a technical fact in English for logs and support (a parser's complaint, an OS error); it is not
part of the sentence a user reads. An OS error's ``reason`` is an ``OsReason``: the system's English
words as the fact, translated in ``text()`` when the refusal is a known one (disk full, no access).
Checks that list problems without raising (``verify``, a backup's content) give ``Problem``s,
typed the same way.

Advice that only fits the command line ("run without --strict") belongs in the CLI, not here.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advocate.i18n import N_, gettext_in, language


def _rebuild(cls: type[AdvocateError], state: dict[str, Any]) -> AdvocateError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.code)
    return error


#: The operating system's refusals a user meets, in words the catalogue translates (the system
#: itself speaks English here whatever the locale).
_OS_REASONS: dict[int, str] = {
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EACCES: N_("access denied"),
    errno.EPERM: N_("the operation is not permitted"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EIO: N_("the disk could not be read or written (input/output error)"),
    errno.ENOENT: N_("no such file or folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.EEXIST: N_("it already exists"),
    errno.EBUSY: N_("it is in use by another program"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}


class OsReason(str):
    """Why the operating system refused (its own English words), translatable by ``errno``."""

    errno: int | None

    def __new__(cls, exc: OSError) -> OsReason:
        """The reason of ``exc``."""
        reason = super().__new__(cls, exc.strerror or str(exc))
        reason.errno = exc.errno
        return reason

    def text(self, lang: str) -> str:
        """The reason in ``lang``: the catalogue's words for a known refusal, else the system's."""
        known = _OS_REASONS.get(self.errno or 0)
        if known is None or lang == "en":
            return str(self)
        return gettext_in(lang, known)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_os_reason, (str(self), self.errno))


def _os_reason(words: str, number: int | None) -> OsReason:
    return OsReason(OSError(number, words))


def os_reason(exc: OSError) -> OsReason:
    """The reason an ``OSError`` gives, to pass as an error's ``reason`` parameter."""
    return OsReason(exc)


class AdvocateError(Exception):
    """Base of every error the core raises on purpose."""

    #: Stable identifier of the kind of failure (``vault.wrong_passphrase``); never translated.
    code: str = "error"
    #: English words with ``{named}`` placeholders, marked with ``N_`` for the catalogue.
    template: str = N_("Something went wrong.")

    def __init__(self, **params: Any) -> None:
        self.params: dict[str, Any] = params
        super().__init__(self.code)

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language of the process)."""
        lang = lang or language()
        words = gettext_in(lang, self.template)
        params = {key: value.text(lang) if isinstance(value, OsReason) else value
                  for key, value in self.params.items()}
        try:
            return words.format(**params)
        except (KeyError, IndexError, ValueError):
            # note: a broken translation must not hide the error; the catalogue test catches it.
            return self.template.format(**params)

    @property
    def message(self) -> str:
        """The message in English."""
        return self.text("en")

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take their own arguments; rebuild from the state, so errors cross processes.
        return (_rebuild, (type(self), dict(self.__dict__)))


class Problem(str):
    """A problem a check found and lists without raising (``verify``, a backup's content).

    Typed as errors are: a stable ``code``, an ``N_()`` template and its ``params``; ``text(lang)``
    gives the words. The value of the string is the English text, so a list of problems still
    prints, compares and serialises to JSON as it did when problems were plain strings.
    """

    code: str
    template: str
    params: dict[str, Any]

    def __new__(cls, code: str, template: str, **params: Any) -> Problem:
        """The problem ``code`` with its facts."""
        problem = super().__new__(cls, template.format(**params))
        problem.code = code
        problem.template = template
        problem.params = params
        return problem

    def text(self, lang: str | None = None) -> str:
        """The problem in ``lang`` (default: the current language of the process)."""
        words = gettext_in(lang or language(), self.template)
        try:
            return words.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_problem, (self.code, self.template, self.params))


def _problem(code: str, template: str, params: dict[str, Any]) -> Problem:
    return Problem(code, template, **params)


# --- vault -----------------------------------------------------------------------------------


class VaultError(AdvocateError):
    """A problem with a vault folder as a whole; ``path`` is the folder (or file) concerned."""

    code = "vault.error"

    def __init__(self, path: Path | None = None, **params: Any) -> None:
        super().__init__(path=path, **params)
        self.path = path


class CipherMissingError(VaultError):
    """This installation's SQLite is not SQLCipher 4, so no vault can be opened."""

    code = "vault.sqlcipher_missing"
    template = N_("This installation of Advocate has SQLCipher {found}; vaults need SQLCipher 4. "
                  "Reinstall Advocate.")

    def __init__(self, path: Path | None, found: str) -> None:
        super().__init__(path, found=found)


class VaultClosedError(VaultError):
    """The vault object was closed and then used."""

    code = "vault.closed"
    template = N_("The vault at {path} is closed; open it again.")


class NotAVaultError(VaultError):
    """The folder does not hold an Advocate vault (``reason``: missing, not_a_folder, no_header)."""

    code = "vault.not_a_vault"
    template = N_("There is no Advocate vault at {path}. Choose the vault folder itself (its name "
                  "ends in .advocate).")

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason=reason)


class VaultExistsError(VaultError):
    """``init`` was asked to create a vault where something already exists."""

    code = "vault.exists"
    template = N_("{path} already exists and is not an empty folder; choose a new name for the "
                  "vault.")


class WrongPassphraseError(VaultError):
    """No key slot opens with the passphrase (or recovery key) given."""

    code = "vault.wrong_passphrase"
    template = N_("The passphrase or recovery key does not open the vault at {path}. Check the "
                  "keyboard layout and Caps Lock, then try again.")


class HeaderDamagedError(VaultError):
    """``vault.json`` cannot be parsed, is out of bounds, or fails its MAC (``detail`` says how)."""

    code = "vault.header_damaged"
    template = N_("The header of the vault at {path} (vault.json) is damaged or was changed after "
                  "it was written. Restore the vault from a backup, or restore vault.json alone "
                  "from a copy of this same vault.")

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(path, detail=detail)


class ForeignHeaderError(VaultError):
    """The header opens but belongs to another vault's database."""

    code = "vault.foreign_header"
    template = N_("The header vault.json in {path} belongs to another vault's database. Put back "
                  "this vault's own vault.json (from a backup), or restore the whole vault.")


class DatabaseDamagedError(VaultError):
    """The key is right but the database is missing, does not decrypt or fails its checks."""

    code = "vault.database_damaged"
    template = N_("The database of the vault at {path} is missing or damaged, although the "
                  "passphrase is right. Nothing was changed; restore the vault from a backup.")

    def __init__(self, path: Path | None, detail: str) -> None:
        super().__init__(path, detail=detail)


class VaultTooNewError(VaultError):
    """The vault was written by a newer Advocate whose format this version cannot read."""

    code = "vault.too_new"
    template = N_("The vault at {path} was written by a newer version of Advocate (format "
                  "{found}; this version reads up to {supported}). Update Advocate to open it.")

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(path, found=found, supported=supported)


class VaultLockedError(VaultError):
    """Another process (another window of the app, or a command) has the vault open."""

    code = "vault.locked"
    template = N_("The vault at {path} is already open in another window or command. Close it "
                  "there first, then try again.")


class VaultReadOnlyError(VaultError):
    """A write was attempted on a vault opened read-only (for example because it is damaged)."""

    code = "vault.read_only"
    template = N_("The vault at {path} is open read-only, so nothing was changed. If it is "
                  "damaged, restore it from a backup; otherwise open it normally.")


class VaultNeedsUpgradeError(VaultReadOnlyError):
    """A vault of an older schema was opened read-only, so it cannot be upgraded now."""

    code = "vault.needs_upgrade"
    template = N_("The vault at {path} needs upgrading but is open read-only; nothing was "
                  "changed. Open it normally to upgrade it.")


class MigrationError(VaultError):
    """A schema migration failed; the vault was left as it was before it."""

    code = "vault.upgrade_failed"
    template = N_("Upgrading the vault at {path} failed at step {step}. That step was undone and "
                  "the vault is as it was. Report this problem, and keep using the previous "
                  "version of Advocate meanwhile.")

    def __init__(self, path: Path, step: int, detail: str, copy: Path | None) -> None:
        super().__init__(path, step=step, detail=detail, copy=copy)


class MigrationBusyError(MigrationError):
    """The vault was busy (a transaction open) when an upgrade wanted to copy it first."""

    code = "vault.upgrade_busy"
    template = N_("The vault at {path} is busy and could not be prepared for upgrading; nothing "
                  "was changed. Close other work on it and try again.")

    def __init__(self, path: Path) -> None:
        VaultError.__init__(self, path)


class StorageError(VaultError):
    """The operating system refused a read or write (disk full, I/O error, media removed).

    ``operation`` says which (read, write, remove, create, open); ``reason`` is the system's own
    words, which come in English.
    """

    code = "storage.refused"
    template = N_("Could not read or write {path}: {reason}. Free some disk space or check the "
                  "drive, then try again.")

    def __init__(self, path: Path | None, reason: str, operation: str = "write") -> None:
        super().__init__(path, reason=reason, operation=operation)

    @classmethod
    def from_os(cls, path: Path | None, exc: OSError, operation: str) -> StorageError:
        """The error for an ``OSError`` met while doing ``operation`` on ``path``."""
        return cls(path, os_reason(exc), operation)


class StorageLockError(StorageError):
    """The file system cannot lock the vault's lock file (some network drives)."""

    code = "storage.lock_failed"
    template = N_("Could not lock {path}: {reason}. Keep vaults on a local drive (network drives "
                  "may not support locking).")

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason, "lock")


class StorageFlushError(StorageError):
    """A file was written and renamed into place, but its folder could not be flushed."""

    code = "storage.not_flushed"
    template = N_("{path} was written, but the folder could not be flushed to disk ({reason}); "
                  "check the drive before relying on it.")

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason, "flush")


# --- records ---------------------------------------------------------------------------------


class ValidationError(AdvocateError):
    """A record (or a value, a setting) breaks a rule; ``field`` names where.

    One class for the whole family of rules: each raise site gives its own ``code`` (such as
    ``record.required``) and ``N_()``-marked template; the facts are keyword parameters.
    """

    code = "validation"

    def __init__(self, code: str, template: str, *, field: str = "", record_kind: str = "",
                 **params: Any) -> None:
        super().__init__(field=field, record_kind=record_kind, **params)
        self.code = code
        self.template = template
        self.field = field
        self.record_kind = record_kind

    def at(self, where: str) -> ValidationError:
        """The same problem, located in a document (``records[3].date``)."""
        params = dict(self.params)
        inner = params.get("where")
        params["where"] = f"{where}: {inner}" if inner else where
        return ValidationError(self.code, self.template, **params)

    def text(self, lang: str | None = None) -> str:
        """The message, after the place in a document it concerns (a JSON path), if any."""
        words = super().text(lang)
        where = self.params.get("where")
        return f"{where}: {words}" if where else words


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One invalid field of a record: which field, the rule's stable code, its facts, its words.

    ``code`` and ``template`` are those the same rule raises as a ``ValidationError``
    (``record.required``); ``params`` holds the facts the words need (``{"limit": 1000000}``).
    """

    field: str
    code: str
    params: dict[str, Any]
    template: str
    record_kind: str = ""

    def text(self, lang: str | None = None) -> str:
        """The problem in ``lang`` (default: the current language of the process)."""
        words = gettext_in(lang or language(), self.template)
        facts = {"field": self.field, "record_kind": self.record_kind, **self.params}
        try:
            return words.format(**facts)
        except (KeyError, IndexError, ValueError):
            return self.template.format(**facts)

    @property
    def message(self) -> str:
        """The problem in English, for logs and tests."""
        return self.text("en")


class RecordInvalidError(ValidationError):
    """A record breaks one or more rules; ``problems`` lists every invalid field at once.

    ``code``, ``template``, ``field`` and ``params`` are the first problem's (what a one-line
    error shows); a form marks every field of ``problems``.
    """

    def __init__(self, problems: list[FieldProblem], record_kind: str, where: str = "") -> None:
        first = problems[0]
        params = dict(first.params)
        if where:
            params["where"] = where
        super().__init__(first.code, first.template, field=first.field,
                         record_kind=record_kind, **params)
        self.problems = problems


class RecordNotFoundError(AdvocateError):
    """No record with that id (or that kind) exists in the vault."""

    code = "record.not_found"
    template = N_("No record with id {record_id} exists in this vault (it may have been "
                  "deleted).")

    def __init__(self, record_id: str, kind: str = "") -> None:
        super().__init__(record_id=record_id, kind=kind)
        self.record_id = record_id
        self.kind = kind


class AmbiguousCaseError(AdvocateError):
    """A case reference (as ``--case REF`` takes it) names more than one case."""

    code = "case.ambiguous"
    template = N_("Several cases have the reference {reference}: {ids}. Give the id of the "
                  "one you mean instead.")

    def __init__(self, reference: str, case_ids: list[str]) -> None:
        super().__init__(reference=reference, count=len(case_ids), ids=", ".join(case_ids))
        self.reference = reference
        self.case_ids = case_ids


class RecordInUseError(AdvocateError):
    """A record cannot be deleted while other records refer to it (``used_by``: kind, id)."""

    code = "record.in_use"
    template = N_("Other records still refer to {record_id} ({refs}); remove those references "
                  "first, then delete it.")

    def __init__(self, record_id: str, kind: str, used_by: list[tuple[str, str]]) -> None:
        refs = ", ".join(i for _k, i in used_by[:5]) + (" …" if len(used_by) > 5 else "")
        super().__init__(record_id=record_id, kind=kind, refs=refs, count=len(used_by))
        self.record_id = record_id
        self.kind = kind
        self.used_by = used_by


class ConflictError(AdvocateError):
    """An import would overwrite a different record with the same id."""

    code = "import.conflict"
    template = N_("A record with id {record_id} already exists here with different content; "
                  "nothing was imported. Edit one of them so they agree, then import again.")

    def __init__(self, record_id: str, kind: str = "") -> None:
        super().__init__(record_id=record_id, kind=kind)
        self.record_id = record_id


class ImportFormatError(AdvocateError):
    """An interchange document is malformed; ``where`` is a JSON path such as records[3].date.

    A family like ``ValidationError``: each raise site gives its ``code`` and template.
    """

    code = "import.format"

    def __init__(self, code: str, template: str, where: str = "", **params: Any) -> None:
        super().__init__(where=where, **params)
        self.code = code
        self.template = template
        self.where = where

    @classmethod
    def from_validation(cls, exc: ValidationError, where: str = "") -> ImportFormatError:
        """A record of the document breaks a rule: the same code and facts, at ``where``."""
        params = dict(exc.params)
        inner = params.pop("where", "")
        place = ": ".join(part for part in (where, inner) if part)
        return cls(exc.code, exc.template, place, **params)

    def text(self, lang: str | None = None) -> str:
        """The message, after the place in the document it concerns (a JSON path)."""
        words = super().text(lang)
        return f"{self.where}: {words}" if self.where else words


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

    code = "evidence.error"


class EvidenceUnreadableError(EvidenceError):
    """The file to take in could not be opened or read."""

    code = "evidence.unreadable"
    template = N_("The file {path} could not be read: {reason}. Check that it still exists and "
                  "that you may open it, then try again.")

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(path=path, reason=reason)


class EvidenceTooLargeError(EvidenceError):
    """The file is larger than the vault takes in (``limit``, such as 16 GiB)."""

    code = "evidence.too_large"
    template = N_("The file is larger than {limit} and was not taken in.")

    def __init__(self, limit: str) -> None:
        super().__init__(limit=limit)


class EvidenceTooLargeToShowError(EvidenceError):
    """The file is too large to be read into memory for showing."""

    code = "evidence.too_large_to_show"
    template = N_("The file is too large to show here; export it instead.")


class EvidenceDestinationExistsError(EvidenceError):
    """An export would overwrite an existing file."""

    code = "evidence.destination_exists"
    template = N_("{path} already exists; choose another name.")

    def __init__(self, path: Path) -> None:
        super().__init__(path=path)


class EvidenceHashMismatchError(EvidenceError):
    """The bytes read back do not match the SHA-256 recorded at intake."""

    code = "evidence.hash_mismatch"
    template = N_("The evidence {evidence_id} no longer matches the SHA-256 recorded when it was "
                  "taken in (expected {expected}, found {actual}); the file was not given out. "
                  "Check the vault with verify, and restore it from a backup.")

    def __init__(self, evidence_id: str, expected: str, actual: str) -> None:
        super().__init__(evidence_id=evidence_id, expected=expected, actual=actual)
        self.evidence_id = evidence_id
        self.expected = expected
        self.actual = actual


class Cancelled(AdvocateError):
    """Long work was cancelled by the user; nothing was left half-done."""

    code = "cancelled"
    template = N_("Cancelled; nothing was changed.")
