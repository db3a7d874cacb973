"""Every question the app asks the user through a standard dialog: files, folders, yes or no.

One object, injected (never a global), so tests answer the questions without opening a dialog,
as KeePassXC's ``FileDialog::setNextFileName`` and ``MessageBox::setNextAnswer`` do::

    prompts.answer_next(tmp_path / "case.json")   # the next file dialog "chooses" this path
    prompts.answer_next(True)                      # the next confirmation is accepted

A test that leaves a question unanswered fails (``strict``) instead of hanging on a modal dialog.

File dialogs leave no trace (DESIGN.md section 10): Qt's own dialog, never the native one (GTK's
writes ``recently-used.xbel``), with an empty history and no sidebar of recent places; Qt writes
the last folder to ``QtProject.conf`` under the user scope, which the app points at a private
folder wiped on exit (``ui.app``). Dialog texts are set by the caller in the user's language.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from advocate.i18n import _


class UnansweredPromptError(AssertionError):
    """A test let the app ask a question it did not answer."""


class Prompts:
    """Asks the user; answers come from a queue first when one was given (tests)."""

    def __init__(self, *, strict: bool = False) -> None:
        self._answers: deque[Any] = deque()
        self.strict = strict
        #: What was asked, newest last (tests read the titles and texts).
        self.asked: list[tuple[str, str]] = []

    # --- the test seam -----------------------------------------------------------------------

    def answer_next(self, *answers: Any) -> None:
        """Queue answers: a Path (or None) for a file dialog, a bool for a question."""
        self._answers.extend(answers)

    def pending(self) -> int:
        """How many queued answers were not used."""
        return len(self._answers)

    def _queued(self, kind: str, text: str) -> tuple[bool, Any]:
        self.asked.append((kind, text))
        if self._answers:
            return True, self._answers.popleft()
        if self.strict:
            raise UnansweredPromptError(f"unanswered {kind}: {text}")
        return False, None

    # --- files -------------------------------------------------------------------------------

    def open_file(self, parent: QWidget | None, title: str, filters: str = "") -> Path | None:
        """One existing file, or None when the user cancels."""
        given, answer = self._queued("open_file", title)
        if given:
            return answer if answer is None else Path(answer)
        dialog = _file_dialog(parent, title, filters)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        return _chosen(dialog)

    def open_files(self, parent: QWidget | None, title: str, filters: str = "") -> list[Path]:
        """Existing files (possibly none)."""
        given, answer = self._queued("open_files", title)
        if given:
            return [Path(p) for p in (answer or [])]
        dialog = _file_dialog(parent, title, filters)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        return [Path(p) for p in dialog.selectedFiles()]

    def save_file(self, parent: QWidget | None, title: str, suggested: str = "",
                  filters: str = "") -> Path | None:
        """Where to write a new file, or None. The caller checks the path with the core's rule
        for outputs (never into a vault, over a vault's or a backup's file, or onto a device)."""
        given, answer = self._queued("save_file", title)
        if given:
            return answer if answer is None else Path(answer)
        dialog = _file_dialog(parent, title, filters)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if suggested:
            dialog.selectFile(suggested)
        return _chosen(dialog)

    def folder(self, parent: QWidget | None, title: str) -> Path | None:
        """A folder (for a vault, which is a folder), or None."""
        given, answer = self._queued("folder", title)
        if given:
            return answer if answer is None else Path(answer)
        dialog = _file_dialog(parent, title, "")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        return _chosen(dialog)

    # --- questions ---------------------------------------------------------------------------

    def confirm(self, parent: QWidget | None, title: str, text: str, *, detail: str = "",
                ok_label: str = "", destructive: bool = False) -> bool:
        """Yes or no; the safe answer (No) is the default, Escape says No."""
        given, answer = self._queued("confirm", text)
        if given:
            return bool(answer)
        box = QMessageBox(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
                          title, text, QMessageBox.StandardButton.NoButton, parent)
        if detail:
            box.setInformativeText(detail)
        yes = box.addButton(ok_label or _("Yes"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    def inform(self, parent: QWidget | None, title: str, text: str, *, detail: str = "") -> None:
        """A message with one OK button."""
        given, _answer = self._queued("inform", text)
        if given:
            return
        _message(parent, QMessageBox.Icon.Information, title, text, detail)

    def warn(self, parent: QWidget | None, title: str, text: str, *, detail: str = "") -> None:
        """Something went wrong: what happened and what to do, with one OK button."""
        given, _answer = self._queued("warn", text)
        if given:
            return
        _message(parent, QMessageBox.Icon.Warning, title, text, detail)


def _file_dialog(parent: QWidget | None, title: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    # note: Qt's own dialog, so no recently-used.xbel; no history and no recent places either.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setHistory([])
    dialog.setSidebarUrls([])
    if filters:
        dialog.setNameFilter(filters)
    return dialog


def _chosen(dialog: QFileDialog) -> Path | None:
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return None
    files = dialog.selectedFiles()
    return Path(files[0]) if files else None


def _message(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
             detail: str) -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if detail:
        box.setInformativeText(detail)
    box.exec()
