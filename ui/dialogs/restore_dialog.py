"""Restoring a backup into a new vault, without any vault open (re-exported by backup_dialog).

The backup is decrypted and checked into a staging folder by the core; only a backup that checks
out completely becomes the new vault, which then gets a passphrase of its own (typed twice).
On success ``restored(path)`` lets the app open the new vault.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from advocate.backup import RestoreInfo, restore_backup
from advocate.i18n import _
from advocate.vault import KdfParams
from ui.dialogs.ops_base import FileField, OperationDialog, summary, today_iso
from ui.prompts import Prompts
from ui.widgets.passphrase import NewPassphraseFields
from ui.worker import VaultWorker

VAULT_SUFFIX = ".advocate"


class RestoreDialog(OperationDialog):
    """Choose a backup, its passphrase, the new vault's place and passphrase; restore."""

    #: The new vault exists and checked out: its folder, for the app to open.
    restored = Signal(str)

    def __init__(self, prompts: Prompts, parent: QWidget | None = None, *,
                 worker: VaultWorker | None = None, kdf: KdfParams | None = None,
                 allow_weak_kdf: bool = False) -> None:
        super().__init__(prompts, worker, parent, "restoreDialog")
        self._kdf = kdf  # None: calibrated on this computer (tests pass cheap parameters)
        self._allow_weak = allow_weak_kdf
        self.file = FileField(self, "backupFile", self.choose_file)
        self._file_label = self.label_row(self.file)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("backupPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.textChanged.connect(lambda _t: self._update())
        self._pass_label = self.label_row(self.passphrase)
        self.target = FileField(self, "newVault", self.choose_target)
        self._target_label = self.label_row(self.target)
        self.new_passphrase = NewPassphraseFields(self)
        self.new_passphrase.setObjectName("newVaultPassphrase")
        self.new_passphrase.validity_changed.connect(lambda _ok: self._update())
        self.form.addRow(self.new_passphrase)
        self.last: RestoreInfo | None = None
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.heading.setText(_("Restore a backup"))
        self.explain.setText(_(
            "A backup is always restored into a new vault; the vault you have now is not "
            "touched. The whole backup is checked first: if anything is wrong, nothing is "
            "created."))
        self._file_label.setText(_("Backup &file:"))
        self.file.retranslate(_("Backup file"))
        self._pass_label.setText(_("Backup p&assphrase:"))
        self.passphrase.setAccessibleName(_("Backup passphrase"))
        self._target_label.setText(_("&New vault:"))
        self.target.retranslate(_("New vault"))
        self.new_passphrase.retranslate()
        self.go_button.setText(_("Re&store"))
        self.go_button.setAccessibleName(_("Restore"))

    def choose_file(self) -> None:
        """Ask for the backup file."""
        self.file.set_path(self.prompts.open_file(
            self, _("Choose a backup"), _("Advocate backups (*.advocate-backup);;All files (*)")))
        self._update()

    def choose_target(self) -> None:
        """Ask for the new vault's folder (it must not exist yet)."""
        suggested = _("restored-{date}").format(date=today_iso()) + VAULT_SUFFIX
        path = self.prompts.save_file(self, _("Name the new vault"), suggested)
        if path is not None and not path.name.endswith(VAULT_SUFFIX):
            path = path.with_name(path.name + VAULT_SUFFIX)
        self.target.set_path(path)
        self._update()

    def _update(self) -> None:
        self.go_button.setEnabled(not self.busy and self.file.path is not None
                                  and self.target.path is not None
                                  and bool(self.passphrase.text())
                                  and self.new_passphrase.acceptable)

    def go(self) -> None:
        """Restore on the worker (no vault needed)."""
        backup, target = self.file.path, self.target.path
        if backup is None or target is None or self.busy:
            return
        secret, new_secret = self.passphrase.text(), self.new_passphrase.passphrase()
        kdf, weak = self._kdf, self._allow_weak
        self.run(_("Restoring the backup…"),
                 lambda lane, task: restore_backup(
                     backup, secret, target, new_secret, kdf=kdf, progress=task.progress,
                     cancel=task.cancel, _allow_weak_kdf_for_tests=weak),
                 self._done, needs_store=False)

    def _done(self, info: RestoreInfo) -> None:
        self.last = info
        self.passphrase.clear()
        self.new_passphrase.clear()
        words = _("Restored into the new vault {path}: {summary}").format(
            path=str(info.vault_path), summary=summary(info.backup))
        if info.backup.problems:
            words += "\n" + _("The vault that was backed up already had problems; they were "
                              "restored as they were: {problems}").format(
                problems="; ".join(info.backup.problems))
        self.result_label.setText(words)
        self.result_label.setAccessibleName(words)
        self.restored.emit(str(info.vault_path))
