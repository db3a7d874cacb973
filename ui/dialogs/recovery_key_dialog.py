"""The recovery key, shown once: print it or save it, and say it was kept.

Printing goes through the system's print spooler, which may keep a copy of the page on disk:
the user is told before the print dialog opens. Saving writes a plain text file, not encrypted:
the user is told that too, and advised to move it to a USB stick kept apart.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import _
from ui.prompts import Prompts


class RecoveryKeyDialog(QDialog):
    """Shows a recovery key; Done is enabled once the user says they kept it."""

    def __init__(self, prompts: Prompts, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryKeyDialog")
        self.setWindowTitle(_("Advocate"))
        self._prompts = prompts
        self._key = key
        intro = QLabel(_("This is your recovery key. It opens the vault if the passphrase is "
                         "forgotten. It is shown only now: print it or write it down, and keep "
                         "it away from this computer."), self)
        intro.setWordWrap(True)
        self.key_label = QLabel(key, self)
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setAccessibleName(_("Recovery key"))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.4)
        mono.setWeight(QFont.Weight.Bold)
        self.key_label.setFont(mono)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.setObjectName("recoveryPrint")
        self.print_button.setAccessibleName(_("Print the recovery key"))
        self.print_button.clicked.connect(lambda _checked=False: self.print_key())
        self.save_button = QPushButton(_("&Save to a file…"), self)
        self.save_button.setObjectName("recoverySave")
        self.save_button.setAccessibleName(_("Save the recovery key to a file"))
        self.save_button.clicked.connect(self.save_key)
        self.kept = QCheckBox(_("I have &kept the recovery key in a safe place"), self)
        self.kept.setObjectName("recoveryKept")
        self.kept.setAccessibleName(_("I have kept the recovery key"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.done_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.done_button.setText(_("Done"))
        self.done_button.setObjectName("recoveryDone")
        self.done_button.setAccessibleName(_("Done"))
        self.done_button.setEnabled(False)
        self.kept.toggled.connect(self.done_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.key_label)
        layout.addWidget(self.print_button)
        layout.addWidget(self.save_button)
        layout.addWidget(self.kept)
        layout.addWidget(self.buttons)

    def reject(self) -> None:
        """Escape does not dismiss the key unseen: the box must be ticked first."""
        if self.kept.isChecked():
            super().reject()

    def print_key(self, printer: Any = None) -> None:
        """Print the key, after warning that the spooler may keep a copy; ``printer`` is the
        system's print dialog's choice unless given (tests give a PDF printer)."""
        if not self._prompts.confirm(
                self, _("Advocate"),
                _("The system's print queue may keep a copy of the printed page on this "
                  "computer until it is printed. Print anyway?"), ok_label=_("Print")):
            return
        if printer is None:
            from PySide6.QtPrintSupport import QPrintDialog, QPrinter

            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        doc = QTextDocument()
        doc.setPlainText(self._page())
        doc.print_(printer)

    def save_key(self) -> None:
        """Save the key as a text file, after warning that the file is not encrypted."""
        if not self._prompts.confirm(
                self, _("Advocate"),
                _("The file will not be encrypted: anyone who finds it can open the vault. "
                  "Save it on a USB stick you keep apart, not on this computer."),
                ok_label=_("Save")):
            return
        path = self._prompts.save_file(self, _("Save the recovery key"), "recovery-key.txt",
                                       _("Text files (*.txt)"))
        if path is None:
            return
        # OUTPUT PATH RULE: call advocate.outputs' check on `path` here once it lands.
        try:
            _write_private(path, self._page())
        except OSError:
            self._prompts.warn(self, _("Advocate"), _("The file could not be written. Choose "
                                                      "another place."))

    def _page(self) -> str:
        return _("Advocate recovery key:\n\n{key}\n").format(key=self._key)


def _write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only (mode set before the text is written)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
