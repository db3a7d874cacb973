"""Commands about a vault as a whole: init, info, passwd, demo, verify."""

from __future__ import annotations

import argparse
from pathlib import Path

from advocate.cli.exits import EXIT_PROBLEMS
from advocate.cli.output import Output
from advocate.cli.secrets import PassphraseSource
from advocate.i18n import _, ngettext
from advocate.store import Store
from advocate.vault import KdfParams, read_header

Parser = argparse.ArgumentParser


def register_init(p: Parser) -> None:
    """``advocate init VAULT [--recovery-key]``."""
    p.add_argument("vault", type=Path, help=_("the folder to create, e.g. cases.advocate"))
    p.add_argument("--recovery-key", action="store_true",
                   help=_("also create a printable recovery key (keep it in a safe place)"))
    p.set_defaults(handler=run_init)


def run_init(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Create a vault with a calibrated KDF."""
    passphrase = secrets.new(_("Passphrase for the new vault: "))
    store, recovery = Store.create(args.vault, passphrase, kdf=KdfParams.calibrate(),
                                   with_recovery_key=args.recovery_key)
    with store:
        out.line(_("Created the vault {vault}.").format(vault=args.vault))
        if recovery:
            out.line(_("Recovery key (write it down and keep it away from this computer):"))
            out.line(f"  {recovery}")
    return 0


def register_info(p: Parser) -> None:
    """``advocate info VAULT [--json]``: no passphrase needed."""
    p.add_argument("vault", type=Path)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
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
    out.line(_("Vault:          {vault}").format(vault=args.vault))
    out.line(_("Format version: {version}").format(version=header.version))
    out.line(_("Vault id:       {id}").format(id=header.vault_id))
    out.line(_("Created:        {created}").format(created=header.created))
    for slot in header.slots:
        out.line(_("Key slot:       {kind}, Argon2id {mib} MiB, {iterations} iterations, "
                   "{lanes} lanes, {aead}").format(
            kind=slot.kind, mib=slot.kdf.memory_kib // 1024, iterations=slot.kdf.iterations,
            lanes=slot.kdf.lanes, aead=slot.aead))
    return 0


def register_passwd(p: Parser) -> None:
    """``advocate passwd VAULT``: line 1 the current passphrase, line 2 the new one."""
    p.add_argument("vault", type=Path)
    key = p.add_mutually_exclusive_group()
    key.add_argument("--new-recovery-key", action="store_true",
                     help=_("print a new recovery key instead (the old one stops working)"))
    key.add_argument("--remove-recovery-key", action="store_true",
                     help=_("remove the recovery key instead (only the passphrase opens the "
                            "vault)"))
    key.add_argument("--rotate-key", action="store_true",
                     help=_("re-encrypt everything under a new master key (after a suspected "
                            "compromise); needs the passphrase, issues a new recovery key"))
    p.set_defaults(handler=run_passwd)


def run_passwd(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Rewrite the passphrase slot (or the recovery slot); the records are not touched."""
    current = secrets.existing(_("Current passphrase (or recovery key): "))
    with Store.open(args.vault, current) as store:
        if args.new_recovery_key:
            recovery = store.vault.add_recovery_key()
            out.line(_("New recovery key (write it down and keep it away from this computer);"))
            out.line(_("the previous one no longer opens the vault:"))
            out.line(f"  {recovery}")
            return 0
        if args.rotate_key:
            passphrase = secrets.existing(_("Passphrase (to wrap the new key): "))
            new_recovery = store.vault.rotate_master_key(passphrase)
            out.line(_("The vault was re-encrypted under a new master key; copies of the old "
                       "database no longer open with the new one."))
            if new_recovery:
                out.line(_("New recovery key (the old one no longer opens the vault):"))
                out.line(f"  {new_recovery}")
            return 0
        if args.remove_recovery_key:
            store.vault.remove_recovery_key()
            out.line(_("The recovery key was removed; only the passphrase opens the vault."))
            return 0
        new = secrets.new(_("New passphrase: "))
        store.vault.change_passphrase(new, KdfParams.calibrate())
    out.line(_("The passphrase was changed; the old one no longer opens the vault."))
    return 0


def register_demo(p: Parser) -> None:
    """``advocate demo VAULT``: a new vault of invented case histories."""
    p.add_argument("vault", type=Path)
    p.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Create a vault and fill it with the demo data."""
    from advocate.demo import COUNT_NAMES, build_demo  # the demo data is only loaded when asked
    from advocate.labels import count_of

    passphrase = secrets.new(_("Passphrase for the demo vault: "))
    store, _recovery = Store.create(args.vault, passphrase, kdf=KdfParams.calibrate())
    with store:
        counts = build_demo(store)
    summary = ", ".join(count_of(kind, counts[plural]) for kind, plural in COUNT_NAMES.items())
    out.line(_("Created the demo vault {vault}: {summary}.").format(vault=args.vault,
                                                                   summary=summary))
    return 0


def register_verify(p: Parser) -> None:
    """``advocate verify VAULT [--json] [--report-code CODE]``."""
    p.add_argument("vault", type=Path)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.add_argument("--report-code", metavar="CODE",
                   help=_("check a printed report's verification code against the vault"))
    p.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Run every check; exit status 3 when something is wrong."""
    if args.vault.is_file():
        from advocate.cli.verify_backup import verify_backup_file

        return verify_backup_file(args.vault, out, secrets)
    with Store.open(args.vault, secrets.existing(), read_only=True) as store:
        if args.report_code:
            return _verify_report_code(store, args.report_code, out)
        result = store.verify(progress=out.progress(_("Verifying")))
    if out.json_mode:
        out.json({"ok": result.ok, "problems": result.problems,
                  "problem_codes": [p.code for p in result.problems], "records": result.records,
                  "audit_entries": result.audit_entries, "audit_head": result.audit_head,
                  "evidence_files": result.evidence_files,
                  "evidence_bytes": result.evidence_bytes})
    else:
        out.line(_("Records: {records}; audit entries: {audit}; evidence files: {files} "
                   "({size} bytes).").format(records=result.records, audit=result.audit_entries,
                                             files=result.evidence_files,
                                             size=f"{result.evidence_bytes:,}"))
        out.line(_("Audit head: {head}").format(head=result.audit_head))
        for problem in result.problems:
            out.line(_("PROBLEM: {problem}").format(problem=problem.text()))
        out.line(_("Everything checks out.") if result.ok else
                 ngettext("{count} problem found. Restore from a backup if records are damaged, "
                          "and keep this vault as it is for examination.",
                          "{count} problems found. Restore from a backup if records are damaged, "
                          "and keep this vault as it is for examination.",
                          len(result.problems)).format(count=len(result.problems)))
    return 0 if result.ok else EXIT_PROBLEMS


def _verify_report_code(store: Store, code: str, out: Output) -> int:
    """Find an issued report by its code (typed loosely) and check what it commits to."""
    import json

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
        out.line(_("No report with the code {code} was issued from this vault.").format(code=code))
        return EXIT_PROBLEMS
    case_id, at, payload = found
    facts = json.loads(payload)
    problems: list[str] = [] if code_for_payload(facts) == wanted else [
        _("The stored report does not match its code.")]
    head = str(facts.get("audit_head", ""))
    if not store.audit.contains_hash(head):
        problems.append(_("The audit head it printed is not in this vault's chain."))
    problems.extend(p.text() for p in store.audit.verify())
    if out.json_mode:
        out.json({"ok": not problems, "code": code, "issued": True, "case_id": case_id,
                  "issued_at": at, "payload": facts, "problems": problems})
    else:
        out.line(_("The report {code} was issued from this vault at {at} (case {case}).").format(
            code=code, at=at, case=case_id))
        for key, value in facts.items():
            out.line(f"  {key}: {value}")
        for problem in problems:
            out.line(_("PROBLEM: {problem}").format(problem=problem))
        if not problems:
            out.line(_("Its audit head is in the vault's chain and the chain is intact."))
    return 0 if not problems else EXIT_PROBLEMS
