"""Export a case to JSON and import it into another vault; a document with an error is one
message naming the place, and nothing is imported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from advocate.model.records import Case, Threat
from tests.ui.ops_helpers import call, child, open_session
from ui.dialogs.transfer_dialog import ExportDialog, ImportDialog
from ui.prompts import Prompts
from ui.session import Session
from ui.worker import VaultWorker


def _export(qtbot: Any, session: Session, case_id: str | None, out: Path) -> ExportDialog:
    dialog = ExportDialog(session, case_id)
    qtbot.addWidget(dialog)
    session.prompts.answer_next(out, True)  # the file, then "not encrypted" accepted
    qtbot.mouseClick(child(dialog, QPushButton, "exportFileChoose"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(child(dialog, QPushButton, "goButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Exported" in child(dialog, QLabel, "result").text(),
                    timeout=60_000)
    return dialog


def _import(qtbot: Any, session: Session, path: Path) -> ImportDialog:
    dialog = ImportDialog(session)
    qtbot.addWidget(dialog)
    session.prompts.answer_next(path)
    qtbot.mouseClick(child(dialog, QPushButton, "importFileChoose"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(child(dialog, QPushButton, "goButton"), Qt.MouseButton.LeftButton)
    return dialog


def test_a_case_exported_from_one_vault_imports_into_another(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        empty_vault: Path, tmp_path: Path) -> None:
    session = open_session(qtbot, prompts, worker, demo_vault)
    case_id, threats = call(qtbot, worker, lambda store, task: (
        store.find_case("АҚТ-2023-01").id,
        len(store.list_records(Threat, store.find_case("АҚТ-2023-01").id))))
    out = tmp_path / "case.json"
    dialog = _export(qtbot, session, case_id, out)
    assert json.loads(out.read_text("utf-8"))["format"] == "advocate-interchange"
    assert str(dialog.records) in child(dialog, QLabel, "result").text()
    worker.lock()
    other = open_session(qtbot, prompts, worker, empty_vault)
    imported = _import(qtbot, other, out)
    qtbot.waitUntil(lambda: "Imported" in child(imported, QLabel, "result").text(),
                    timeout=60_000)
    assert imported.added == dialog.records and imported.skipped == 0
    counts = call(qtbot, worker, lambda store, task: (store.count(Case), store.count(Threat)))
    assert counts == (1, threats)


def test_a_document_with_an_error_is_one_message_naming_the_place(
        qtbot: Any, prompts: Prompts, worker: VaultWorker, demo_vault: Path,
        tmp_path: Path) -> None:
    session = open_session(qtbot, prompts, worker, demo_vault)
    out = tmp_path / "all.json"
    _export(qtbot, session, None, out)
    doc = json.loads(out.read_text("utf-8"))
    doc["records"].append({"type": "case", "id": "not-a-uuid", "reference": 5})
    (tmp_path / "bad.json").write_text(json.dumps(doc), "utf-8")
    before = call(qtbot, worker, lambda store, task: store.count(Case))
    dialog = _import(qtbot, session, tmp_path / "bad.json")
    prompts.answer_next(None)  # the warning's OK
    qtbot.waitUntil(lambda: any(k == "warn" for k, _ in prompts.asked), timeout=60_000)
    warnings = [t for k, t in prompts.asked if k == "warn"]
    assert len(warnings) == 1 and f"records[{len(doc['records']) - 1}]" in warnings[0]
    assert child(dialog, QLabel, "result").text() == warnings[0]
    assert call(qtbot, worker, lambda store, task: store.count(Case)) == before
