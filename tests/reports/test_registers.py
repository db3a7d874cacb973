"""The threat log, the chronology and the evidence register."""

from __future__ import annotations

from advocate.model import CaseFile
from advocate.reports import Profile, ReportKind
from tests.reports.conftest import Renderer, flat, pdftotext
from tests.reports.test_complaint import assert_in_order


def test_threat_log_has_summary_counts_chart_and_every_threat(render: Renderer,
                                                              rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.THREATS, "ru")
    text = pdftotext(out)
    assert_in_order(text, [
        "ЖУРНАЛ УГРОЗ", "Дело: АБ-17/2024", "Сводка", "Всего угроз: 5",
        "фев 24", "мар 24", "апр 24",  # the chart's months
        "Степень опасности", "критическая 2", "Способ", "по телефону 1", "Перечень",
    ])
    flat_text = flat(text)
    for threat in rich_case.threats:
        assert flat(threat.words) in flat_text


def test_threat_log_of_a_case_without_threats_says_so(render: Renderer,
                                                      rich_case: CaseFile) -> None:
    rich_case.threats = []
    out, _ = render(rich_case, ReportKind.THREATS, "en")
    assert "No threats recorded." in pdftotext(out)


def test_threat_chart_labels_are_in_the_report_language(render: Renderer,
                                                        rich_case: CaseFile) -> None:
    kk, _ = render(rich_case, ReportKind.THREATS, "kk")
    en, _ = render(rich_case, ReportKind.THREATS, "en")
    assert all(m in pdftotext(kk) for m in ("ақп 24", "нау 24", "сәу 24", "аса қауіпті"))
    assert all(m in pdftotext(en) for m in ("Feb 24", "Mar 24", "Apr 24", "critical"))


def test_chronology_lists_every_event_in_date_order(render: Renderer,
                                                    rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.CHRONOLOGY, "en")
    text = pdftotext(out)
    assert_in_order(text, [
        "CASE CHRONOLOGY", "about 2023", "Threat", "about November 2023", "Incident",
        "Насилие в отношении ребёнка", "20 November 2023", "Submission", "15 December 2023",
        "Answer", "2 April 2024", "Proceeding", "Иск о защите чести к адвокату",
        "case against a human rights defender", "15 May 2024", "Hearing", "10:30",
    ])
    assert "Заметка адвоката" not in text  # notes are the lawyer's own: internal only


def test_internal_chronology_includes_notes_and_drafts(render: Renderer,
                                                       rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.CHRONOLOGY, "ru", profile=Profile.INTERNAL)
    text = flat(pdftotext(out))
    assert flat("Заметка адвоката") in text and flat("Позвонить в прокуратуру.") in text
    assert flat("Встреча с журналистом") in text and flat("дата неизвестна") in text


def test_evidence_register_lists_hash_size_type_intake_and_source(
        render: Renderer, rich_case: CaseFile) -> None:
    out, _ = render(rich_case, ReportKind.EVIDENCE, "ru")
    text = flat(pdftotext(out)).replace("\u00a0", "")
    assert flat("Файлов: 5; общий размер: 2,2 МБ (2 357 058 байт)").replace("\u00a0", "") in text
    for evidence in rich_case.evidence:
        assert flat(f"SHA-256:{evidence.sha256}") in text
        assert flat(evidence.original_name) in text
        assert flat(evidence.media_type) in text
        assert flat(evidence.source) in text
    # Intake times in the report's zone (UTC+05:00): 08:00 UTC is 13:00 in Almaty.
    assert flat("15 января 2024 г., 13:00 (UTC+05:00)") in text
    assert flat("1 345 байт") in text
    assert flat("передал(а): Гүлнұр Өмірбекқызы Сәрсенқұлова") in text


def test_evidence_register_of_a_case_without_evidence_says_so(render: Renderer,
                                                              rich_case: CaseFile) -> None:
    rich_case.evidence = []
    for threat in rich_case.threats:
        threat.evidence_ids = []
    for action in rich_case.actions:
        action.evidence_ids = []
    out, stamp = render(rich_case, ReportKind.EVIDENCE, "kk")
    assert "Дәлелдеме файлдары енгізілмеген." in pdftotext(out)
    assert stamp.payload["attachments"] == "0"
