"""Encrypted backups and restores of a vault (age format), with progress and cancellation.

A backup is one file, a plain tar of ``key.age`` (a fresh X25519 identity encrypted with the
backup passphrase) and ``data.age`` (a tar of ``manifest.json``, ``records.sql`` and
``evidence/<id>``, streamed to that identity). docs/backup-format.md describes it and how to
restore one by hand with ``tar``, ``age`` and ``sqlite3``. Typical use::

    info = write_backup(store, Path("/media/usb/cases.advocate-backup"), passphrase)
    verify_backup(info.path, passphrase)
    restore_backup(info.path, passphrase, Path("restored.advocate"), new_passphrase)
"""

from advocate.backup.errors import (
    BackupBusyError,
    BackupDamagedError,
    BackupDestinationExistsError,
    BackupError,
    BackupPassphraseInvalidError,
    BackupRecipientError,
    BackupSourceDamagedError,
    BackupStorageError,
    BackupTooNewError,
    BackupWorkFactorError,
    NotABackupError,
    UnsafeMemberError,
    WrongBackupPassphraseError,
)
from advocate.backup.info import BackupInfo, RestoreInfo
from advocate.backup.reader import verify_backup
from advocate.backup.restore import restore_backup
from advocate.backup.writer import write_backup

__all__ = [
    "BackupBusyError",
    "BackupDamagedError",
    "BackupDestinationExistsError",
    "BackupError",
    "BackupInfo",
    "BackupPassphraseInvalidError",
    "BackupRecipientError",
    "BackupSourceDamagedError",
    "BackupStorageError",
    "BackupTooNewError",
    "BackupWorkFactorError",
    "NotABackupError",
    "RestoreInfo",
    "UnsafeMemberError",
    "WrongBackupPassphraseError",
    "restore_backup",
    "verify_backup",
    "write_backup",
]
