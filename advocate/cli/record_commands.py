"""Commands about records: cases, search, export, import, evidence add|export."""

from __future__ import annotations

import argparse
from pathlib import Path

from advocate.cli.output import Output
from advocate.cli.secrets import PassphraseSource
from advocate.i18n import _, ngettext
from advocate.inputs import check_regular
from advocate.model.records import Evidence
from advocate.outputs import check_output
from advocate.store import Store
from advocate.store.interchange import import_document, write_export

Parser = argparse.ArgumentParser


def register_cases(p: Parser) -> None:
    """``advocate cases VAULT [--json]``."""
    p.add_argument("vault", type=Path)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(handler=run_cases)


def run_cases(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """One line (or JSON object) per case."""
    with Store.open(args.vault, secrets.existing(), read_only=True) as store:
        cases = store.cases()
    if out.json_mode:
        out.json([{"id": c.id, "reference": c.reference, "title": c.title, "status": c.status,
                   "region": c.region, "updated": c.updated, "threats": c.threats,
                   "actions": c.actions} for c in cases])
    else:
        out.table([[c.reference, c.title[:50], c.status, str(c.threats), str(c.actions), c.id]
                   for c in cases],
                  [_("REFERENCE"), _("TITLE"), _("STATUS"), _("THREATS"), _("ACTIONS"), _("ID")])
    return 0


def register_search(p: Parser) -> None:
    """``advocate search VAULT QUERY [--case ID] [--limit N] [--json]``."""
    p.add_argument("vault", type=Path)
    p.add_argument("query", help=_("words to find (Cyrillic or Latin, any case)"))
    p.add_argument("--case", help=_("only in this case (id or reference)"))
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(handler=run_search)


def run_search(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """The matching records, best first."""
    with Store.open(args.vault, secrets.existing(), read_only=True) as store:
        case_id = store.find_case(args.case).id if args.case else None
        hits = store.search(args.query, case_id=case_id, limit=args.limit)
    if out.json_mode:
        out.json([{"id": h.id, "kind": h.kind, "case_id": h.case_id, "label": h.label,
                   "excerpt": h.excerpt} for h in hits])
    else:
        for hit in hits:
            out.line(f"{hit.kind:<10} {hit.label}")
            if hit.excerpt:
                out.line(f"           {hit.excerpt}")
            out.line("           " + _("id {id}").format(id=hit.id))
        out.line(ngettext("{count} found.", "{count} found.", len(hits)).format(count=len(hits)))
    return 0


def register_export(p: Parser) -> None:
    """``advocate export VAULT [--case ID] -o FILE.json``."""
    p.add_argument("vault", type=Path)
    p.add_argument("--case", help=_("only this case (id or reference)"))
    p.add_argument("-o", "--output", type=Path, required=True, help=_("the file to write"))
    p.add_argument("--overwrite", action="store_true",
                   help=_("replace the file if it exists (never a vault's file or a backup)"))
    p.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Export (plain JSON: the user asked for it by name)."""
    check_output(args.output, overwrite=args.overwrite)  # before the passphrase is asked
    with Store.open(args.vault, secrets.existing(), read_only=True) as store:
        case_id = store.find_case(args.case).id if args.case else None
        n = write_export(store, args.output, case_id, progress=out.progress(_("Exporting")),
                         overwrite=args.overwrite)
    out.line(ngettext("Wrote {count} record to {file}. It is not encrypted: keep it safe.",
                      "Wrote {count} records to {file}. It is not encrypted: keep it safe.",
                      n).format(count=n, file=args.output))
    return 0


def register_import(p: Parser) -> None:
    """``advocate import VAULT FILE.json``."""
    p.add_argument("vault", type=Path)
    p.add_argument("file", type=Path)
    p.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Import everything or nothing."""
    check_regular(args.file)  # a pipe or device is refused before the vault is locked
    with Store.open(args.vault, secrets.existing()) as store:
        added, skipped = import_document(store, args.file, progress=out.progress(_("Importing")))
    if skipped:
        out.line(_("Imported {added} records; {skipped} were already here.").format(
            added=added, skipped=skipped))
    else:
        out.line(_("Imported {added} records.").format(added=added))
    return 0


def register_evidence(p: Parser) -> None:
    """``advocate evidence add|export``."""
    ev = p.add_subparsers(dest="evidence_command", metavar=_("ACTION"), required=True)
    add = ev.add_parser("add", help=_("store a file in the vault as evidence of a case"))
    add.add_argument("vault", type=Path)
    add.add_argument("file", type=Path)
    add.add_argument("--case", required=True, help=_("the case (id or reference)"))
    add.add_argument("--source", default="", help=_("where the file came from"))
    add.add_argument("--description", default="")
    add.add_argument("--json", action="store_true", help=_("machine-readable output"))
    add.set_defaults(handler=run_evidence_add)
    exp = ev.add_parser("export", help=_("write an evidence file out, checked against its hash"))
    exp.add_argument("vault", type=Path)
    exp.add_argument("evidence_id")
    exp.add_argument("-o", "--output", type=Path, required=True,
                     help=_("the file to write, or a folder (a safe name is chosen)"))
    exp.set_defaults(handler=run_evidence_export)


def run_evidence_add(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Intake: the bytes go into the vault, the facts into a record."""
    check_regular(args.file)  # a pipe or device is refused before the vault is locked
    with Store.open(args.vault, secrets.existing()) as store:
        case = store.find_case(args.case)
        item = store.add_evidence(case.id, args.file, provenance=args.source,
                                  description=args.description,
                                  progress=out.progress(_("Taking in")))
    _print_evidence(item, out)
    return 0


def _print_evidence(item: Evidence, out: Output) -> None:
    if out.json_mode:
        out.json({"id": item.id, "case_id": item.case_id, "original_name": item.original_name,
                  "media_type": item.media_type, "size": item.size, "sha256": item.sha256,
                  "intake_at": item.intake_at})
        return
    out.line(_("Stored {name} ({size} bytes, {type}).").format(
        name=item.original_name, size=f"{item.size:,}", type=item.media_type))
    out.line(f"SHA-256: {item.sha256}")
    out.line(_("Evidence id: {id}").format(id=item.id))


def run_evidence_export(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Export one file, verified against its hash."""
    if not args.output.is_dir():
        check_output(args.output)  # the rule of every output; an existing file is never replaced
    with Store.open(args.vault, secrets.existing()) as store:
        written = store.export_evidence(args.evidence_id, args.output,
                                        progress=out.progress(_("Exporting")))
    out.line(_("Wrote {file}; its SHA-256 matches the one recorded at intake.").format(
        file=written))
    return 0
