"""The screens follow the vault without a manual reload: a record saved in a case workspace, a
case added, an import and a finished backup reach the dashboard (its sections and the count of
cases with no next action in the navigation) and the case list, on a vault opened by unlocking
and on one just created."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from advocate.model.date_input import format_partial_date
from advocate.model.dates import PartialDate
from advocate.model.enums import RoleKind
from advocate.model.people import Person, Role
from advocate.model.records import Case, Threat
from advocate.store import Store
from advocate.store.agenda import cases_without_next_action
from advocate.store.interchange import write_export
from advocate.vault import KdfParams
from tests.ui.conftest import PASSPHRASE
from tests.ui.shell_helpers import WAIT, type_text, unlock
from tests.ui.workspace_support import fill, save
from ui.dialogs.backup_dialog import BackupDialog
from ui.dialogs.create_vault_dialog import CreateVaultDialog
from ui.dialogs.transfer_dialog import ImportDialog
from ui.prompts import Prompts
from ui.worker import Op


@pytest.fixture
def app(shown_app: Any) -> Any:
    return shown_app


def _run(qtbot: Any, app: Any, fn: Any) -> Any:
    out: list[Any] = []
    Op(app.session.worker, lambda store, _t: fn(store)).success(out.append).run()
    qtbot.waitUntil(lambda: bool(out), timeout=WAIT)
    return out[0]


def _nav_cases(app: Any) -> str:
    return str(app.window.work.nav.item(1).text())


def _listed(app: Any) -> set[str]:
    model = app.window.work.cases.model
    return {model.case_id(row) for row in range(model.rowCount())}


def _loaded(qtbot: Any, app: Any) -> Any:
    """The work area once the dashboard has been read."""
    work = app.window.work
    qtbot.waitUntil(lambda: work.dashboard.tree.topLevelItemCount() > 0, timeout=WAIT)
    qtbot.waitUntil(lambda: not app.session.worker.is_busy(), timeout=WAIT)
    return work


def test_a_case_and_a_threat_saved_in_its_workspace_reach_the_dashboard_and_the_list(
        qtbot: Any, app: Any, demo_vault: Path) -> None:
    unlock(qtbot, app, demo_vault)
    work = _loaded(qtbot, app)
    idle = len(_run(qtbot, app, cases_without_next_action))
    qtbot.waitUntil(lambda: str(idle) in _nav_cases(app) if idle else True, timeout=WAIT)
    threats_before = len(work.dashboard.section_rows("dashThreats"))

    # a case made elsewhere (another screen, the CLI's code path): listed and counted at once
    def add_case(store: Store) -> tuple[str, str]:
        case = store.add(Case(reference="T-777", title="Новое дело", region="Алматы"))
        person = store.add(Person(full_name="Әлия Бекова"))
        store.add(Role(case_id=case.id, person_id=person.id, role=RoleKind.VICTIM))
        return case.id, person.id

    case_id, victim = _run(qtbot, app, add_case)
    qtbot.waitUntil(lambda: case_id in _listed(app), timeout=WAIT)
    qtbot.waitUntil(lambda: f"{idle + 1} without a next action" in _nav_cases(app),
                    timeout=WAIT)

    # a threat received today, typed into the workspace's form: the dashboard's section and the
    # case list's row follow while the workspace stays on screen (nobody goes back to reload)
    work.open_case(case_id)
    workspace = work.workspace
    qtbot.waitUntil(lambda: workspace.case_file is not None, timeout=WAIT)
    workspace.tabs.setCurrentWidget(workspace.threats)
    button = workspace.threats.findChild(QPushButton, "add_threat")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    form = workspace.forms[-1]
    fill(qtbot, form, received=date.today().strftime("%d.%m.%Y"), target_ids=[victim],
         words="Заберите заявление")
    save(qtbot, workspace, form)
    assert work.stack.currentWidget() is work.case_page
    qtbot.waitUntil(lambda: len(work.dashboard.section_rows("dashThreats"))
                    == threats_before + 1, timeout=WAIT)
    row = next(row for row in work.dashboard.section_rows("dashThreats") if row[1] == "T-777")
    assert row[0] == format_partial_date(PartialDate.of(date.today()), "en")  # in words
    model = work.cases.model
    # the list's rows are fetched when shown (asking for a cell is what painting does)
    qtbot.waitUntil(lambda: bool(model.index(model.row_of(case_id), 5).data()), timeout=WAIT)
    assert model.row_data(model.row_of(case_id)).last_threat is not None

    # an action pending in it: the case has a next action now, the count goes back
    workspace.tabs.setCurrentWidget(workspace.actions_tab)
    qtbot.mouseClick(workspace.actions_tab.findChild(QPushButton, "add_action"),
                     Qt.MouseButton.LeftButton)
    form = workspace.forms[-1]
    fill(qtbot, form, title="Жалоба прокурору", addressee="Прокуратура",
         filed=date.today().strftime("%d.%m.%Y"), response_days=15)
    save(qtbot, workspace, form)
    expected = f"{idle} without a next action" if idle else "Cases"
    qtbot.waitUntil(lambda: _nav_cases(app).startswith("Cases") and (
        expected in _nav_cases(app) if idle else "\n" not in _nav_cases(app)), timeout=WAIT)


def test_an_import_reaches_the_case_list_and_the_dashboard(
        qtbot: Any, app: Any, demo_vault: Path, tmp_path: Path, prompts: Prompts) -> None:
    source = tmp_path / "other.advocate"
    store, _ = Store.create(source, PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store:
        case = store.add(Case(reference="IMP-1", title="Импортированное дело"))
        person = store.add(Person(full_name="Гүлнар Бекова"))
        store.add(Role(case_id=case.id, person_id=person.id, role=RoleKind.VICTIM))
        store.add(Threat(case_id=case.id, words="Мы вас найдём", target_ids=[person.id],
                         received=PartialDate.of(date.today())))
        write_export(store, tmp_path / "case.json", case.id)
    unlock(qtbot, app, demo_vault)
    work = _loaded(qtbot, app)
    threats_before = len(work.dashboard.section_rows("dashThreats"))
    app.window.commands["import"].trigger()
    dialog = next(w for w in app.window.findChildren(ImportDialog) if w.isVisible())
    prompts.answer_next(tmp_path / "case.json")
    qtbot.mouseClick(dialog.findChild(QPushButton, "importFileChoose"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.findChild(QPushButton, "goButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Imported" in dialog.findChild(QLabel, "result").text(),
                    timeout=WAIT)
    qtbot.waitUntil(lambda: case.id in _listed(app), timeout=WAIT)
    qtbot.waitUntil(lambda: len(work.dashboard.section_rows("dashThreats"))
                    == threats_before + 1, timeout=WAIT)


def test_a_vault_just_created_tells_its_screens_of_changes(
        qtbot: Any, app: Any, tmp_path: Path, prompts: Prompts) -> None:
    app.window.show_start()
    qtbot.mouseClick(app.window.start_view.create_button, Qt.MouseButton.LeftButton)
    dialog = app.window.findChild(CreateVaultDialog)
    prompts.answer_next(tmp_path)
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    dialog.recovery.setChecked(False)
    secret = "quiet harbour smells of cedar smoke"
    type_text(qtbot, dialog.passphrase.first, secret)
    type_text(qtbot, dialog.passphrase.second, secret)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.work is not None, timeout=WAIT)
    case_id = _run(qtbot, app, lambda s: s.add(Case(reference="N-1", title="Первое дело")).id)
    qtbot.waitUntil(lambda: case_id in _listed(app), timeout=WAIT)
    qtbot.waitUntil(lambda: "1 without a next action" in _nav_cases(app), timeout=WAIT)


def test_a_finished_backup_reaches_the_dashboard_through_the_real_dialog(
        qtbot: Any, app: Any, demo_vault: Path, tmp_path: Path, prompts: Prompts) -> None:
    unlock(qtbot, app, demo_vault)
    work = _loaded(qtbot, app)
    qtbot.waitUntil(lambda: "No backup" in work.dashboard.backup_line.text(), timeout=WAIT)
    qtbot.mouseClick(work.dashboard.backup_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in app.window.findChildren(BackupDialog) if w.isVisible())
    prompts.answer_next(tmp_path / "friday")
    qtbot.mouseClick(dialog.findChild(QPushButton, "backupFileChoose"), Qt.MouseButton.LeftButton)
    secret = "seven purple otters juggle lanterns"
    for name in ("newPassphrase", "repeatPassphrase"):
        qtbot.keyClicks(dialog.passphrase.findChild(QLineEdit, name), secret)
    qtbot.mouseClick(dialog.findChild(QPushButton, "goButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "written and checked" in dialog.findChild(QLabel, "result").text(),
                    timeout=60_000)
    assert dialog.isVisible()  # the result stays to be read; the dashboard did not wait for it
    qtbot.waitUntil(lambda: "today" in work.dashboard.backup_line.text(), timeout=WAIT)
    assert work.dashboard.backup_button.isHidden()


@pytest.mark.parametrize(("age", "days", "late"), [(8, 7, True), (6, 7, False), (3, 2, True),
                                                   (20, 30, False)])
def test_the_backup_reminder_follows_the_days_set(
        qtbot: Any, app: Any, demo_vault: Path, age: int, days: int, late: bool) -> None:
    from datetime import UTC, datetime, timedelta

    from advocate.store.vault_facts import record_backup
    from ui.dialogs.settings_dialog import SettingsDialog

    unlock(qtbot, app, demo_vault)
    work = _loaded(qtbot, app)
    _run(qtbot, app, lambda s: record_backup(s, datetime.now(UTC) - timedelta(days=age)))
    settings = SettingsDialog(app.prefs, parent=app.window)
    settings.applied.connect(app.window.apply_settings)
    settings.reminder.setValue(days)
    settings._apply()
    assert app.prefs.backup_reminder_days == days
    line = work.dashboard.backup_line
    qtbot.waitUntil(lambda: f"{age} days ago" in line.text(), timeout=WAIT)
    assert ("Time to make a new one" in line.text()) is late
    assert work.dashboard.backup_button.isHidden() is not late


def test_overdue_answers_beyond_those_listed_are_counted_and_said(
        qtbot: Any, app: Any, demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the dashboard lists only the latest overdue answers (a vault may hold thousands); the
    # heading counts them all and a last line says how many are not listed
    import advocate.store.agenda as agenda
    monkeypatch.setattr(agenda, "OVERDUE_SHOWN", 1)
    unlock(qtbot, app, demo_vault)
    work = _loaded(qtbot, app)
    assert len(work.dashboard.section_rows("dashOverdue")) == 1
    head = next(work.dashboard.tree.topLevelItem(i)
                for i in range(work.dashboard.tree.topLevelItemCount())
                if work.dashboard.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                == "dashOverdue")
    assert "(2)" in head.text(0)
    assert head.child(head.childCount() - 1).text(0).startswith("and 1 older one")
