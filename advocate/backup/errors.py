"""Typed errors of backups and restores.

Each class is one kind of failure a user can meet, with a stable ``code`` and an ``N_()``
template (see ``advocate.errors``); ``path`` is the file or folder concerned and ``detail``, where
there is one, a technical fact in English for support. Every error is raised only after the
partial output was removed: a failed backup leaves no file at its destination, a failed restore
leaves no vault (and no staging folder) behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advocate.errors import AdvocateError
from advocate.i18n import N_


class BackupError(AdvocateError):
    """Base of every backup and restore error; ``path`` is the file or folder concerned."""

    code = "backup.error"

    def __init__(self, path: Path | None = None, **params: Any) -> None:
        super().__init__(path=path, **params)
        self.path = path


# --- writing a backup --------------------------------------------------------------------------


class BackupSourceDamagedError(BackupError):
    """The vault fails its integrity check (or an evidence file its hash): no backup was written."""

    code = "backup.source_damaged"
    template = N_("The vault at {path} could not be read completely or fails its checks, so no "
                  "backup was written. Check the vault (verify), and keep your older backups.")

    def __init__(self, path: Path | None, detail: str) -> None:
        super().__init__(path, detail=detail)


class BackupBusyError(BackupError):
    """The vault is in the middle of a change, so no consistent copy can be taken now."""

    code = "backup.busy"
    template = N_("The vault at {path} was in the middle of a change, so no backup was written. "
                  "Try again when the change is finished.")


class BackupStorageError(BackupError):
    """The operating system refused a read or write (disk full, medium removed, read-only)."""

    code = "backup.storage"
    template = N_("Could not read or write {path}: {reason}. Free some disk space or check the "
                  "drive, then try again; nothing was left behind.")

    def __init__(self, path: Path | None, reason: str, operation: str = "write") -> None:
        super().__init__(path, reason=reason, operation=operation)


class BackupFolderMissingError(BackupStorageError):
    """The folder the backup (or the restored vault) should go into does not exist."""

    code = "backup.folder_missing"
    template = N_("The folder {path} does not exist. Check that the drive is connected, or "
                  "choose another folder.")

    def __init__(self, path: Path) -> None:
        super().__init__(path, "no such folder", "open")


class BackupDestinationExistsError(BackupError):
    """The backup file (or the vault to restore into) already exists."""

    code = "backup.destination_exists"
    template = N_("{path} already exists; choose a new name. An older backup or vault is never "
                  "replaced unless you ask for it.")


class BackupDestinationIsFolderError(BackupDestinationExistsError):
    """The name given for the backup file is a folder."""

    code = "backup.destination_is_folder"
    template = N_("{path} is a folder; give the name of the backup file to write.")


class BackupPassphraseInvalidError(BackupError):
    """The backup passphrase given is unusable (empty)."""

    code = "backup.passphrase_empty"
    template = N_("The backup passphrase is empty; choose a passphrase of several words.")


class BackupRecipientError(BackupError):
    """An extra recipient is not an age X25519 public key (``age1…``)."""

    code = "backup.bad_recipient"
    template = N_("'{recipient}…' is not an age public key (age1…); check the recipient and try "
                  "again. No backup was written.")

    def __init__(self, recipient: str) -> None:
        super().__init__(None, recipient=recipient)


class BackupEncryptError(BackupError):
    """age itself failed while encrypting (a defect, not the user's doing)."""

    code = "backup.encrypt_failed"
    template = N_("The backup could not be encrypted; nothing was written. Please report this "
                  "problem.")

    def __init__(self, detail: str) -> None:
        super().__init__(None, detail=detail)


# --- reading a backup --------------------------------------------------------------------------


class NotABackupError(BackupError):
    """The file is not a backup: not a tar of ``key.age`` and ``data.age``, or not Advocate's."""

    code = "backup.not_a_backup"
    template = N_("This file is not an Advocate backup (or it was altered). Choose the backup "
                  "file Advocate wrote.")

    def __init__(self, path: Path | None, detail: str) -> None:
        super().__init__(path, detail=detail)


class WrongBackupPassphraseError(BackupError):
    """The passphrase does not open the backup's key."""

    code = "backup.wrong_passphrase"
    template = N_("The passphrase does not open this backup. Check the keyboard layout and Caps "
                  "Lock, and that this is the backup's passphrase (not the vault's).")


class BackupWorkFactorError(BackupError):
    """The backup's key asks for an absurd scrypt work factor; it was refused before any work."""

    code = "backup.work_factor"
    template = N_("The backup's key asks for a scrypt work factor of 2^{found}, beyond the "
                  "2^{limit} any backup uses; it was refused without trying, since it could hang "
                  "the computer. The file was altered: use another copy.")

    def __init__(self, path: Path | None, found: int, limit: int) -> None:
        super().__init__(path, found=found, limit=limit)


class BackupDamagedError(BackupError):
    """The backup is truncated, altered or inconsistent (age MAC, manifest, a hash, a member)."""

    code = "backup.damaged"
    template = N_("The backup is damaged or was altered; nothing was restored from it. Use "
                  "another copy of the backup.")

    def __init__(self, path: Path | None, detail: str) -> None:
        super().__init__(path, detail=detail)


class UnsafeMemberError(BackupDamagedError):
    """A member inside the backup has a dangerous path or type (absolute, ``..``, link, device)."""

    code = "backup.unsafe_member"
    template = N_("The backup holds a file Advocate never writes, so it was altered; nothing "
                  "was restored from it. Use another copy of the backup.")


class BackupTooNewError(BackupError):
    """The backup was written by a newer Advocate whose format this version cannot read."""

    code = "backup.too_new"
    template = N_("The backup was written by a newer version of Advocate (version {found}; this "
                  "version reads up to {supported}). Update Advocate to restore it.")

    def __init__(self, path: Path | None, found: int, supported: int, what: str) -> None:
        super().__init__(path, found=found, supported=supported, what=what)
