"""Commands about backups: ``backup`` and ``restore`` (``verify FILE`` is in verify_backup.py).

Passphrases come from the terminal or standard input, never from arguments: for ``backup`` line 1
is the vault's passphrase and line 2 the backup's (asked twice at a terminal); for ``restore``
line 1 is the backup's passphrase and line 2 the new vault's.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from advocate.backup import restore_backup, write_backup
from advocate.backup.info import BackupInfo
from advocate.cli.output import Output
from advocate.cli.secrets import PassphraseSource
from advocate.i18n import _
from advocate.inputs import check_regular
from advocate.outputs import OutputInVaultError, check_output, vault_folder_above
from advocate.store import Store
from advocate.vault import KdfParams

Parser = argparse.ArgumentParser


def register_backup(p: Parser) -> None:
    """``advocate backup VAULT -o FILE [--overwrite] [--recipient AGE1…]``."""
    p.add_argument("vault", type=Path)
    p.add_argument("-o", dest="output", type=Path, required=True, metavar=_("FILE"),
                   help=_("the backup file to write, e.g. /media/usb/cases.advocate-backup"))
    p.add_argument("--overwrite", action="store_true",
                   help=_("replace FILE if it exists (only once the new backup is complete)"))
    p.add_argument("--recipient", action="append", default=[], metavar="AGE1...",
                   help=_("also encrypt to this age public key (an organisation's recovery "
                          "key)"))
    p.set_defaults(handler=run_backup)


def run_backup(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Open the vault read-only and write the backup."""
    check_output(args.output, overwrite=args.overwrite, replaces_backup=True)
    vault_passphrase = secrets.existing(_("Vault passphrase (or recovery key): "))
    with Store.open(args.vault, vault_passphrase, read_only=True) as store:
        backup_passphrase = secrets.new(_("Passphrase for the backup: "))
        info = write_backup(store, args.output, backup_passphrase,
                            progress=out.progress(_("Backing up")), recipients=args.recipient,
                            overwrite=args.overwrite)
    out.line(_("Wrote the backup {file} ({size} bytes): {summary}.").format(
        file=info.path, size=f"{info.size:,}", summary=_summary(info)))
    out.line(_("Keep its passphrase safe: without it nobody, not even you, can open the backup."))
    return 0


def register_restore(p: Parser) -> None:
    """``advocate restore FILE -o NEWVAULT``."""
    p.add_argument("backup", type=Path, help=_("the backup file"))
    p.add_argument("-o", dest="output", type=Path, required=True, metavar=_("NEWVAULT"),
                   help=_("the new vault folder to create (must not exist)"))
    p.set_defaults(handler=run_restore)


def run_restore(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Check the whole backup while building the new vault; keep it only if all is well."""
    check_regular(args.backup)
    inside = vault_folder_above(args.output.parent)
    if inside is not None:
        raise OutputInVaultError(args.output, inside)
    backup_passphrase = secrets.existing(_("Backup passphrase: "))
    new_passphrase = secrets.new(_("Passphrase for the new vault: "))
    result = restore_backup(args.backup, backup_passphrase, args.output, new_passphrase,
                            kdf=KdfParams.calibrate(), progress=out.progress(_("Restoring")))
    out.line(_("Restored {file} into the new vault {vault}: {summary}.").format(
        file=result.backup.path, vault=result.vault_path, summary=_summary(result.backup)))
    out.line(_("The backup was made on {created}; its audit head is {head}.").format(
        created=result.backup.created, head=result.backup.audit_head))
    for problem in result.backup.problems:
        out.line(_("WARNING: {problem}").format(problem=problem.text()))
    if result.backup.problems:
        out.line(_("The vault that was backed up already had these problems; they were restored "
                   "as they were. Run advocate verify on the new vault for details."))
    return 0


def _summary(info: BackupInfo) -> str:
    return _("{records} records, {audit} audit entries, {files} evidence files ({size} "
             "bytes)").format(records=info.records, audit=info.audit_entries,
                              files=info.evidence_files, size=f"{info.evidence_bytes:,}")
