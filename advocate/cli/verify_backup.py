"""``advocate verify FILE``: check a backup completely without restoring it.

Line 1 of standard input (or the terminal) is the backup's passphrase. Exit status 0 when the
backup is complete and unaltered, 3 when it is damaged (each problem on a line, or in the JSON),
1 when it cannot be checked at all (wrong passphrase, not a backup, a newer format).
"""

from __future__ import annotations

from pathlib import Path

from advocate.backup import BackupDamagedError, verify_backup
from advocate.backup.info import BackupInfo
from advocate.cli.exits import EXIT_PROBLEMS
from advocate.cli.output import Output
from advocate.cli.secrets import PassphraseSource
from advocate.i18n import _


def verify_backup_file(path: Path, out: Output, secrets: PassphraseSource) -> int:
    """Decrypt and check every member of the backup at ``path``; nothing is written."""
    passphrase = secrets.existing(_("Backup passphrase: "))
    try:
        info = verify_backup(path, passphrase, progress=out.progress(_("Verifying")))
    except BackupDamagedError as exc:
        if out.json_mode:
            out.json({"ok": False, "backup": str(path), "problems": [exc.message],
                      "problem_codes": [exc.code]})
        else:
            out.line(_("PROBLEM: {problem}").format(problem=exc.text()))
            out.line(_("The backup is damaged; do not rely on it. Make a new backup."))
        return EXIT_PROBLEMS
    if out.json_mode:
        out.json(_as_json(info))
    else:
        _print(info, out)
    return 0 if not info.problems else EXIT_PROBLEMS


def _as_json(info: BackupInfo) -> dict[str, object]:
    return {"ok": not info.problems, "backup": str(info.path), "problems": list(info.problems),
            "problem_codes": [p.code for p in info.problems],
            "format_version": info.format_version, "app_version": info.app_version,
            "created": info.created, "vault_id": info.vault_id, "records": info.records,
            "record_counts": info.record_counts, "audit_entries": info.audit_entries,
            "audit_head": info.audit_head, "evidence_files": info.evidence_files,
            "evidence_bytes": info.evidence_bytes, "size": info.size}


def _print(info: BackupInfo, out: Output) -> None:
    out.line(_("Backup:         {file} ({size} bytes, format {version})").format(
        file=info.path, size=f"{info.size:,}", version=info.format_version))
    out.line(_("Created:        {created} by Advocate {version}").format(
        created=info.created, version=info.app_version))
    out.line(_("Vault id:       {id}").format(id=info.vault_id))
    out.line(_("Records: {records}; audit entries: {audit}; evidence files: {files} "
               "({size} bytes).").format(records=info.records, audit=info.audit_entries,
                                         files=info.evidence_files,
                                         size=f"{info.evidence_bytes:,}"))
    out.line(_("Audit head: {head}").format(head=info.audit_head))
    for problem in info.problems:
        out.line(_("PROBLEM: {problem}").format(problem=problem.text()))
    out.line(_("The backup is complete and unaltered; it can be restored.") if not info.problems
             else _("The backup is intact, but the vault it was taken from already had the "
                    "problems above; it can still be restored."))
