"""Typed errors of backups and restores.

Each class is one kind of failure a user can meet; its message says what happened and what to do.
Every error is raised only after the partial output was removed: a failed backup leaves no file at
its destination, a failed restore leaves no vault (and no staging folder) behind.
"""

from __future__ import annotations

from pathlib import Path

from advocate.errors import AdvocateError


class BackupError(AdvocateError):
    """Base of every backup and restore error; ``path`` is the file or folder concerned."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


# --- writing a backup --------------------------------------------------------------------------


class BackupSourceDamagedError(BackupError):
    """The vault fails its integrity check (or an evidence file its hash): no backup was written."""


class BackupBusyError(BackupError):
    """The vault is in the middle of a change, so no consistent copy can be taken now."""


class BackupStorageError(BackupError):
    """The operating system refused a read or write (disk full, medium removed, read-only)."""


class BackupDestinationExistsError(BackupError):
    """The backup file (or the vault to restore into) already exists."""


class BackupPassphraseInvalidError(BackupError):
    """The backup passphrase given is unusable (empty)."""


class BackupRecipientError(BackupError):
    """An extra recipient is not an age X25519 public key (``age1…``)."""


# --- reading a backup --------------------------------------------------------------------------


class NotABackupError(BackupError):
    """The file is not a backup: not a tar of ``key.age`` and ``data.age``, or not Advocate's."""


class WrongBackupPassphraseError(BackupError):
    """The passphrase does not open the backup's key."""


class BackupWorkFactorError(BackupError):
    """The backup's key asks for an absurd scrypt work factor; it was refused before any work."""


class BackupDamagedError(BackupError):
    """The backup is truncated, altered or inconsistent (age MAC, manifest, a hash, a member)."""


class UnsafeMemberError(BackupDamagedError):
    """A member inside the backup has a dangerous path or type (absolute, ``..``, link, device)."""


class BackupTooNewError(BackupError):
    """The backup was written by a newer Advocate whose format this version cannot read."""
