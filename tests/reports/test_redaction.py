"""Redaction and consent: what each profile prints about whom."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from advocate.model import CaseFile, Consent, ConsentPurpose, PartialDate
from advocate.reports import LANGUAGES, Profile, ReportKind
from tests.reports.conftest import (
    GRANDMOTHER_NAME,
    GRANDMOTHER_PHONE,
    LAWYER_ADDRESS,
    LAWYER_NAME,
    LAWYER_PHONE,
    MOTHER_ADDRESS,
    MOTHER_IIN,
    MOTHER_NAME,
    MOTHER_PHONE,
    OFFICIAL_NAME,
    SUSPECT2_NAME,
    SUSPECT_NAME,
    VICTIM_IIN,
    VICTIM_NAME,
    WITNESS_NAME,
    Renderer,
    flat,
    pdftotext,
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _mention_everyone_in_free_text(case_file: CaseFile) -> None:
    """Free text that names people the way lawyers write: full names, a declined surname,
    a first name alone, phone numbers written differently, an address."""
    case_file.incidents[0].description = (
        f"Со слов {MOTHER_NAME}: сын {VICTIM_NAME} пришёл домой в слезах. "
        "Сәрсенқұловой позвонили соседи; Рәбиға видела всё. Звонить 8 (700) 555-01-23. "
        f"Живут по адресу {MOTHER_ADDRESS}. ИИН ребёнка {VICTIM_IIN}. Свидетель "
        f"{WITNESS_NAME} готов дать показания."
    )
    case_file.threats[1].words = f"{GRANDMOTHER_NAME}, мы знаем ваш номер {GRANDMOTHER_PHONE}"


def _assert_absent(text: str, values: list[str]) -> None:
    flat_text = flat(text)
    digits = _digits(text)
    for value in values:
        assert flat(value) not in flat_text, value
        if _digits(value) and len(_digits(value)) >= 10:
            assert _digits(value)[-10:] not in digits, value


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(ReportKind))
def test_press_profile_leaves_out_every_redacted_value(
        render: Renderer, rich_case: CaseFile, kind: ReportKind, lang: str) -> None:
    _mention_everyone_in_free_text(rich_case)
    out, stamp = render(rich_case, kind, lang, profile=Profile.PRESS)
    assert stamp.payload["redacted"] == "yes"
    text = pdftotext(out)
    _assert_absent(text, [
        VICTIM_NAME, MOTHER_NAME, GRANDMOTHER_NAME, WITNESS_NAME, SUSPECT_NAME, SUSPECT2_NAME,
        "Сәрсенқұлов", "Рәбиға", "Гүлнұр", "Әмір", MOTHER_ADDRESS, "Вымышленная",
        MOTHER_PHONE, GRANDMOTHER_PHONE, LAWYER_PHONE, LAWYER_ADDRESS, MOTHER_IIN, VICTIM_IIN,
    ])
    if kind in (ReportKind.COMPLAINT, ReportKind.CHRONOLOGY):
        assert "Мальчик А." in text  # the victim's pseudonym


def test_redact_flag_overrides_the_profile_default(render: Renderer,
                                                   rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru", profile=Profile.INTERNAL,
                    redact=True)
    text = pdftotext(out)
    _assert_absent(text, [VICTIM_NAME, MOTHER_ADDRESS, MOTHER_PHONE, MOTHER_IIN, LAWYER_PHONE])
    assert "Мальчик А." in text
    assert flat(MOTHER_NAME) in flat(text)  # not a victim, not a minor: named


def test_ombudsman_profile_names_only_those_who_consented(render: Renderer,
                                                          rich_case: CaseFile) -> None:
    _mention_everyone_in_free_text(rich_case)
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru", profile=Profile.OMBUDSMAN)
    text = pdftotext(out)
    flat_text = flat(text)
    for named in (VICTIM_NAME, MOTHER_NAME, MOTHER_ADDRESS, MOTHER_PHONE, MOTHER_IIN,
                  LAWYER_NAME, OFFICIAL_NAME):
        assert flat(named) in flat_text, named
    # The suspects were 15 and 16: a minor suspect is never named in full outside the office.
    _assert_absent(text, [GRANDMOTHER_NAME, WITNESS_NAME, GRANDMOTHER_PHONE, "Рәбиға",
                          SUSPECT_NAME, SUSPECT2_NAME])
    assert "Д. Е. П." in text
    assert "бабушка" in text and "свидетель" in text  # by role only


def test_consent_must_be_valid_on_the_day_and_cover_the_addressee(
        render: Renderer, rich_case: CaseFile) -> None:
    grandmother = next(p for p in rich_case.persons.values() if p.full_name == GRANDMOTHER_NAME)
    base = dict(case_id=rich_case.case.id, person_id=grandmother.id,
                purpose=ConsentPurpose.SHARE_OMBUDSMAN, given_by_id=grandmother.id,
                given_on=PartialDate.parse("2024-01-01"))
    for consent, named in [
        (Consent(**base, withdrawn_on=date(2024, 5, 1)), False),  # type: ignore[arg-type]
        (Consent(**base, valid_until=date(2024, 5, 31)), False),  # type: ignore[arg-type]
        (Consent(**base, recipient="Прокуратура"), False),  # type: ignore[arg-type]
        (Consent(**base, recipient="Уполномоченному по правам человека"),  # type: ignore[arg-type]
         True),
        (Consent(**base), True),  # type: ignore[arg-type]
    ]:
        rich_case.consents = [c for c in rich_case.consents
                              if c.person_id != grandmother.id] + [consent]
        out, _ = render(rich_case, ReportKind.COMPLAINT, "ru")
        assert (flat(GRANDMOTHER_NAME) in flat(pdftotext(out))) is named, consent


def test_internal_profile_names_everyone(render: Renderer, rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.CHRONOLOGY, "kk", profile=Profile.INTERNAL)
    flat_text = flat(pdftotext(out))
    for name in (VICTIM_NAME, GRANDMOTHER_NAME, WITNESS_NAME, SUSPECT_NAME):
        assert flat(name) in flat_text, name


def test_court_profile_needs_the_court_consent(render: Renderer, rich_case: CaseFile) -> None:
    # The victim consented to the Ombudsman and to publication, not to a court.
    out, _ = render(rich_case, ReportKind.THREATS, "en", profile=Profile.COURT)
    text = pdftotext(out)
    assert flat(MOTHER_NAME) in flat(text)
    _assert_absent(text, [GRANDMOTHER_NAME])
    # A common relation typed in Russian prints in the report's language.
    assert "grandmother" in text and "бабушка" not in text


def test_redacted_report_keeps_only_the_town_of_an_incident_place(tmp_path: Path) -> None:
    """A home address typed as an incident's place does not reach a redacted report."""
    from advocate.model import Case, CaseFile, Incident, PartialDate
    from advocate.reports import Profile, ReportKind, ReportRequest, render_report

    case = Case(reference="R-1", title="t", place="г. Ақтерек")
    incident = Incident(case_id=case.id, title="Разбиты окна", date=PartialDate(2024, 11, 3),
                        place="г. Ақтерек, ул. Жамбыл 14, дом бабушки")
    cf = CaseFile(case=case, incidents=[incident])
    for redact, present in ((True, False), (False, True)):
        out = tmp_path / f"r{redact}.pdf"
        render_report(cf, ReportRequest(kind=ReportKind.CHRONOLOGY, lang="ru",
                                        profile=Profile.PRESS, redact=redact,
                                        audit_head="0" * 64), out)
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert ("Жамбыл" in text) is present
        assert "Ақтерек" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_press_threat_log_hides_a_name_behind_invisible_marks(
        render: Renderer, rich_case: CaseFile, lang: str) -> None:
    """Measured once: a child's name stored with a leading right-to-left mark printed in
    full in the press threat log. Names are matched as a reader sees them."""
    victim = next(p for p in rich_case.persons.values() if p.full_name == VICTIM_NAME)
    victim.full_name = "\u200f" + VICTIM_NAME
    first_name = GRANDMOTHER_NAME.split()[0]
    rich_case.threats[0].words = f"\u200fӘмір\u200dге айт: {first_name} апай білсін"
    out, _ = render(rich_case, ReportKind.THREATS, lang, profile=Profile.PRESS)
    text = pdftotext(out)
    _assert_absent(text, ["Әмір", "Рәбиға"])
    mark = {"ru": "[имя скрыто]", "kk": "[есімі жасырылды]", "en": "[name withheld]"}[lang]
    assert flat(f"{mark} айт: {mark} апай білсін") in flat(text)
