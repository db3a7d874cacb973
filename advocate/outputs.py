"""Where a file the user names may be written: one rule for every command and save dialog.

A file the user names as output (an export, a report, a backup, an evidence file) is written only
if all of these hold; otherwise a typed ``OutputError`` says which one failed and nothing is
written:

- it is not inside a vault folder: a folder holding ``vault.json`` or ``vault.db`` — the folder
  itself, or any folder above (a plain file there would also sit unencrypted inside the
  "encrypted" folder, and ``-o VAULT/vault.json`` destroyed the vault);
- it is not a vault's file or a backup (recognised by their first bytes wherever they are): those
  are never replaced, except a backup by a new backup when the user asked for ``overwrite``;
- it is not a symbolic link, a device, a pipe or a folder (nothing is written *through* a name);
- it does not exist yet, unless the user explicitly allowed replacing it (``overwrite``).

The write itself is ``advocate.vault.atomic.atomic_writer``: a 0600 temporary file beside the
target, fsynced, put in place, the folder fsynced. Without ``overwrite`` the final step never
replaces a file that appeared meanwhile. The module is Qt-free; the app's save dialogs call
``check_output`` before they accept a name and the core calls it again before writing.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from advocate.errors import AdvocateError, StorageError
from advocate.i18n import N_
from advocate.vault.atomic import ErrorMapper, atomic_writer

#: Names of the files that make a folder a vault folder (docs/vault-format.md).
VAULT_MARKERS = ("vault.json", "vault.db")
_BACKUP_MAGIC = b"key.age\0"  # a backup is a tar whose first member is key.age
_VAULT_HEADER_MAGIC = b'"advocate-vault"'


class OutputError(AdvocateError):
    """A file the user named as output may not be written there; nothing was written."""

    code = "output.refused"

    def __init__(self, path: Path, **params: object) -> None:
        super().__init__(path=str(path), **params)
        self.path = path


class OutputInVaultError(OutputError):
    """The output would be inside a vault folder."""

    code = "output.in_vault"
    template = N_("{path} is inside the vault folder {vault}; nothing is written there. "
                  "Choose a place outside the vault folder.")

    def __init__(self, path: Path, vault: Path) -> None:
        super().__init__(path, vault=str(vault))


class OutputProtectedError(OutputError):
    """The output would replace a vault's file or a backup."""

    code = "output.protected"
    # note: ``what`` ("vault header", "backup") is a fact for tests and logs, not for the words
    template = N_("{path} is a vault's file or a backup; it is never replaced by another file. "
                  "Choose another name.")

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(path, what=what)


class OutputSymlinkError(OutputError):
    """The output name is a symbolic link."""

    code = "output.symlink"
    template = N_("{path} is a symbolic link; nothing is written through a link. "
                  "Give the name of an ordinary file.")

    def __init__(self, path: Path) -> None:
        super().__init__(path)


class OutputNotAFileError(OutputError):
    """The output name is a device, a pipe, a socket or a folder."""

    code = "output.not_a_file"
    template = N_("{path} is a folder, a device or a pipe, not an ordinary file; "
                  "give the name of the file to write.")

    def __init__(self, path: Path) -> None:
        super().__init__(path)


class OutputExistsError(OutputError):
    """The output exists and replacing it was not allowed."""

    code = "output.exists"
    template = N_("{path} already exists and was not replaced. Choose a new name, or allow "
                  "replacing it (--overwrite on the command line).")

    def __init__(self, path: Path) -> None:
        super().__init__(path)


class OutputFolderMissingError(OutputError):
    """The folder the output should go into does not exist (or the drive is gone)."""

    code = "output.folder_missing"
    template = N_("The folder {folder} does not exist; check the path, or that the drive is "
                  "connected. Nothing was written.")

    def __init__(self, path: Path) -> None:
        super().__init__(path, folder=str(path.parent))


def vault_folder_above(folder: Path) -> Path | None:
    """The vault folder ``folder`` is, or lies inside, or None."""
    try:
        current = folder.resolve()
    except (OSError, RuntimeError):
        current = Path(os.path.abspath(folder))
    for candidate in (current, *current.parents):
        for marker in VAULT_MARKERS:
            with contextlib.suppress(OSError):
                if os.path.lexists(candidate / marker):
                    return candidate
    return None


def protected_kind(path: Path) -> str | None:
    """"vault header", "vault database" or "backup" when the file at ``path`` is one, else None."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        head = os.read(fd, 4096)
    except OSError:
        return None
    finally:
        os.close(fd)
    if head.startswith(_BACKUP_MAGIC):
        return "backup"
    if _VAULT_HEADER_MAGIC in head and b'"slots"' in head:
        return "vault header"
    if path.name == VAULT_MARKERS[1]:
        return "vault database"  # SQLCipher pages look random: only the name tells
    return None


def check_output(path: Path, *, overwrite: bool = False, replaces_backup: bool = False) -> Path:
    """Check ``path`` against the rule of this module; returns it, or raises ``OutputError``.

    ``replaces_backup`` lets a new backup replace an older backup (only with ``overwrite``).
    """
    path = Path(path)
    vault = vault_folder_above(path.parent)
    if vault is not None:
        raise OutputInVaultError(path, vault)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise StorageError.from_os(path, exc, "examine") from exc
    if stat.S_ISLNK(info.st_mode):
        raise OutputSymlinkError(path)
    if not stat.S_ISREG(info.st_mode):
        raise OutputNotAFileError(path)
    kind = protected_kind(path)
    if kind is not None and not (kind == "backup" and replaces_backup):
        raise OutputProtectedError(path, kind)
    if not overwrite:
        raise OutputExistsError(path)
    return path


def storage_error(path: Path, exc: OSError) -> Exception:
    """The default error of a refused write: ``StorageError`` naming the file and the reason."""
    if isinstance(exc, FileNotFoundError):
        return OutputFolderMissingError(path)
    return StorageError.from_os(path, exc, "write")


@contextlib.contextmanager
def open_output(path: Path, *, overwrite: bool = False, replaces_backup: bool = False,
                readable: bool = False, error: ErrorMapper = storage_error) -> Iterator[BinaryIO]:
    """Check ``path`` and yield a temporary file that becomes ``path`` when the block ends.

    Raises ``OutputError`` before anything is written, ``OutputExistsError`` if a file appeared
    at ``path`` meanwhile (without ``overwrite``), and ``error(path, exc)`` (a ``StorageError``
    unless the caller maps it to its own kind) when the system refuses, e.g. a missing folder.
    """
    path = check_output(path, overwrite=overwrite, replaces_backup=replaces_backup)

    def mapped(target: Path, exc: OSError) -> Exception:
        return OutputExistsError(target) if isinstance(exc, FileExistsError) else error(target, exc)

    with atomic_writer(path, replace=overwrite, error=mapped, folder_sync_required=False,
                       readable=readable) as handle:
        yield handle
