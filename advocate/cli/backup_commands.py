"""Commands about backups: ``backup`` and ``restore`` (``verify FILE`` is in verify_backup.py).

Passphrases come from the terminal or standard input, never from arguments: for ``backup`` line 1
is the vault's passphrase and line 2 the backup's (asked twice at a terminal); for ``restore``
line 1 is the backup's passphrase and line 2 the new vault's.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from advocate.backup import restore_backup, write_backup
from advocate.backup.info import BackupInfo
from advocate.cli.output import Output
from advocate.cli.secrets import PassphraseSource
from advocate.inputs import check_regular
from advocate.outputs import OutputInVaultError, check_output, vault_folder_above
from advocate.store import Store
from advocate.vault import KdfParams

Sub = Any  # argparse's _SubParsersAction is private


def register_backup(sub: Sub) -> None:
    """``advocate backup VAULT -o FILE [--overwrite] [--recipient AGE1…]``."""
    p = sub.add_parser("backup", help="write an encrypted backup of a vault to one file")
    p.add_argument("vault", type=Path)
    p.add_argument("-o", dest="output", type=Path, required=True, metavar="FILE",
                   help="the backup file to write, e.g. /media/usb/cases.advocate-backup")
    p.add_argument("--overwrite", action="store_true",
                   help="replace FILE if it exists (only once the new backup is complete)")
    p.add_argument("--recipient", action="append", default=[], metavar="AGE1...",
                   help="also encrypt to this age public key (an organisation's recovery key)")
    p.set_defaults(handler=run_backup)


def run_backup(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Open the vault read-only and write the backup."""
    check_output(args.output, overwrite=args.overwrite, replaces_backup=True)
    vault_passphrase = secrets.existing("Vault passphrase (or recovery key): ")
    with Store.open(args.vault, vault_passphrase, read_only=True) as store:
        backup_passphrase = secrets.new("Passphrase for the backup: ")
        info = write_backup(store, args.output, backup_passphrase,
                            progress=out.progress("Backing up"), recipients=args.recipient,
                            overwrite=args.overwrite)
    out.line(f"Wrote the backup {info.path} ({info.size:,} bytes): {_summary(info)}.")
    out.line("Keep its passphrase safe: without it nobody, not even you, can open the backup.")
    return 0


def register_restore(sub: Sub) -> None:
    """``advocate restore FILE -o NEWVAULT``."""
    p = sub.add_parser("restore", help="restore a backup into a new vault")
    p.add_argument("backup", type=Path, help="the backup file")
    p.add_argument("-o", dest="output", type=Path, required=True, metavar="NEWVAULT",
                   help="the new vault folder to create (must not exist)")
    p.set_defaults(handler=run_restore)


def run_restore(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Check the whole backup while building the new vault; keep it only if all is well."""
    check_regular(args.backup)
    inside = vault_folder_above(args.output.parent)
    if inside is not None:
        raise OutputInVaultError(args.output, inside)
    backup_passphrase = secrets.existing("Backup passphrase: ")
    new_passphrase = secrets.new("Passphrase for the new vault: ")
    result = restore_backup(args.backup, backup_passphrase, args.output, new_passphrase,
                            kdf=KdfParams.calibrate(), progress=out.progress("Restoring"))
    out.line(f"Restored {result.backup.path} into the new vault {result.vault_path}: "
             f"{_summary(result.backup)}.")
    out.line(f"The backup was made on {result.backup.created}; its audit head is "
             f"{result.backup.audit_head}.")
    for problem in result.backup.problems:
        out.line(f"WARNING: {problem}")
    if result.backup.problems:
        out.line("The vault that was backed up already had these problems; they were restored "
                 "as they were. Run advocate verify on the new vault for details.")
    return 0


def _summary(info: BackupInfo) -> str:
    return (f"{info.records} records, {info.audit_entries} audit entries, "
            f"{info.evidence_files} evidence files ({info.evidence_bytes:,} bytes)")
