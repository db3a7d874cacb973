"""Every record kind the core has can be created, edited and deleted from the app: each tab of
the workspace opens the form of its kind for a new and for an existing record, and deletes a
record after a confirmation (then undo brings it back, except an evidence file, whose
contents go and the confirmation says so); cases, persons and the complaint
draft have their own forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from advocate.model.codec import RECORD_TYPES
from advocate.store.preview import delete_preview
from tests.ui.workspace_support import (
    ask,
    build_every_tab,
    open_session,
    open_workspace,
    reloaded,
)
from ui.forms.specs import FORMS
from ui.prompts import Prompts
from ui.views.workspace.tabs import RecordTab
from ui.worker import VaultWorker

#: Kinds edited outside a tab of their own: the case (CaseDialog), persons (picked or made
#: from the people tab and the pickers), the complaint draft (its own tab).
ELSEWHERE = {"case", "person", "complaint"}


def _click(qtbot: Any, tab: RecordTab, name: str) -> None:
    button = tab.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_every_core_kind_has_a_form_and_a_place(
        qtbot: Any, worker: VaultWorker, prompts: Prompts, demo_vault: Path,
        tmp_path: Path) -> None:
    assert set(RECORD_TYPES) == set(FORMS)
    session = open_session(qtbot, worker, prompts, demo_vault)
    cases = ask(qtbot, session, lambda s: s.cases())
    workspace = open_workspace(qtbot, session, max(cases, key=lambda c: c.threats).id)
    build_every_tab(workspace)
    tabs = {tab.kind: tab for tab in workspace.findChildren(RecordTab)}
    assert set(tabs) | ELSEWHERE == set(RECORD_TYPES)
    # the demo's evidence files are all cited by its threats (a deletion refused, tested in
    # test_workspace_flows.py); a new file is free to go
    (tmp_path / "note.txt").write_text("Записка", encoding="utf-8")
    with qtbot.waitSignal(workspace.evidence.transfer_finished, timeout=15_000), \
            reloaded(qtbot, workspace):
        workspace.evidence.take_in([tmp_path / "note.txt"])
    for kind, tab in sorted(tabs.items()):
        rows = [tab.model.row_object(i) for i in range(tab.model.rowCount())]
        free = [r for r in rows if ask(qtbot, session, lambda s, r=r: delete_preview(
            s.records, r.id)).allowed]  # records others cite are refused (tested elsewhere)
        assert free, kind
        tab.select(free[-1].id)
        record = tab.selected()
        assert record is not None, kind
        if kind != "evidence":  # evidence comes in as files (test_workspace_evidence.py)
            _click(qtbot, tab, f"add_{kind}")
            form = workspace.forms[-1]
            assert form.kind == kind and form.isVisible()
            form.reject()
        _click(qtbot, tab, f"edit_{kind}")
        form = workspace.forms[-1]
        assert form.kind == kind and form.unsaved_state()["record_id"] == record.id
        form.reject()
        prompts.answer_next(True)
        with reloaded(qtbot, workspace):
            _click(qtbot, tab, f"delete_{kind}")
        assert prompts.asked[-1][0] == "confirm", kind
        assert tab.model.row_of(record.id) == -1, kind
        if kind == "evidence":  # its contents go too: said, and not undoable
            assert "cannot be undone" in prompts.asked[-1][1]
            continue
        with reloaded(qtbot, workspace):
            workspace.undo_stack.undo()
        assert tab.model.row_of(record.id) >= 0, kind
