"""What to tell the user when a vault does not open: one calm message per kind of failure."""

from __future__ import annotations

from advocate.errors import (
    AdvocateError,
    DatabaseDamagedError,
    ForeignHeaderError,
    HeaderDamagedError,
    NotAVaultError,
    StorageError,
    VaultLockedError,
    VaultReadOnlyError,
    VaultTooNewError,
    WrongPassphraseError,
)
from advocate.i18n import _


def open_error_text(exc: BaseException) -> tuple[str, str]:
    """(what happened and what to do, the core's own words or "") for an error of opening.

    The core's words (``exc.text()``) go in the detail; anything that is not the core's error
    gets a generic message and never its text (it may quote case data).
    """
    detail = exc.text() if isinstance(exc, AdvocateError) else ""
    if isinstance(exc, WrongPassphraseError):
        return (_("That does not open this vault. Check the keyboard layout and Caps Lock, "
                  "then type it again."), "")
    if isinstance(exc, VaultLockedError):
        return (_("This vault is already open in another Advocate window or command. Close it "
                  "there, then try again."), detail)
    if isinstance(exc, VaultTooNewError):
        return (_("This vault was made by a newer version of Advocate. Install that version "
                  "to open it; nothing in the vault was changed."), detail)
    if isinstance(exc, ForeignHeaderError):
        return (_("The key file of this vault (vault.json) belongs to another vault. Put back "
                  "the right one, or restore the vault from a backup."), detail)
    if isinstance(exc, DatabaseDamagedError | HeaderDamagedError):
        return (_("This vault is damaged and cannot be opened. Nothing was changed. Restore it "
                  "from your latest backup (Vault, then Restore…)."), detail)
    if isinstance(exc, NotAVaultError):
        return (_("This folder does not hold an Advocate vault. Choose the folder the vault "
                  "was created in."), detail)
    if isinstance(exc, VaultReadOnlyError):
        return (_("Advocate cannot write to this vault (the folder or the drive is read-only). "
                  "Copy the vault folder to a place you can write to, and open it there."),
                detail)
    if isinstance(exc, StorageError):
        return (_("The drive refused to read or write the vault. Check that it is connected "
                  "and has free space, then try again."), detail)
    if isinstance(exc, AdvocateError):
        return exc.text(), ""
    return (_("The vault could not be opened because of an unexpected problem. Nothing was "
              "changed. Close Advocate and try again."), "")
