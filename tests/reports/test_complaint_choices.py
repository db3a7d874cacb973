"""A complaint an official trusts: the officials, facts and remedies the lawyer chose, dates
that say what is done and what is planned, what the Ombudsman needs to answer, and addressee
presets that produce the document the addressee accepts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from advocate.model import (
    Action,
    ActionKind,
    ActionStatus,
    CaseFile,
    Consent,
    ConsentPurpose,
    Hearing,
    PartialDate,
    Person,
    Role,
    RoleKind,
)
from advocate.reports import AuthorityKind, Profile, ReportKind, check_completeness
from advocate.reports.errors import UnsupportedLanguageError
from tests.reports.conftest import (
    GRANDMOTHER_NAME,
    MOTHER_ADDRESS,
    MOTHER_IIN,
    MOTHER_NAME,
    OFFICIAL_NAME,
    VICTIM_NAME,
    Renderer,
    complaint_options,
    flat,
    make_request,
    pdftotext,
)

PROSECUTOR = "Жанар Сериковна Мысалова"


def _with_prosecutor(case_file: CaseFile) -> Person:
    """A prosecutor who granted the family's request: an official, not complained of."""
    prosecutor = Person(full_name=PROSECUTOR)
    case_file.persons[prosecutor.id] = prosecutor
    case_file.roles.append(Role(case_id=case_file.case.id, person_id=prosecutor.id,
                                role=RoleKind.OFFICIAL, institution="Прокуратура области",
                                position="прокурор"))
    return prosecutor


def _section(text: str, start: str, end: str) -> str:
    return flat(text).split(flat(start))[1].split(flat(end))[0]


def test_only_the_chosen_officials_are_complained_of(render: Renderer,
                                                     rich_case: CaseFile) -> None:
    _with_prosecutor(rich_case)
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru")
    section = _section(pdftotext(out), "1. Обжалуемые", "2. Обстоятельства")
    assert flat(OFFICIAL_NAME) in section
    assert flat(PROSECUTOR) not in section


def test_no_official_chosen_is_a_gap(rich_case: CaseFile) -> None:
    options = complaint_options(rich_case, official_ids=[])
    gaps = check_completeness(rich_case, make_request(ReportKind.COMPLAINT, "ru",
                                                      complaint=options))
    assert "no_officials" in [g.code for g in gaps]


def test_facts_default_to_the_events_linked_to_the_officials(render: Renderer,
                                                             rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru")
    facts = _section(pdftotext(out), "2. Обстоятельства дела", "3. Поступившие")
    # The statement made to the official's police station and its refusal, and the threat
    # reported to it? No: a threat is linked by its source. The incidents stay.
    assert flat("Заявление о преступлении") in facts
    assert flat("Насилие в отношении ребёнка") in facts
    assert flat("Иск о защите чести к адвокату") not in facts
    assert flat("полная хронология дела может быть представлена") in facts


def test_facts_are_the_events_the_lawyer_chose(render: Renderer,
                                               rich_case: CaseFile) -> None:
    chosen = [rich_case.actions[1].id]
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru",
                    complaint=complaint_options(rich_case, event_ids=chosen))
    facts = _section(pdftotext(out), "2. Обстоятельства дела", "3. Поступившие")
    assert flat("Жалоба на бездействие полиции") in facts
    assert flat("Проверка продолжается.") in facts  # its answer goes with it
    assert flat("Заявление о преступлении") not in facts
    assert flat("Насилие в отношении ребёнка") not in facts


def test_remedies_are_remedies_with_their_answers(render: Renderer,
                                                  rich_case: CaseFile) -> None:
    cid = rich_case.case.id
    rich_case.actions += [
        Action(case_id=cid, kind=ActionKind.MEDIA_STATEMENT, title="Заявление для прессы",
               filed=PartialDate.parse("2024-03-01"), status=ActionStatus.FILED),
        Action(case_id=cid, kind=ActionKind.HEARING_ATTENDED, title="Участие в заседании",
               filed=PartialDate.parse("2024-05-15"), status=ActionStatus.FILED),
    ]
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru")
    remedies = _section(pdftotext(out), "5. Принятые меры", "6. Прошу")
    assert flat("Жалоба на бездействие полиции") in remedies
    assert flat("Отказано в регистрации.") in remedies
    assert flat("Заявление для прессы") not in remedies
    assert flat("Участие в заседании") not in remedies


def test_later_events_are_scheduled_and_undated_ones_marked(render: Renderer,
                                                            rich_case: CaseFile) -> None:
    proceeding = rich_case.proceedings[0]
    rich_case.hearings.append(Hearing(case_id=rich_case.case.id, proceeding_id=proceeding.id,
                                      date=PartialDate.parse("2024-06-10"), time="11:00"))
    rich_case.incidents.append(replace(rich_case.incidents[1], id="undated-incident",
                                       title="Угрозы во дворе", date=None))
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru",
                    complaint=complaint_options(rich_case, official_ids=[]))
    facts = _section(pdftotext(out), "2. Обстоятельства дела", "3. Поступившие")
    assert flat("10 июня 2024 г. — Заседание (запланировано)") in facts
    assert flat("Обстоятельства, дата которых неизвестна:") in facts
    assert facts.index(flat("Угрозы во дворе")) > facts.index(flat("10 июня 2024 г."))


def test_the_ombudsman_keeps_the_applicants_particulars_whatever_the_redaction(
        render: Renderer, rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru", redact=True)
    text = flat(pdftotext(out))
    for needed in (MOTHER_NAME, MOTHER_IIN, MOTHER_ADDRESS):
        assert flat(needed) in text, needed
    assert flat(VICTIM_NAME) not in text  # the child is still redacted
    mother = next(p for p in rich_case.persons.values() if p.full_name == MOTHER_NAME)
    mother.address = ""
    gaps = check_completeness(rich_case, make_request(
        ReportKind.COMPLAINT, "ru", redact=True, complaint=complaint_options(rich_case)))
    assert "applicant_address" in [g.code for g in gaps]


def test_authority_without_a_document_and_the_advocates_order(render: Renderer,
                                                              rich_case: CaseFile) -> None:
    options = complaint_options(rich_case, authority_kind=AuthorityKind.ADVOCATE_ORDER,
                                authority="")
    gaps = check_completeness(rich_case, make_request(ReportKind.COMPLAINT, "ru",
                                                      complaint=options))
    assert "authority_document" in [g.code for g in gaps]
    options.authority = "№ 0012345 от 10.01.2024"
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru", complaint=options)
    assert flat("ордер адвоката, № 0012345 от 10.01.2024") in flat(pdftotext(out))


def test_texts_in_another_language_than_the_report_are_flagged(rich_case: CaseFile) -> None:
    options = complaint_options(rich_case)
    codes = [g.code for g in check_completeness(
        rich_case, make_request(ReportKind.COMPLAINT, "kk", complaint=options))]
    assert "text_language" in codes
    codes = [g.code for g in check_completeness(
        rich_case, make_request(ReportKind.COMPLAINT, "ru", complaint=options))]
    assert "text_language" not in codes


def test_confidentiality_never_keeps_the_complaint_from_the_body(render: Renderer,
                                                                 rich_case: CaseFile) -> None:
    for lang, needle in (("ru", "сведения о частной жизни"), ("kk", "жеке өмірі туралы"),
                         ("en", "private life")):
        out, _ = render(rich_case, ReportKind.COMPLAINT, lang)
        text = flat(pdftotext(out))
        assert flat(needle) in text and flat("154-VII") in text
        for forbidden in ("не направлять", "жібермеуді", "no copy"):
            assert flat(forbidden) not in text


def test_investigating_judge_preset_cites_cpc_article_106(render: Renderer,
                                                          rich_case: CaseFile) -> None:
    options = complaint_options(rich_case, addressee_preset="investigating_judge")
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru", profile=Profile.COURT,
                    complaint=options)
    text = flat(pdftotext(out))
    assert flat("Следственному судье") in text
    assert flat("в порядке статьи 106 Уголовно-процессуального кодекса") in text


def test_un_communication_has_what_the_committee_requires(render: Renderer,
                                                          rich_case: CaseFile) -> None:
    options = complaint_options(rich_case, addressee_preset="international", official_ids=[])
    out, _ = render(rich_case, ReportKind.COMPLAINT, "en", profile=Profile.INTERNATIONAL,
                    complaint=options)
    text = pdftotext(out)
    for needle in ("COMMUNICATION", "Optional Protocol to the International Covenant",
                   "State party concerned", "Republic of Kazakhstan",
                   "Articles of the Covenant violated", "Exhaustion of domestic remedies",
                   "not being examined under another procedure of international",
                   "Author of the communication", "Alleged victim"):
        assert flat(needle) in flat(text), needle
    assert flat("Applicant:") not in flat(text)  # the Committee's form says "author"
    # The author is named; her IIN and address, and the child, only by an international
    # consent (she gave consents for the Ombudsman and the courts, not for this).
    assert flat(MOTHER_NAME) in flat(text)
    for withheld in (MOTHER_IIN, MOTHER_ADDRESS, VICTIM_NAME):
        assert flat(withheld) not in flat(text), withheld
    with pytest.raises(UnsupportedLanguageError):
        render(rich_case, ReportKind.COMPLAINT, "kk", profile=Profile.INTERNATIONAL,
               complaint=options)


def test_international_consent_opens_the_international_profile(render: Renderer,
                                                               rich_case: CaseFile) -> None:
    mother = next(p for p in rich_case.persons.values() if p.full_name == MOTHER_NAME)
    rich_case.consents.append(Consent(
        case_id=rich_case.case.id, person_id=mother.id, given_by_id=mother.id,
        purpose=ConsentPurpose.SHARE_INTERNATIONAL, given_on=PartialDate.parse("2024-01-10")))
    options = complaint_options(rich_case, addressee_preset="international")
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru", profile=Profile.INTERNATIONAL,
                    complaint=options)
    text = flat(pdftotext(out))
    assert flat(MOTHER_NAME) in text
    assert flat(VICTIM_NAME) not in text  # the boy's consents are for the Ombudsman only


def test_a_register_opens_only_to_the_recipient_a_consent_names(
        render: Renderer, rich_case: CaseFile, tmp_path: object) -> None:
    from advocate.reports import render_report
    grandmother = next(p for p in rich_case.persons.values()
                       if p.full_name == GRANDMOTHER_NAME)
    rich_case.consents.append(Consent(
        case_id=rich_case.case.id, person_id=grandmother.id, given_by_id=grandmother.id,
        purpose=ConsentPurpose.SHARE_COURT_PROSECUTOR, recipient="районная полиция",
        given_on=PartialDate.parse("2024-01-10")))
    out, _ = render(rich_case, ReportKind.THREATS, "ru", profile=Profile.COURT)
    text = flat(pdftotext(out))
    assert flat(GRANDMOTHER_NAME) not in text and "бабушка" in pdftotext(out)
    request = make_request(ReportKind.THREATS, "ru", Profile.COURT)
    request.recipient = "Районная полиция г. Талдыкорган"
    target = tmp_path / "for-police.pdf"  # type: ignore[operator]
    render_report(rich_case, request, target)
    assert flat(GRANDMOTHER_NAME) in flat(pdftotext(target))


def test_kazakh_verification_line_uses_the_locative(render: Renderer,
                                                    rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.EVIDENCE, "kk")
    # 09:30 UTC is 14:30 in Almaty: "он төрт отыз" ends in "отыз", so "-да".
    assert flat("2024 жылғы 3 маусымда сағат 14:30-да") in flat(pdftotext(out))


def test_the_demo_complaint_renders_strictly(tmp_path: object) -> None:
    """The demo's main case holds one complete complaint: --strict accepts it."""
    from dataclasses import fields
    from pathlib import Path

    from advocate.demo import build_demo
    from advocate.reports import ComplaintOptions, ReportRequest, render_report
    from advocate.store.store import Store
    from advocate.vault import KdfParams

    folder = Path(str(tmp_path))
    store, _ = Store.create(folder / "demo.advocate", "demo pass", kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store:
        build_demo(store)
        case_file = store.case_file(store.find_case("АҚТ-2023-01").id)
        head = store.audit_head()
    draft = case_file.complaints[0]
    options = ComplaintOptions(**{f.name: getattr(draft, f.name)
                                  for f in fields(ComplaintOptions)})
    request = ReportRequest(kind=ReportKind.COMPLAINT, lang="ru", profile=Profile.OMBUDSMAN,
                            complaint=options, audit_head=head)
    gaps = [g for g in check_completeness(case_file, request) if not g.notice]
    assert gaps == []
    render_report(case_file, request, folder / "complaint.pdf", strict=True)
    text = pdftotext(folder / "complaint.pdf")
    # The minor convicted and the boys too young to be prosecuted are not named in full.
    for name in ("Санжар Әлібеков", "Ерасыл Мұхтаров", "Нұрбол Қасымов"):
        assert flat(name) not in flat(text), name
