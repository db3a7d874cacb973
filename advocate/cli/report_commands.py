"""``advocate report``: a case's complaint, threat log, chronology or evidence register as PDF.

The reports package (and reportlab with it) is imported only when a report is written, so the
other commands start fast.
"""

from __future__ import annotations

import argparse
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from advocate.cli.output import Output
from advocate.cli.secrets import PassphraseSource
from advocate.errors import RecordNotFoundError
from advocate.i18n import _
from advocate.model import CaseFile, ComplaintDraft
from advocate.outputs import check_output
from advocate.store import Store

if TYPE_CHECKING:
    from advocate.reports import ComplaintOptions, ReportRequest

Parser = argparse.ArgumentParser
KINDS = ("complaint", "threats", "chronology", "evidence")
LANGS = ("ru", "kk", "en")
PROFILES = ("ombudsman", "court", "press", "internal")


def register_report(p: Parser) -> None:
    """``advocate report VAULT --case ID --kind KIND --lang LANG [--to ADDRESSEE] -o FILE.pdf``."""
    p.add_argument("vault", type=Path)
    p.add_argument("--case", required=True, help=_("the case (id or reference)"))
    p.add_argument("--kind", choices=KINDS, default="complaint")
    p.add_argument("--lang", choices=LANGS, default="ru",
                   help=_("the language of the report (independent of the language of messages)"))
    p.add_argument("--to", metavar=_("ADDRESSEE"),
                   help=_("addressee preset for a complaint: ombudsman, ombudsman_regional, "
                          "children_ombudsman, prosecutor, court, international (see "
                          "resources/reports/addressees.json)"))
    p.add_argument("--profile", choices=PROFILES,
                   help=_("who will read it (sets redaction and consent rules); default: the "
                          "addressee's"))
    redaction = p.add_mutually_exclusive_group()
    redaction.add_argument("--redact", dest="redact", action="store_true", default=None,
                           help=_("victims and minors by pseudonym, no addresses or phones"))
    redaction.add_argument("--no-redact", dest="redact", action="store_false")
    p.add_argument("--complaint", metavar="DRAFT_ID",
                   help=_("the complaint draft to use (default: the case's latest one)"))
    p.add_argument("--strict", action="store_true",
                   help=_("refuse to write a complaint that is still incomplete"))
    p.add_argument("-o", "--output", type=Path, required=True, help=_("the PDF to write"))
    p.add_argument("--overwrite", action="store_true",
                   help=_("replace the PDF if it exists (never a vault's file or a backup)"))
    p.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace, out: Output, secrets: PassphraseSource) -> int:
    """Check, render, and remember the report's verification code in the vault."""
    from advocate.reports import ReportKind, check_completeness, render_report

    check_output(args.output, overwrite=args.overwrite)  # before the passphrase is asked
    with Store.open(args.vault, secrets.existing()) as store:
        case = store.find_case(args.case)
        case_file = store.case_file(case.id)
        request = build_request(case_file, args, store.audit_head())
        for gap in check_completeness(case_file, request):
            out.warning(gap.message)
        stamp = render_report(case_file, request, args.output, strict=args.strict,
                              progress=out.progress(_("Writing")), overwrite=args.overwrite)
        store.record_issued_report(stamp.code, case.id, stamp.payload_json())
    out.line(_("Wrote {file} (verification code {code}).").format(file=args.output,
                                                                  code=stamp.code))
    if request.kind is ReportKind.COMPLAINT and not request.redacts:
        out.line(_("It names people and is not encrypted: keep it safe."))
    return 0


def build_request(case_file: CaseFile, args: argparse.Namespace, audit_head: str) -> ReportRequest:
    """The report request the arguments describe, with the complaint draft's texts."""
    from advocate.reports import Profile, ReportKind, ReportRequest, addressee_presets

    kind = ReportKind(args.kind)
    options = None
    if kind is ReportKind.COMPLAINT:
        options = complaint_options(choose_draft(case_file, args.complaint, args.to), args.to)
    presets = addressee_presets()
    preset_key = options.addressee_preset if options else (args.to or "")
    if args.profile:
        profile = Profile(args.profile)
    elif preset_key in presets:
        profile = presets[preset_key].profile
    else:
        profile = Profile.INTERNAL if kind is not ReportKind.COMPLAINT else Profile.OMBUDSMAN
    return ReportRequest(kind=kind, lang=args.lang, profile=profile, redact=args.redact,
                         complaint=options, generated_at=datetime.now(UTC),
                         audit_head=audit_head)


def choose_draft(case_file: CaseFile, draft_id: str | None,
                 to: str | None) -> ComplaintDraft | None:
    """The draft asked for, else the latest for this addressee, else the latest of all
    (``advocate.reports.drafts``; ``--to`` replaces the addressee of a draft written for another).
    """
    from advocate.reports.drafts import latest_draft

    if draft_id:
        for draft in case_file.complaints:
            if draft.id == draft_id:
                return draft
        raise RecordNotFoundError(draft_id, "complaint draft in this case")
    return latest_draft(case_file.complaints, to)


def complaint_options(draft: ComplaintDraft | None, to: str | None) -> ComplaintOptions:
    """A draft's texts as the options the complaint renderer takes (--to overrides)."""
    from advocate.reports import ComplaintOptions

    if draft is None:
        return ComplaintOptions(addressee_preset=to or "ombudsman")
    wanted = {f.name for f in fields(ComplaintOptions)}
    values = {f.name: getattr(draft, f.name) for f in fields(draft) if f.name in wanted}
    options = ComplaintOptions(**values)
    if to:
        options.addressee_preset = to
    return options
