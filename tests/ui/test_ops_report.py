"""The report dialog: gaps before rendering, each with its fix; preview from memory; save as PDF;
the verification code checked from the app."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPlainTextEdit, QPushButton

from advocate.model import ComplaintDraft
from tests.ui.ops_helpers import call, child, open_session
from ui.dialogs.report_dialog import CheckCodeDialog, ReportDialog
from ui.prompts import Prompts
from ui.worker import VaultWorker

MAIN_CASE = "АҚТ-2023-01"


def _case_id(qtbot: Any, worker: VaultWorker) -> str:
    return str(call(qtbot, worker, lambda store, task: store.find_case(MAIN_CASE).id))


def _gap_texts(dialog: ReportDialog) -> list[str]:
    gaps = child(dialog, QListWidget, "reportGaps")
    return [gaps.item(i).text() for i in range(gaps.count())]


def _open(qtbot: Any, prompts: Prompts, worker: VaultWorker, vault: Path) -> ReportDialog:
    session = open_session(qtbot, prompts, worker, vault)
    dialog = ReportDialog(session, _case_id(qtbot, worker))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: any("Consent" in t for t in _gap_texts(dialog)), timeout=30_000)
    return dialog


def test_a_missing_text_is_listed_and_its_link_goes_to_the_field(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path) -> None:
    dialog = _open(qtbot, prompts, worker, demo_vault)
    grounds = child(dialog, QPlainTextEdit, "complaintLegalGrounds")
    assert grounds.toPlainText()  # the demo draft's texts are loaded into the form
    grounds.clear()
    qtbot.waitUntil(lambda: any("legal grounds" in t for t in _gap_texts(dialog)),
                    timeout=30_000)
    gaps = child(dialog, QListWidget, "reportGaps")
    row = next(i for i in range(gaps.count())
               if (gaps.item(i).data(Qt.ItemDataRole.UserRole) or ("",))[0] == "no_legal_grounds")
    gaps.setCurrentRow(row)
    qtbot.mouseClick(child(dialog, QPushButton, "fixGapButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(grounds.hasFocus, timeout=5_000)


def test_a_consent_gap_asks_the_workspace_to_fix_it(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path) -> None:
    dialog = _open(qtbot, prompts, worker, demo_vault)
    gaps = child(dialog, QListWidget, "reportGaps")
    row = next(i for i, t in enumerate(_gap_texts(dialog)) if t.startswith("Consent"))
    gaps.setCurrentRow(row)
    with qtbot.waitSignal(dialog.fix_requested, timeout=5_000) as signal:
        qtbot.mouseClick(child(dialog, QPushButton, "fixGapButton"), Qt.MouseButton.LeftButton)
    person_id, field = signal.args
    assert field == "consent" and person_id


def test_a_complaint_is_previewed_saved_as_pdf_and_its_code_checks_out(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        tmp_path: Path) -> None:
    dialog = _open(qtbot, prompts, worker, demo_vault)
    grounds = child(dialog, QPlainTextEdit, "complaintLegalGrounds")
    grounds.setPlainText("Статья 17 Конституции <и> «другие» основания")
    qtbot.mouseClick(child(dialog, QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    save = child(dialog, QPushButton, "savePdfButton")
    qtbot.waitUntil(save.isEnabled, timeout=60_000)
    assert dialog.preview.page_count() >= 2
    code = child(dialog, QLabel, "verificationCode").text().split(": ")[-1]
    assert len(code) == 12
    # the edited text was saved in the case's draft
    drafts = call(qtbot, worker, lambda store, task: store.list_records(ComplaintDraft))
    assert any(d.legal_grounds.startswith("Статья 17") for d in drafts)
    out = tmp_path / "complaint.pdf"
    prompts.answer_next(True, out)  # "not encrypted" accepted, then the file chosen
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved" in dialog.progress.text.text(), timeout=30_000)
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["complaint.pdf", "demo.advocate"]
    qtbot.mouseClick(child(dialog, QPushButton, "checkCodeButton"), Qt.MouseButton.LeftButton)
    checker = dialog.findChild(CheckCodeDialog)
    assert checker is not None and checker.code.text() == code
    checker.code.setText(code.lower().replace("-", " "))
    qtbot.mouseClick(checker.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Genuine" in checker.result_label.text(), timeout=30_000)
    assert MAIN_CASE in checker.result_label.text()


def test_an_unknown_code_is_not_genuine(qtbot: Any, prompts: Prompts, worker: VaultWorker,
                                        demo_vault: Path) -> None:
    session = open_session(qtbot, prompts, worker, demo_vault)
    checker = CheckCodeDialog(session)
    qtbot.addWidget(checker)
    qtbot.keyClicks(checker.code, "AAAA-BBBB-CC")
    qtbot.mouseClick(checker.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No report" in checker.result_label.text(), timeout=30_000)




def test_the_window_keeps_breathing_while_a_hundred_page_complaint_renders(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path) -> None:
    from tests.ui.big_complaint import grow_main_case
    from tests.ui.conftest import PASSPHRASE
    from tests.ui.ops_helpers import GapMeter

    grow_main_case(demo_vault, PASSPHRASE)
    dialog = _open(qtbot, prompts, worker, demo_vault)
    meter = GapMeter().start()
    qtbot.mouseClick(child(dialog, QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(child(dialog, QPushButton, "savePdfButton").isEnabled, timeout=180_000)
    qtbot.wait(300)  # the preview paints its first pages
    meter.stop()
    print(f"\n100-page complaint: {dialog.preview.page_count()} pages, {meter.ticks} ticks, "
          f"longest UI gap {meter.longest * 1000:.0f} ms, {dialog.progress.seconds():.1f} s")
    assert dialog.preview.page_count() >= 90
    assert meter.ticks > 10


def test_printing_warns_about_the_spooler_first_then_sends_every_page(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    dialog = _open(qtbot, prompts, worker, demo_vault)
    qtbot.mouseClick(child(dialog, QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(child(dialog, QPushButton, "printButton").isEnabled, timeout=60_000)
    prompts.answer_next(False)  # the spooler warning declined: nothing is printed
    dialog.print_report(QPrinter())
    assert prompts.asked[-1][0] == "confirm" and "queue" in prompts.asked[-1][1]
    assert not dialog.progress.running
    printer = QPrinter()  # a PDF printer stands in for the system's print dialog and printer
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    prompts.answer_next(True)
    dialog.print_report(printer)
    qtbot.waitUntil(lambda: "Sent to the printer" in dialog.progress.text.text(),
                    timeout=60_000)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")


def test_locking_the_vault_closes_the_dialog(qtbot: Any, prompts: Prompts,
                                            worker: VaultWorker, demo_vault: Path) -> None:
    session = open_session(qtbot, prompts, worker, demo_vault)
    dialog = ReportDialog(session, _case_id(qtbot, worker))
    qtbot.addWidget(dialog)
    dialog.show()
    child_pid = dialog.renderer.pid  # started when the dialog opened, before any Preview
    assert child_pid is not None and child_pid != os.getpid()
    session.lock()
    assert not dialog.isVisible()
    assert dialog.renderer.pid is None and _gone(child_pid)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_cancel_stops_the_render_process_and_a_dead_one_is_said_calmly(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path) -> None:
    from tests.ui.big_complaint import grow_main_case
    from tests.ui.conftest import PASSPHRASE

    grow_main_case(demo_vault, PASSPHRASE)
    dialog = _open(qtbot, prompts, worker, demo_vault)
    render = child(dialog, QPushButton, "renderButton")
    cancel = child(dialog, QPushButton, "progressCancel")
    qtbot.mouseClick(render, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.bar.value() > 0, timeout=60_000)
    first = dialog.renderer.pid
    assert first is not None
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(render.isEnabled, timeout=30_000)
    assert "Cancelled" in dialog.progress.text.text()
    assert _gone(first) and not child(dialog, QPushButton, "savePdfButton").isEnabled()
    # a child killed under the render (as by the system when memory runs out)
    qtbot.mouseClick(render, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.bar.value() > 0, timeout=60_000)
    second = dialog.renderer.pid
    assert second is not None and second != first
    os.kill(second, signal.SIGKILL)
    qtbot.waitUntil(render.isEnabled, timeout=30_000)
    assert "stopped unexpectedly" in dialog.progress.text.text()
    assert "try again" in dialog.progress.text.text()
    # and the next Preview works in a new child
    qtbot.mouseClick(render, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(child(dialog, QPushButton, "savePdfButton").isEnabled, timeout=120_000)
    assert dialog.renderer.pid not in (None, first, second)


def _tick(listed: QListWidget, wanted: list[str]) -> list[str]:
    """Tick exactly the rows whose text holds one of ``wanted``; their record ids."""
    ids = []
    for i in range(listed.count()):
        item = listed.item(i)
        hit = any(w in item.text() for w in wanted)
        item.setCheckState(Qt.CheckState.Checked if hit else Qt.CheckState.Unchecked)
        if hit:
            ids.append(item.data(Qt.ItemDataRole.UserRole))
    return ids


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start) + len(start):text.index(end, text.index(start))]


def test_the_complaint_names_the_officials_and_tells_the_events_ticked(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        tmp_path: Path) -> None:
    from advocate.reports.texts import texts_for
    from tests.reports.conftest import pdftotext

    dialog = _open(qtbot, prompts, worker, demo_vault)
    officials = child(dialog, QListWidget, "complaintOfficials")
    events = child(dialog, QListWidget, "complaintEvents")
    # the case's officials only (six), the demo draft's three ticked; every event listed
    assert officials.count() == 6
    assert sum(officials.item(i).checkState() == Qt.CheckState.Checked
               for i in range(officials.count())) == 3
    case_id = _case_id(qtbot, worker)
    cf = call(qtbot, worker, lambda store, task: store.case_file(case_id))
    assert events.count() == (len(cf.incidents) + len(cf.threats) + len(cf.actions)
                              + len(cf.proceedings) + len(cf.hearings))
    assert officials.accessibleName() and "Ким" not in officials.accessibleName()
    assert "Ким" not in dialog.windowTitle()
    official_ids = _tick(officials, ["Светлана Ким"])
    event_ids = _tick(events, ["Нападение на дом бабушки", "Мектеп маңында баланы"])
    assert len(official_ids) == 1 and len(event_ids) == 2
    qtbot.mouseClick(child(dialog, QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    save = child(dialog, QPushButton, "savePdfButton")
    qtbot.waitUntil(save.isEnabled, timeout=60_000)
    # the choice was saved in the vault with the draft
    drafts = call(qtbot, worker, lambda store, task: store.list_records(ComplaintDraft))
    assert [(d.official_ids, d.event_ids) for d in drafts] == [(official_ids, event_ids)]
    out = tmp_path / "complaint.pdf"
    prompts.answer_next(True, out)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved" in dialog.progress.text.text(), timeout=30_000)
    text = " ".join(pdftotext(out).replace("-\n", "").split())
    t = texts_for("ru")
    named = _between(text, t("section.officials"), t("section.facts"))
    assert "Светлана Ким" in named
    for other in ("Оспанов", "Бекмағамбетов", "Тұрсынов", "Павлов", "Марат Әлібеков"):
        assert other not in named
    facts = _between(text, t("section.facts"), t("section.threats"))
    assert "Нападение на дом бабушки" in facts and "Мектеп маңында баланы" in facts
    for other in ("Насилие в отношении ребёнка", "Заявление о преступлении", "Спишь?",
                  "Апелляционная жалоба", "Уголовное дело о насилии", "Прения сторон"):
        assert other not in facts


def test_no_official_ticked_is_a_gap_whose_link_goes_to_the_officials_list(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path) -> None:
    dialog = _open(qtbot, prompts, worker, demo_vault)
    officials = child(dialog, QListWidget, "complaintOfficials")
    _tick(officials, [])
    gaps = child(dialog, QListWidget, "reportGaps")

    def row() -> int | None:
        return next((i for i in range(gaps.count())
                     if (gaps.item(i).data(Qt.ItemDataRole.UserRole) or ("",))[0]
                     == "no_officials"), None)

    qtbot.waitUntil(lambda: row() is not None, timeout=30_000)
    gaps.setCurrentRow(row())
    qtbot.mouseClick(child(dialog, QPushButton, "fixGapButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(officials.hasFocus, timeout=5_000)


def _rows(listed: QListWidget) -> dict[str, bool]:
    """Each row's text → whether it is ticked."""
    return {listed.item(i).text(): listed.item(i).checkState() == Qt.CheckState.Checked
            for i in range(listed.count())}


def test_the_tick_lists_follow_edits_of_the_case_and_keep_the_ticks(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path) -> None:
    from advocate.model.dates import PartialDate
    from advocate.model.enums import RoleKind
    from advocate.model.people import Person, Role
    from advocate.model.records import Threat

    session = open_session(qtbot, prompts, worker, demo_vault)
    # the store's change notices reach the session, as after unlocking in the app
    call(qtbot, worker, lambda store, task: store.subscribe(session.notify_from_worker))
    dialog = ReportDialog(session, _case_id(qtbot, worker))
    qtbot.addWidget(dialog)
    dialog.show()
    officials = child(dialog, QListWidget, "complaintOfficials")
    events = child(dialog, QListWidget, "complaintEvents")
    qtbot.waitUntil(lambda: officials.count() > 0, timeout=30_000)
    _tick(officials, ["Светлана Ким"])
    kept, gone = _tick(events, ["Нападение на дом бабушки", "Мектеп маңында баланы"])
    case_id = _case_id(qtbot, worker)

    def edit(store: Any, _task: Any) -> None:  # as the case workspace would, meanwhile
        victim = store.case_file(case_id).roles[0].person_id
        store.add(Threat(case_id=case_id, words="Новая угроза у подъезда", target_ids=[victim],
                         received=PartialDate.parse("2024-03-02")))
        person = store.add(Person(full_name="Ерлан Сапаров"))
        store.add(Role(case_id=case_id, person_id=person.id, role=RoleKind.OFFICIAL,
                       position="участковый", institution="ОП Медеуского района"))
        store.delete(gone)

    call(qtbot, worker, edit)
    qtbot.waitUntil(lambda: any("Новая угроза" in t for t in _rows(events)), timeout=30_000)
    qtbot.waitUntil(lambda: any("Ерлан Сапаров" in t for t in _rows(officials)),
                    timeout=30_000)
    ticked_events = [events.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(events.count())
                     if events.item(i).checkState() == Qt.CheckState.Checked]
    assert ticked_events == [kept]  # the deleted one went with its record, the other stays
    assert not any("Мектеп маңында баланы" in t for t in _rows(events))
    assert [t for t, on in _rows(events).items() if "Новая угроза" in t] and not any(
        on for t, on in _rows(events).items() if "Новая угроза" in t)
    assert [t for t, on in _rows(officials).items() if on] == [
        t for t in _rows(officials) if "Светлана Ким" in t]
    assert len(_rows(officials)) == 7
    # the choice changed (a ticked event went), so the draft is saved again on Preview
    qtbot.mouseClick(child(dialog, QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(child(dialog, QPushButton, "savePdfButton").isEnabled, timeout=60_000)
    drafts = call(qtbot, worker, lambda store, task: store.list_records(ComplaintDraft))
    assert [d.event_ids for d in drafts] == [[kept]]


def test_the_form_has_the_width_until_pages_are_shown_then_the_pages_have_it(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path) -> None:
    from PySide6.QtWidgets import QSplitter

    dialog = _open(qtbot, prompts, worker, demo_vault)
    dialog.resize(1366, 768)
    qtbot.wait(50)
    splitter = child(dialog, QSplitter, "reportSplitter")
    form, pages = splitter.sizes()
    assert form >= 0.7 * (form + pages), (form, pages)  # the pages' side keeps only its hint
    columns = dialog.complaint_columns
    assert columns.side_by_side()
    officials = child(dialog, QListWidget, "complaintOfficials")
    events = child(dialog, QListWidget, "complaintEvents")
    assert events.mapTo(dialog, events.rect().topLeft()).x() > \
        officials.mapTo(dialog, officials.rect().topRight()).x()  # in the second column
    qtbot.mouseClick(child(dialog, QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(child(dialog, QPushButton, "savePdfButton").isEnabled, timeout=60_000)
    form, pages = splitter.sizes()
    assert pages >= (form + pages) / 2, (form, pages)
    qtbot.waitUntil(lambda: not columns.side_by_side(), timeout=5_000)
    qtbot.waitUntil(lambda: events.mapTo(dialog, events.rect().topLeft()).y() > officials.mapTo(
        dialog, officials.rect().bottomLeft()).y(), timeout=5_000)  # one under the other
    # a change of the options drops the pages: the form has the width again
    child(dialog, QPlainTextEdit, "complaintRequest").insertPlainText(" ")
    qtbot.waitUntil(lambda: splitter.sizes()[0] >= 0.7 * sum(splitter.sizes()), timeout=5_000)
