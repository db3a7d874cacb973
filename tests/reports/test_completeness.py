"""The completeness check: what a report still lacks, before it renders."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate.errors import RecordNotFoundError
from advocate.model import CaseFile, RoleKind
from advocate.reports import (
    ComplaintOptions,
    IncompleteReportError,
    Profile,
    ReportKind,
    check_completeness,
    render_report,
)
from tests.reports.conftest import (
    GRANDMOTHER_NAME,
    MOTHER_NAME,
    WITNESS_NAME,
    complaint_options,
    make_request,
)


def _codes(case_file: CaseFile, kind: ReportKind = ReportKind.COMPLAINT,
           options: ComplaintOptions | None = None, lang: str = "ru",
           profile: Profile = Profile.OMBUDSMAN) -> list[str]:
    if kind is ReportKind.COMPLAINT and options is None:
        options = complaint_options(case_file)
    return [g.code for g in check_completeness(case_file, make_request(kind, lang, profile,
                                                                       options))]


def test_a_complete_complaint_lacks_only_consents(rich_case: CaseFile) -> None:
    gaps = check_completeness(rich_case, make_request(ReportKind.COMPLAINT,
                                                      complaint=complaint_options(rich_case)))
    assert [g.code for g in gaps] == ["no_consent", "no_consent"]
    assert {g.message.split(" (")[0] for g in gaps} == {GRANDMOTHER_NAME, WITNESS_NAME}
    assert all(g.record_id in rich_case.persons for g in gaps)


def test_internal_profile_needs_no_consent(rich_case: CaseFile) -> None:
    assert _codes(rich_case, profile=Profile.INTERNAL) == []


def test_missing_complaint_fields_are_each_a_gap(rich_case: CaseFile) -> None:
    options = complaint_options(rich_case, complained_of=" ", legal_grounds="", request="\n",
                                place="", authority_kind=None, authority="")
    rich_case.case.place = ""
    codes = _codes(rich_case, options=options, profile=Profile.INTERNAL)
    assert codes == ["authority", "no_complained_of", "no_legal_grounds", "no_request",
                     "no_place"]


def test_applicant_without_address_or_iin(rich_case: CaseFile) -> None:
    mother = next(p for p in rich_case.persons.values() if p.full_name == MOTHER_NAME)
    mother.address = ""
    mother.id_number = ""
    codes = _codes(rich_case, profile=Profile.INTERNAL)
    assert codes == ["applicant_address", "applicant_id_number"]
    # A redacted complaint prints neither, so neither is missing.
    assert _codes(rich_case, profile=Profile.PRESS).count("applicant_address") == 0


def test_no_remedy_tried(rich_case: CaseFile) -> None:
    for action in rich_case.actions:
        action.filed = None
    assert _codes(rich_case, profile=Profile.INTERNAL) == ["no_remedy"]


def test_no_applicant_and_a_minor_applicant(rich_case: CaseFile) -> None:
    rich_case.relations = []
    rich_case.roles = [r for r in rich_case.roles if r.role is not RoleKind.FAMILY]
    # The first victim is then the applicant, and he is seven.
    assert "applicant_minor" in _codes(rich_case, profile=Profile.INTERNAL)
    rich_case.roles = [r for r in rich_case.roles if r.role is not RoleKind.VICTIM]
    assert _codes(rich_case, profile=Profile.INTERNAL)[0] == "no_applicant"


def test_addressee_with_blanks_must_be_edited(rich_case: CaseFile) -> None:
    options = complaint_options(rich_case, addressee_preset="court")
    assert "addressee_incomplete" in _codes(rich_case, options=options,
                                            profile=Profile.INTERNAL)
    options.addressee_text = "В Талдыкорганский городской суд"
    assert "addressee_incomplete" not in _codes(rich_case, options=options,
                                                profile=Profile.INTERNAL)


def test_minor_without_own_assent(rich_case: CaseFile) -> None:
    for consent in rich_case.consents:
        consent.child_assent = None
    assert "child_assent" in _codes(rich_case)


def test_register_gaps(rich_case: CaseFile) -> None:
    assert _codes(rich_case, ReportKind.THREATS, profile=Profile.INTERNAL) == []
    rich_case.threats = []
    rich_case.evidence = []
    assert _codes(rich_case, ReportKind.THREATS, profile=Profile.INTERNAL) == ["no_threats"]
    assert _codes(rich_case, ReportKind.EVIDENCE, profile=Profile.INTERNAL) == ["no_evidence"]


@pytest.mark.parametrize(("lang", "words"), [("ru", "Не указаны правовые основания."),
                                             ("kk", "Құқықтық негіздер көрсетілмеген."),
                                             ("en", "No legal grounds are given.")])
def test_gaps_are_told_in_the_report_language(rich_case: CaseFile, lang: str,
                                              words: str) -> None:
    options = complaint_options(rich_case, legal_grounds="")
    gaps = check_completeness(rich_case, make_request(ReportKind.COMPLAINT, lang,
                                                      Profile.INTERNAL, options))
    assert [g.message for g in gaps if g.code != "text_language"] == [words]


def test_strict_render_of_an_incomplete_complaint_writes_nothing(
        rich_case: CaseFile, tmp_path: Path) -> None:
    out = tmp_path / "complaint.pdf"
    options = complaint_options(rich_case, request="")
    with pytest.raises(IncompleteReportError) as caught:
        render_report(rich_case, make_request(ReportKind.COMPLAINT, "ru", Profile.INTERNAL,
                                              options), out, strict=True)
    assert [g.code for g in caught.value.gaps] == ["no_request"]
    assert caught.value.code == "report.incomplete"
    assert caught.value.params["codes"] == ["no_request"]
    assert "--strict" not in caught.value.message  # command-line advice is the CLI's
    assert list(tmp_path.iterdir()) == []
    # Without strict, the same complaint renders (the CLI warns instead).
    render_report(rich_case, make_request(ReportKind.COMPLAINT, "ru", Profile.INTERNAL,
                                          options), out)
    assert out.is_file()


def test_an_unknown_person_in_the_options_is_a_typed_error(rich_case: CaseFile) -> None:
    options = complaint_options(rich_case, applicant_id="00000000-0000-4000-8000-000000000000")
    with pytest.raises(RecordNotFoundError):
        check_completeness(rich_case, make_request(ReportKind.COMPLAINT, complaint=options))
