"""The complaint holds what a complaint must hold to be accepted, in the three languages."""

from __future__ import annotations

import re

import pytest

from advocate.model import CaseFile
from advocate.reports import AuthorityKind, Profile, ReportKind
from advocate.reports.texts import addressee_presets
from tests.reports.conftest import (
    LAWYER_NAME,
    MOTHER_ADDRESS,
    MOTHER_IIN,
    MOTHER_NAME,
    MOTHER_PHONE,
    OFFICIAL_NAME,
    VICTIM_NAME,
    Renderer,
    complaint_options,
    flat,
    pdftotext,
)

SECTIONS = {
    "ru": ["ЖАЛОБА", "1. Обжалуемые решения, действия (бездействие)", "2. Обстоятельства дела",
           "3. Поступившие угрозы", "4. Правовые основания",
           "5. Принятые меры и полученные ответы", "6. Прошу", "7. Конфиденциальность",
           "8. Приложения", "Проверка подлинности"],
    "kk": ["ШАҒЫМ", "1. Шағым жасалатын шешімдер, әрекеттер (әрекетсіздік)",
           "2. Істің мән-жайлары", "3. Келіп түскен қорқытулар", "4. Құқықтық негіздер",
           "5. Бұрын жүгінген органдар және алынған жауаптар", "6. Сұраймын", "7. Құпиялылық",
           "8. Қосымшалар", "Түпнұсқалығын тексеру"],
    "en": ["COMPLAINT", "1. Decisions, actions or inaction complained of",
           "2. Statement of facts", "3. Threats received", "4. Legal grounds",
           "5. Remedies already used and the answers received", "6. I therefore request",
           "7. Confidentiality", "8. Attachments", "Verification"],
}


def assert_in_order(text: str, needles: list[str]) -> None:
    """Each needle occurs in ``text`` (whitespace ignored) after the one before it."""
    flat_text = flat(text)
    at = 0
    for needle in needles:
        found = flat_text.find(flat(needle), at)
        assert found >= 0, f"{needle!r} missing, or out of order"
        at = found + len(flat(needle))


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_complaint_has_its_sections_in_order(render: Renderer, rich_case: CaseFile,
                                             lang: str) -> None:
    out, _ = render(rich_case, ReportKind.COMPLAINT, lang)
    assert_in_order(pdftotext(out), SECTIONS[lang])


def test_addressee_applicant_and_representative_blocks(render: Renderer,
                                                       rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru")
    text = pdftotext(out)
    flat_text = flat(text)
    block = addressee_presets()["ombudsman"].block("ru")
    for needle in (block, f"Заявитель: {MOTHER_NAME}", f"ИИН: {MOTHER_IIN}",
                   f"Адрес: {MOTHER_ADDRESS}", f"Телефон: {MOTHER_PHONE}",
                   f"Потерпевший: {VICTIM_NAME} (несовершеннолетний)",
                   f"Представитель: {LAWYER_NAME}",
                   "Основание полномочий: доверенность, № 12 от 10.01.2024"):
        assert flat(needle) in flat_text, needle
    # The blocks come before the title, the addressee first.
    assert_in_order(text, [block, "Заявитель", "Представитель", "ЖАЛОБА"])


def test_addressee_text_replaces_the_preset(render: Renderer, rich_case: CaseFile) -> None:
    options = complaint_options(rich_case, addressee_preset="prosecutor",
                                addressee_text="Прокурору Жетісуской области\nг. Талдыкорган",
                                authority_kind=AuthorityKind.ASSOCIATION_CONSENT, authority="")
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru", profile=Profile.COURT,
                    complaint=options)
    text = flat(pdftotext(out))
    assert flat("Прокурору Жетісуской области") in text
    assert "____" not in text.split(flat("ЖАЛОБА"))[0]
    assert flat("от имени общественного объединения с письменного согласия заявителя") in text


def test_facts_are_merged_in_date_order_with_partial_dates(render: Renderer,
                                                           rich_case: CaseFile) -> None:
    # With no official chosen, the statement of facts tells every event.
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru",
                    complaint=complaint_options(rich_case, official_ids=[]))
    text = pdftotext(out)
    facts = flat(text).split(flat("2. Обстоятельства дела"))[1].split(flat("3. Поступившие"))[0]
    assert_in_order(facts, [
        "около 2023 г.", "около ноября 2023 г.", "20 ноября 2023 г.", "15 декабря 2023 г.",
        "15 января 2024 г.", "14 февраля 2024 г.", "20 февраля 2024 г.", "март 2024 г.",
        "5–12 марта 2024 г.", "2 апреля 2024 г.", "5 апреля 2024 г.", "15 мая 2024 г."])
    assert flat("Встреча с журналистом") not in facts  # a draft is a plan, not a fact
    # Incidents, threats, actions, answers, proceedings and hearings are all there.
    for kind in ("Происшествие", "Угроза", "Обращение", "Ответ", "Производство", "Заседание"):
        assert flat(kind) in facts, kind


def test_threats_table_and_chart(render: Renderer, rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru")
    section = flat(pdftotext(out)).split(flat("3. Поступившие угрозы"))[1]
    section = section.split(flat("4. Правовые основания"))[0]
    for needle in ("Всего угроз: 5; сообщено в правоохранительные органы: 2",
                   "Кому", "От кого", "Способ", "Содержание угрозы",
                   "Забери заявление, иначе пожалеешь.", "КУИ № 1234", "по телефону", "высокая",
                   "Сізге ескерту: арызды қайтарып алыңыз.",
                   "мужчина, назвавшийся сотрудником акимата",
                   # the chart's month labels and the note about the year-only threat
                   "фев 24", "мар 24", "апр 24", "на графике не показаны"):
        assert flat(needle) in section, needle


def test_remedies_list_addressee_dates_numbers_status_and_answers(
        render: Renderer, rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.COMPLAINT, "en")
    section = flat(pdftotext(out)).split(flat("5. Remedies"))[1].split(flat("6. I therefore"))[0]
    for needle in ("Прокуратура Алматинской области", "15 January 2024", "ЖТ-2024-0042",
                   "answered", "10 February 2024", "Проверка продолжается.", "refused",
                   "Отказано в регистрации.", "awaiting answer"):
        assert flat(needle) in section, needle
    assert flat("Встреча с журналистом") not in section  # never filed: not a remedy


def test_request_grounds_confidentiality_attachments_signature(
        render: Renderer, rich_case: CaseFile) -> None:
    out, stamp = render(rich_case, ReportKind.COMPLAINT, "ru")
    text = flat(pdftotext(out))
    for needle in ("Статья 33 Конституции Республики Казахстан.",
                   "1. Проверить законность действий полиции.",
                   "прошу не разглашать без письменного согласия сведения о частной жизни",
                   "от 5 ноября 2022 года № 154-VII",
                   "1. скриншот_1.png; 15 января 2024 г.",
                   "5. Ответ прокуратуры (ответ_прокуратуры.pdf); 20 мая 2024 г.; на 3 л.",
                   "г. Талдыкорган, 3 июня 2024 г.", f"/ {LAWYER_NAME}", "(подпись)",
                   f"Код проверки: {stamp.code}"):
        assert flat(needle).replace("\u00a0", "") in text.replace("\u00a0", ""), needle
    for evidence in rich_case.evidence:
        assert flat(f"SHA-256:{evidence.sha256}") in text
    # The body complained of must be able to explain itself: the complaint never asks that
    # it be kept from it.
    assert flat("не направлять копию") not in text
    assert "image/png" not in text  # attachments are described, not typed by media type


def test_confidentiality_is_asked_only_when_chosen(render: Renderer,
                                                   rich_case: CaseFile) -> None:
    options = complaint_options(rich_case, confidential=False)
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru", complaint=options)
    text = flat(pdftotext(out))
    assert flat("Конфиденциальность") not in text
    assert flat("7. Приложения") in text


def test_officials_complained_of_are_listed(render: Renderer, rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.COMPLAINT, "kk")
    text = flat(pdftotext(out))
    assert flat(f"— {OFFICIAL_NAME}, участковый инспектор, ОП Ауданского района") in text


def test_complaint_without_threats_has_no_threat_section(render: Renderer,
                                                         rich_case: CaseFile) -> None:
    rich_case.threats = []
    out, _ = render(rich_case, ReportKind.COMPLAINT, "ru")
    text = flat(pdftotext(out))
    assert flat("Поступившие угрозы") not in text
    assert re.search(flat("3. Правовые основания"), text)
