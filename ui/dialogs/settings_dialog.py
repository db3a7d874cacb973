"""Settings: language, idle minutes, lock on minimise, remembering the vault, the backup
reminder, and (not saved) whether screen capture is allowed until Advocate closes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import LANGUAGES, NATIVE_NAMES, _, language
from ui.safety.capture import capture_refusal_supported
from ui.settings import Preferences


class SettingsDialog(QDialog):
    """Edits the preferences; ``applied`` after OK (the window applies the new values)."""

    applied = Signal()
    #: Whether capture is allowed from now on (the switch that is never saved).
    capture_allowed = Signal(bool)

    def __init__(self, prefs: Preferences, *, capture_allowed: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Advocate"))
        self.prefs = prefs
        self.language = QComboBox(self)
        self.language.setObjectName("settingsLanguage")
        self.language.setAccessibleName(_("Language"))
        for code in LANGUAGES:
            self.language.addItem(NATIVE_NAMES[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(language()))
        self.idle = QSpinBox(self)
        self.idle.setObjectName("settingsIdleMinutes")
        self.idle.setAccessibleName(_("Lock after this many minutes without use"))
        self.idle.setRange(1, 240)
        self.idle.setValue(prefs.idle_minutes)
        self.idle.setSuffix(" " + _("min"))
        self.minimise = QCheckBox(_("Lock when the window is &minimised"), self)
        self.minimise.setObjectName("settingsLockOnMinimise")
        self.minimise.setAccessibleName(_("Lock when the window is minimised"))
        self.minimise.setChecked(prefs.lock_on_minimise)
        self.remember = QCheckBox(_("&Remember the vault's folder on this computer"), self)
        self.remember.setObjectName("settingsRemember")
        self.remember.setAccessibleName(_("Remember the vault's folder"))
        self.remember.setChecked(prefs.remember_vault)
        self.reminder = QSpinBox(self)
        self.reminder.setObjectName("settingsBackupDays")
        self.reminder.setAccessibleName(_("Remind me to back up after this many days"))
        self.reminder.setRange(1, 365)
        self.reminder.setValue(prefs.backup_reminder_days)
        self.capture = QCheckBox(_("Allow screenshots and screen sharing until Advocate "
                                   "closes"), self)
        self.capture.setObjectName("settingsAllowCapture")
        self.capture.setAccessibleName(_("Allow screenshots and screen sharing"))
        self.capture.setChecked(capture_allowed)
        capture_note = QLabel(self)
        capture_note.setWordWrap(True)
        if capture_refusal_supported():
            capture_note.setText(_("Advocate refuses screen capture each time it starts."))
        else:
            self.capture.setChecked(True)
            self.capture.setEnabled(False)
            capture_note.setText(_("On this system a window cannot refuse screen capture: "
                                   "any program may take screenshots of it."))
        form = QFormLayout()
        form.addRow(_("&Language:"), self.language)
        form.addRow(_("Lock after:"), self.idle)
        form.addRow("", self.minimise)
        form.addRow(_("Backup reminder after (days):"), self.reminder)
        form.addRow("", self.remember)
        form.addRow("", self.capture)
        form.addRow("", capture_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setObjectName("settingsOk")
        ok.setText(_("OK"))
        ok.setAccessibleName(_("OK"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        buttons.accepted.connect(self._apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen_language(self) -> str:
        """The language picked."""
        return str(self.language.currentData())

    def _apply(self) -> None:
        self.prefs.language = self.chosen_language()
        self.prefs.idle_minutes = self.idle.value()
        self.prefs.lock_on_minimise = self.minimise.isChecked()
        self.prefs.backup_reminder_days = self.reminder.value()
        self.prefs.remember_vault = self.remember.isChecked()
        if self.capture.isEnabled():
            self.capture_allowed.emit(self.capture.isChecked())
        self.accept()
        self.applied.emit()
