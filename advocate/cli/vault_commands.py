"""Commands about a vault as a whole: init, info, passwd, demo, verify."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from advocate.cli.output import Output
from advocate.cli.secrets import PassphraseSource
from advocate.store import Store
from advocate.vault import KdfParams, read_header

Sub = Any  # argparse's _SubParsersAction is private


def register_init(sub: Sub) -> None:
    """``advocate init VAULT [--recovery-key]``."""
    p = sub.add_parser("init", help="create a new, empty vault")
    p.add_argument("vault", type=Path, help="the folder to create, e.g. cases.advocate")
    p.add_argument("--recovery-key", action="store_true",
                   help="also create a printable recovery key (keep it in a safe place)")
    p.set_defaults(handler=run_init)


def run_init(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Create a vault with a calibrated KDF."""
    passphrase = secrets.new("Passphrase for the new vault: ")
    store, recovery = Store.create(args.vault, passphrase, kdf=KdfParams.calibrate(),
                                   with_recovery_key=args.recovery_key)
    with store:
        out.line(f"Created the vault {args.vault}.")
        if recovery:
            out.line("Recovery key (write it down and keep it away from this computer):")
            out.line(f"  {recovery}")
    return 0


def register_info(sub: Sub) -> None:
    """``advocate info VAULT [--json]``: no passphrase needed."""
    p = sub.add_parser("info", help="show a vault's format and key slots (no passphrase needed)")
    p.add_argument("vault", type=Path)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run_info)


def run_info(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Print what the header says, without opening the database."""
    header = read_header(args.vault)
    slots = [{"id": s.slot_id, "kind": str(s.kind), "aead": s.aead,
              "kdf": {"name": "argon2id", "memory_kib": s.kdf.memory_kib,
                      "iterations": s.kdf.iterations, "lanes": s.kdf.lanes}}
             for s in header.slots]
    if out.json_mode:
        out.json({"id": header.vault_id, "format_version": header.version,
                  "created": header.created, "slots": slots})
        return 0
    out.line(f"Vault:          {args.vault}")
    out.line(f"Format version: {header.version}")
    out.line(f"Vault id:       {header.vault_id}")
    out.line(f"Created:        {header.created}")
    for slot in header.slots:
        out.line(f"Key slot:       {slot.kind}, Argon2id {slot.kdf.memory_kib // 1024} MiB, "
                 f"{slot.kdf.iterations} iterations, {slot.kdf.lanes} lanes, {slot.aead}")
    return 0


def register_passwd(sub: Sub) -> None:
    """``advocate passwd VAULT``: line 1 the current passphrase, line 2 the new one."""
    p = sub.add_parser("passwd", help="change a vault's passphrase, or its recovery key")
    p.add_argument("vault", type=Path)
    key = p.add_mutually_exclusive_group()
    key.add_argument("--new-recovery-key", action="store_true",
                     help="print a new recovery key instead (the old one stops working)")
    key.add_argument("--remove-recovery-key", action="store_true",
                     help="remove the recovery key instead (only the passphrase opens the vault)")
    key.add_argument("--rotate-key", action="store_true",
                     help="re-encrypt everything under a new master key (after a suspected "
                          "compromise); needs the passphrase, issues a new recovery key")
    p.set_defaults(handler=run_passwd)


def run_passwd(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Rewrite the passphrase slot (or the recovery slot); the records are not touched."""
    current = secrets.existing("Current passphrase (or recovery key): ")
    with Store.open(args.vault, current) as store:
        if args.new_recovery_key:
            recovery = store.vault.add_recovery_key()
            out.line("New recovery key (write it down and keep it away from this computer);")
            out.line("the previous one no longer opens the vault:")
            out.line(f"  {recovery}")
            return 0
        if args.rotate_key:
            passphrase = secrets.existing("Passphrase (to wrap the new key): ")
            new_recovery = store.vault.rotate_master_key(passphrase)
            out.line("The vault was re-encrypted under a new master key; copies of the old "
                     "database no longer open with the new one.")
            if new_recovery:
                out.line("New recovery key (the old one no longer opens the vault):")
                out.line(f"  {new_recovery}")
            return 0
        if args.remove_recovery_key:
            store.vault.remove_recovery_key()
            out.line("The recovery key was removed; only the passphrase opens the vault.")
            return 0
        new = secrets.new("New passphrase: ")
        store.vault.change_passphrase(new, KdfParams.calibrate())
    out.line("The passphrase was changed; the old one no longer opens the vault.")
    return 0


def register_demo(sub: Sub) -> None:
    """``advocate demo VAULT``: a new vault of invented case histories."""
    p = sub.add_parser("demo", help="create a new vault filled with fictional demo cases")
    p.add_argument("vault", type=Path)
    p.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Create a vault and fill it with the demo data."""
    from advocate.demo import build_demo  # the demo data is only loaded when asked for

    passphrase = secrets.new("Passphrase for the demo vault: ")
    store, _ = Store.create(args.vault, passphrase, kdf=KdfParams.calibrate())
    with store:
        counts = build_demo(store)
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    out.line(f"Created the demo vault {args.vault}: {summary}.")
    return 0


def register_verify(sub: Sub) -> None:
    """``advocate verify VAULT [--json] [--report-code CODE]``."""
    p = sub.add_parser("verify", help="check a vault's integrity, audit trail and evidence hashes")
    p.add_argument("vault", type=Path)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--report-code", metavar="CODE",
                   help="check a printed report's verification code against the vault")
    p.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Run every check; exit status 3 when something is wrong."""
    from advocate.cli.main import EXIT_PROBLEMS

    if args.vault.is_file():
        from advocate.cli.verify_backup import verify_backup_file

        return verify_backup_file(args.vault, out, secrets)
    with Store.open(args.vault, secrets.existing(), read_only=True) as store:
        if args.report_code:
            return _verify_report_code(store, args.report_code, out)
        result = store.verify(progress=out.progress("Verifying"))
    if out.json_mode:
        out.json({"ok": result.ok, "problems": result.problems, "records": result.records,
                  "audit_entries": result.audit_entries, "audit_head": result.audit_head,
                  "evidence_files": result.evidence_files,
                  "evidence_bytes": result.evidence_bytes})
    else:
        out.line(f"Records: {result.records}; audit entries: {result.audit_entries}; "
                 f"evidence files: {result.evidence_files} ({result.evidence_bytes:,} bytes).")
        out.line(f"Audit head: {result.audit_head}")
        for problem in result.problems:
            out.line(f"PROBLEM: {problem}")
        out.line("Everything checks out." if result.ok else
                 f"{len(result.problems)} problem(s) found. Restore from a backup if records "
                 "are damaged, and keep this vault as it is for examination.")
    return 0 if result.ok else EXIT_PROBLEMS


def _verify_report_code(store: Store, code: str, out: Output) -> int:
    """Find an issued report by its code (typed loosely) and check what it commits to."""
    import json

    from advocate.cli.main import EXIT_PROBLEMS
    from advocate.reports import code_for_payload, normalise_code

    wanted = normalise_code(code)
    found = None
    for stored in store.issued_report_codes():
        if normalise_code(stored) == wanted:
            found = store.issued_report(stored)
            break
    if found is None:
        if out.json_mode:
            out.json({"ok": False, "code": code, "issued": False})
        out.line(f"No report with the code {code} was issued from this vault.")
        return EXIT_PROBLEMS
    case_id, at, payload = found
    facts = json.loads(payload)
    problems = [] if code_for_payload(facts) == wanted else [
        "the stored report does not match its code"]
    head = str(facts.get("audit_head", ""))
    if not store.audit.contains_hash(head):
        problems.append("the audit head it printed is not in this vault's chain")
    problems.extend(store.audit.verify())
    if out.json_mode:
        out.json({"ok": not problems, "code": code, "issued": True, "case_id": case_id,
                  "issued_at": at, "payload": facts, "problems": problems})
    else:
        out.line(f"The report {code} was issued from this vault at {at} (case {case_id}).")
        for key, value in facts.items():
            out.line(f"  {key}: {value}")
        for problem in problems:
            out.line(f"PROBLEM: {problem}")
        if not problems:
            out.line("Its audit head is in the vault's chain and the chain is intact.")
    return 0 if not problems else EXIT_PROBLEMS
