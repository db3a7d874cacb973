"""What the issue asks of the shell that no other test held: accessible names never carry case
data, the screen-capture switch is never saved, the passphrase strength is zxcvbn's, the
recovery key prints only after the spooler warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from advocate.model.people import Person
from advocate.model.records import Case
from tests.ui.shell_helpers import WAIT, close_app, make_app, type_text, unlock
from ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from ui.dialogs.settings_dialog import SettingsDialog
from ui.prompts import Prompts
from ui.widgets.passphrase import MIN_SCORE, NewPassphraseFields, strength
from ui.worker import Op


@pytest.fixture
def app(shown_app: Any) -> Any:
    return shown_app


def _names_of_every_widget() -> list[str]:
    names = []
    for top in QApplication.topLevelWidgets():
        for widget in [top, *top.findChildren(QWidget)]:
            names.append(widget.accessibleName())
            names.append(widget.accessibleDescription())
            if widget.isWindow():
                names.append(widget.windowTitle())
    return names


def test_accessible_names_and_titles_never_carry_case_data(
        qtbot: Any, app: Any, demo_vault: Path) -> None:
    unlock(qtbot, app, demo_vault)
    words: list[str] = []

    def read(store: Any) -> str:
        case = max(store.cases(), key=lambda c: c.threats)
        full = store.get(case.id, Case)
        words.extend([full.reference, full.title])
        words.extend(p.full_name for p in store.list_records(Person))
        return str(case.id)

    out: list[str] = []
    Op(app.session.worker, lambda store, _t: read(store)).success(out.append).run()
    qtbot.waitUntil(lambda: bool(out), timeout=WAIT)
    work = app.window.work
    work.open_case(out[0])
    qtbot.waitUntil(lambda: work.workspace.case_file is not None, timeout=WAIT)
    for index in range(work.workspace.tabs.count()):  # every tab shown once
        work.workspace.tabs.setCurrentIndex(index)
        qtbot.wait(20)
    names = _names_of_every_widget()
    leaks = sorted({n for n in names for w in words if w and len(w) > 3 and w in n})
    assert leaks == []


def test_the_capture_switch_is_never_saved(qtbot: Any, app: Any, qapp: QApplication,
                                           tmp_path: Path, prompts: Prompts) -> None:
    dialog = SettingsDialog(app.prefs, capture_allowed=False, parent=app.window)
    dialog.capture_allowed.connect(app.window.allow_capture)
    dialog.applied.connect(app.window.apply_settings)
    if dialog.capture.isEnabled():  # Windows and macOS
        dialog.capture.setChecked(True)
        dialog._apply()
        assert app.window.capture_allowed
    else:  # Linux: a window cannot refuse capture, and the dialog says so
        assert dialog.capture.isChecked()
        dialog._apply()
    text = app.prefs.path.read_text("utf-8") if app.prefs.path.exists() else ""
    assert "capture" not in text.lower()
    again = make_app(qapp, tmp_path, prompts)  # the next start refuses again
    try:
        assert again.window.capture_allowed is False
    finally:
        close_app(again)


def test_the_strength_estimate_is_zxcvbns_and_a_weak_passphrase_is_refused(
        qtbot: Any) -> None:
    from zxcvbn import zxcvbn

    fields = NewPassphraseFields()
    qtbot.addWidget(fields)
    for weak in ("password1", "qwerty123", "almaty"):
        assert strength(weak) == zxcvbn(weak)["score"] < MIN_SCORE
        fields.clear()
        type_text(qtbot, fields.first, weak)
        type_text(qtbot, fields.second, weak)
        assert not fields.acceptable, weak
        assert fields.verdict.text()
    fields.clear()
    strong = "seven purple otters juggle lanterns"
    type_text(qtbot, fields.first, strong)
    type_text(qtbot, fields.second, strong)
    assert fields.acceptable
    fields.second.insert("x")  # the two must match
    assert not fields.acceptable


def test_the_recovery_key_prints_only_after_the_spooler_warning(
        qtbot: Any, tmp_path: Path, prompts: Prompts) -> None:
    dialog = RecoveryKeyDialog(prompts, "ABCD-EFGH-IJKL-MNOP")
    qtbot.addWidget(dialog)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "key.pdf"))
    prompts.answer_next(False)
    dialog.print_key(printer)
    assert "print queue may keep a copy" in prompts.asked[-1][1]
    assert not (tmp_path / "key.pdf").exists()
    prompts.answer_next(True)
    dialog.print_key(printer)
    assert (tmp_path / "key.pdf").stat().st_size > 0
    assert prompts.pending() == 0
