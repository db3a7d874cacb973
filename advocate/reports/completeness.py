"""What a report still lacks, said before it renders, in the report's language.

The CLI prints the gaps as warnings (``--strict`` refuses to render while there are any); the
app lists them in the report dialog. Codes are stable; messages are for people.
"""

from __future__ import annotations

from dataclasses import replace

from advocate.model.casefile import CaseFile
from advocate.model.enums import ConsentPurpose
from advocate.reports.context import ComplaintParties, ReportContext, make_context
from advocate.reports.request import Gap, ReportKind, ReportRequest
from advocate.reports.selection import remedies


def check_completeness(case_file: CaseFile, request: ReportRequest) -> list[Gap]:
    """Every gap of the report ``request`` asks for, complaint fields first, then consents."""
    return gaps_of(make_context(case_file, request))


def gaps_of(ctx: ReportContext) -> list[Gap]:
    """The gaps of a prepared report."""
    gaps: list[Gap] = []
    kind = ctx.request.kind
    if kind is ReportKind.COMPLAINT and ctx.parties is not None:
        gaps += _complaint_gaps(ctx, ctx.parties)
    elif kind is ReportKind.THREATS and not ctx.case_file.threats:
        gaps.append(_gap(ctx, "no_threats"))
    elif kind is ReportKind.CHRONOLOGY and not _has_dated_events(ctx.case_file):
        gaps.append(_gap(ctx, "no_events"))
    elif kind is ReportKind.EVIDENCE and not ctx.case_file.evidence:
        gaps.append(_gap(ctx, "no_evidence"))
    gaps += _consent_gaps(ctx)
    return gaps


def _gap(ctx: ReportContext, code: str, record_id: str = "", **values: object) -> Gap:
    return Gap(code=code, message=ctx.texts(f"gap.{code}", **values), record_id=record_id)


def _complaint_gaps(ctx: ReportContext, parties: ComplaintParties) -> list[Gap]:
    gaps: list[Gap] = []
    options = parties.options
    if parties.preset.needs_edit and not options.addressee_text.strip():
        gaps.append(_gap(ctx, "addressee_incomplete"))
    applicant = parties.applicant
    if applicant is None:
        gaps.append(_gap(ctx, "no_applicant"))
    else:
        name = applicant.full_name or applicant.pseudonym
        if not ctx.request.redacts or ctx.namer.shows_contacts(applicant.id):
            # A redacted complaint prints no address or number, so their absence is no gap;
            # but one to the Ombudsman keeps them whatever the redaction (APPK Art. 63).
            if not applicant.address.strip():
                gaps.append(_gap(ctx, "applicant_address", applicant.id, name=name))
            if not applicant.id_number.strip():
                gaps.append(_gap(ctx, "applicant_id_number", applicant.id, name=name))
        if applicant.was_minor_on(ctx.local_time.date()) is True:
            gaps.append(_gap(ctx, "applicant_minor", applicant.id, name=name))
    rep = parties.representative
    if rep is not None and options.authority_kind is None and not options.authority.strip():
        gaps.append(_gap(ctx, "authority", rep.id, name=rep.full_name or rep.pseudonym))
    elif rep is not None and not options.authority.strip():
        # The kind of authority is said, but not the document it rests on.
        gaps.append(_gap(ctx, "authority_document", rep.id,
                         name=rep.full_name or rep.pseudonym))
    if not options.complained_of.strip():
        gaps.append(_gap(ctx, "no_complained_of"))
    if not options.official_ids and parties.preset.form != "un_communication":
        gaps.append(_gap(ctx, "no_officials"))
    if not remedies(ctx):
        gaps.append(_gap(ctx, "no_remedy"))
    written = text_language(" ".join((options.complained_of, options.legal_grounds,
                                      options.request)))
    if written and written != ctx.request.lang:
        gaps.append(_gap(ctx, "text_language", written=ctx.texts(f"language.{written}")))
    if not options.legal_grounds.strip():
        gaps.append(_gap(ctx, "no_legal_grounds"))
    if not options.request.strip():
        gaps.append(_gap(ctx, "no_request"))
    if not parties.place:
        gaps.append(_gap(ctx, "no_place"))
    return gaps


def _consent_gaps(ctx: ReportContext) -> list[Gap]:
    purpose = ctx.request.profile.consent_purpose
    if purpose is None:
        return []
    gaps: list[Gap] = []
    purpose_label = ctx.texts.enum(purpose)
    namer = ctx.namer
    for pid, person in ctx.case_file.persons.items():
        name = person.full_name or person.pseudonym
        if not namer.consent_ok(pid):
            gaps.append(replace(_gap(ctx, "no_consent", pid, name=name,
                                     role=namer.role_label(pid), purpose=purpose_label),
                                notice=True))
        elif namer.is_minor(pid) and _lacks_child_assent(ctx, pid, purpose):
            gaps.append(_gap(ctx, "child_assent", pid, name=name, purpose=purpose_label))
    return gaps


def _lacks_child_assent(ctx: ReportContext, person_id: str, purpose: ConsentPurpose) -> bool:
    """A minor's consent needs the child's own assent too; only consents the report relies on
    are looked at (an exempt person may have none)."""
    consents = [c for c in ctx.case_file.consents_of(person_id)
                if c.purpose is purpose and c.is_valid_on(ctx.local_time.date())]
    return bool(consents) and not any(c.child_assent for c in consents)


def _has_dated_events(case_file: CaseFile) -> bool:
    return any(
        r.sort_key() != "9999"
        for r in (*case_file.incidents, *case_file.threats, *case_file.actions,
                  *case_file.proceedings, *case_file.hearings)
    )


_KAZAKH_ONLY = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def text_language(text: str) -> str:
    """The language a text is written in, as far as its letters tell: Kazakh when it has
    letters only Kazakh uses, Russian when it is mostly Cyrillic, English when mostly Latin;
    '' for a text with too few letters to tell."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return ""
    kazakh = sum(1 for c in letters if c in _KAZAKH_ONLY)
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if kazakh * 25 >= len(letters):  # Kazakh text has one of these every few words
        return "kk"
    if cyrillic * 2 >= len(letters):
        return "ru"
    return "en"
