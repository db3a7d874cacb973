"""Shortcut letters (Alt + the letter after "&") are unique in every window, in every language.

Two labels, buttons, tabs or menu-bar entries of one window with the same letter make Alt+letter
go to the first one only (Qt cycles between them at best): a Russian or Kazakh translator who
keeps the English letter, or moves it to the first letter of a word, makes that easily. The test
walks the whole app in English, Russian and Kazakh: the start and unlock screens, the create-vault
and recovery-key dialogs, each screen of the main window, the case workspace with every tab and
the form of every record kind, the report and check-code dialogs, and every dialog of the menus,
each of their tabs shown in turn. A menu's entries are a scope of their own.

The catalogue test beside it checks that no translation loses (or invents) the "&".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QListWidget,
    QMenu,
    QMenuBar,
    QTabBar,
    QTabWidget,
    QWidget,
)

from tests.ui.conftest import PASSPHRASE
from tests.ui.ops_helpers import call
from tests.ui.shell_helpers import close_app, make_app, unlock
from ui.dialogs.create_vault_dialog import CreateVaultDialog
from ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from ui.forms.specs import FORMS
from ui.prompts import Prompts

LOCALE = Path(__file__).resolve().parents[2] / "resources" / "locale"
MAIN_CASE = "АҚТ-2023-01"
#: Menu commands that open a dialog of their own (the About box is a message, no letters).
DIALOG_COMMANDS = ("import", "export", "backup", "restore", "verify_backup", "check",
                   "passphrase", "recovery", "settings", "shortcuts", "guide")


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a literal ampersand, "& " no mark), lower case;
    else None."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return None if text[i + 1].isspace() else text[i + 1].casefold()
            i += 1
        i += 1
    return None


def _entries(window: QWidget) -> list[tuple[str, str]]:
    """(what, text) of every visible control of ``window`` that can carry a shortcut letter:
    buttons, check boxes, labels with a buddy, group boxes, tabs, the menu bar's entries."""
    found: list[tuple[str, str]] = []
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            found.append((type(widget).__name__, widget.text()))
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            found.append(("QLabel", widget.text()))
        elif isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.RichText \
                and mnemonic(widget.text()):
            # without a buddy Qt shows the "&" itself, and the letter leads nowhere
            found.append(("QLabel without a buddy", widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append(("QGroupBox", widget.title()))
        elif isinstance(widget, QTabBar):
            found += [("tab", widget.tabText(i)) for i in range(widget.count())
                      if widget.isTabVisible(i)]
        elif isinstance(widget, QMenuBar):
            found += [("menu", a.text()) for a in widget.actions() if a.isVisible()]
    return found


def clashes(scope: str, entries: list[tuple[str, str]]) -> list[str]:
    """Each letter used by more than one entry, said as ``scope: 'x' in A | B``."""
    by_letter: dict[str, list[str]] = {}
    problems = [f"{scope}: {what} {text!r}" for what, text in entries
                if what == "QLabel without a buddy"]
    for what, text in entries:
        letter = mnemonic(text)
        if letter is not None:
            by_letter.setdefault(letter, []).append(f"{what} {text!r}")
    return problems + [f"{scope}: {letter!r} in " + " | ".join(sorted(set(users)))
                       for letter, users in sorted(by_letter.items()) if len(users) > 1]


def _menus(bar: QMenuBar) -> Iterator[QMenu]:
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield menu


class Walk:
    """What the walk found: every clash, once, with where it was seen."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.windows = 0

    def check(self, window: QWidget, where: str) -> None:
        """Look at ``window`` as it is now, then at each page of each of its tab widgets."""
        QApplication.processEvents()
        self._look(window, where)
        for tabs in window.findChildren(QTabWidget):
            if tabs.window() is not window or not tabs.isVisible():
                continue
            shown = tabs.currentIndex()
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                QApplication.processEvents()
                self._look(window, f"{where}, tab {tabs.tabText(index)!r}")
            tabs.setCurrentIndex(shown)
        bar = window.findChild(QMenuBar)
        if bar is not None and bar.window() is window:
            for menu in _menus(bar):
                entries = [("entry", a.text()) for a in menu.actions()
                           if a.isVisible() and not a.isSeparator()]
                self._add(clashes(f"menu {menu.title()!r}", entries))

    def _look(self, window: QWidget, where: str) -> None:
        self.windows += 1
        self._add(clashes(where, _entries(window)))

    def _add(self, found: list[str]) -> None:
        self.problems += [p for p in found if p not in self.problems]


def _visible_dialog(parent: QWidget, before: set[int]) -> QDialog:
    QApplication.processEvents()
    dialogs = [d for d in parent.findChildren(QDialog) if d.isVisible() and id(d) not in before]
    assert dialogs, "no dialog opened"
    return dialogs[-1]


def _close(dialog: QWidget) -> None:
    """Close a dialog as its Close button does; the app deletes it when it would (a dialog
    with a worker of its own must not be deleted while that worker's thread still ends)."""
    dialog.close()
    QApplication.processEvents()


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_no_two_controls_of_a_window_share_a_shortcut_letter(
        qtbot: Any, qapp: QApplication, tmp_path: Path, prompts: Prompts, demo_vault: Path,
        lang: str) -> None:
    walk = Walk()
    made = make_app(qapp, tmp_path, prompts, lang)
    try:
        window = made.window
        window.resize(1366, 768)
        window.show()
        window.show_start()
        walk.check(window, "start screen")
        for dialog in (CreateVaultDialog(made.session, window),
                       RecoveryKeyDialog(prompts, "ABCD-EFGH-IJKL-MNOP", window)):
            dialog.show()
            walk.check(dialog, type(dialog).__name__)
            _close(dialog)
        window.show_unlock(demo_vault, "the demo's passphrase")  # with its Fill-in button
        view = window.unlock_view
        walk.check(window, "unlock screen")
        qtbot.mouseClick(view.by_recovery, Qt.MouseButton.LeftButton)
        walk.check(window, "unlock screen, by recovery key")
        qtbot.mouseClick(view.by_passphrase, Qt.MouseButton.LeftButton)
        unlock(qtbot, made, demo_vault)
        work = window.work
        for screen in (0, 1, 2):
            work.show_screen(screen)
            walk.check(window, f"main window, screen {screen}")
        work.show_screen(1)
        qtbot.waitUntil(lambda: work.cases.model.rowCount() > 0, timeout=30_000)
        work.cases.table.selectRow(0)
        toggle = work.cases.close_button
        qtbot.waitUntil(toggle.isEnabled, timeout=30_000)
        for state in ("closed", "open again"):  # its text says what a click will do
            text = toggle.text()
            qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda text=text: toggle.text() != text, timeout=30_000)
            walk.check(window, f"case list, a case {state}")
        for command in DIALOG_COMMANDS:
            before = {id(d) for d in window.findChildren(QDialog)}
            window.commands[command].trigger()
            dialog = _visible_dialog(window, before)
            walk.check(dialog, f"{type(dialog).__name__} ({command})")
            if command == "recovery":  # a new key made: the panel that shows it once
                dialog.current.insert(PASSPHRASE)
                prompts.answer_next(True)
                qtbot.mouseClick(dialog.new_key_button, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(dialog.key_panel.isVisible, timeout=30_000)
                walk.check(dialog, "VaultCareDialog, a new recovery key shown")
            _close(dialog)
        case_id = call(qtbot, made.session.worker,
                       lambda store, task: store.find_case(MAIN_CASE).id)
        work.open_case(case_id)
        workspace = work.workspace
        qtbot.waitUntil(lambda: workspace.case_file is not None, timeout=30_000)
        walk.check(window, "case workspace")
        for kind in FORMS:
            if kind == "case":
                workspace.edit_case()
            else:
                workspace.new_record(kind)
            form = workspace.forms[-1]
            walk.check(form, f"form of a {kind}")
            _close(form)
        before = {id(d) for d in workspace.findChildren(QDialog)}
        workspace.make_report()
        report = _visible_dialog(workspace, before)
        officials = report.findChild(QListWidget, "complaintOfficials")
        qtbot.waitUntil(lambda: officials.count() > 0, timeout=30_000)
        walk.check(report, "report dialog")
        report.check_code()
        check_code = _visible_dialog(report, set())
        walk.check(check_code, "check-code dialog")
        _close(check_code)
        _close(report)
    finally:
        close_app(made)
    assert walk.windows > 40  # the walk went where it should
    assert not walk.problems, "\n".join(walk.problems)


_MNEMONIC = re.compile(r"(?<!&)&(?!&)")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_translation_keeps_its_shortcut_letter(lang: str) -> None:
    with (LOCALE / lang / "LC_MESSAGES" / "advocate.po").open("rb") as po:
        catalog = read_po(po)
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = len(_MNEMONIC.findall(ids[0].replace("&&", "")))
        for text in strings:
            letters = _MNEMONIC.findall(text.replace("&&", ""))
            marked = mnemonic(text)
            if len(letters) != wanted or (wanted and (marked is None or not marked.isalnum())):
                wrong.append(f"{ids[0]!r} → {text!r}")
    assert not wrong, "\n".join(wrong)
