"""Backups from the app: write one (then verify it), verify a backup file, restore one.

``BackupDialog(session, parent)`` writes an encrypted backup of the open vault to a chosen file
(a USB stick), with the backup's own passphrase (typed twice, with a strength estimate) and an
optional extra age recipient; the written file is then verified in full and the result stated,
and the time is kept in the vault for the dashboard (``advocate.store.vault_facts``).

``VerifyBackupDialog(prompts, parent)`` and ``RestoreDialog(prompts, parent)`` work without an
open vault. A restore always makes a new vault; ``restored(path)`` tells the app to open it.
Every failure is one calm message; the core leaves nothing behind (no file, no folder).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from advocate.backup import BackupInfo, verify_backup, write_backup
from advocate.i18n import _
from advocate.store import Store
from advocate.store.vault_facts import record_backup
from ui.dialogs.ops_base import FileField, OperationDialog, summary, today_iso
from ui.dialogs.restore_dialog import RestoreDialog
from ui.prompts import Prompts
from ui.session import Session
from ui.widgets.passphrase import NewPassphraseFields
from ui.worker import TaskState, VaultWorker

__all__ = ["BackupDialog", "FileField", "RestoreDialog", "VerifyBackupDialog", "summary"]

EXTENSION = ".advocate-backup"
#: How an age X25519 public key looks (bech32, lower case); the core checks it for real.
_AGE_KEY = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")


class BackupDialog(OperationDialog):
    """Back up the open vault to one file, then verify what was written."""

    #: A backup was written, checked and noted in the vault (the dashboard reads its age again).
    backed_up = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session.prompts, session.worker, parent, "backupDialog")
        self._session = session
        self.file = FileField(self, "backupFile", self.choose_file)
        self._file_label = self.label_row(self.file)
        self.passphrase = NewPassphraseFields(self)
        self.passphrase.setObjectName("backupPassphrase")
        self.passphrase.validity_changed.connect(lambda _ok: self._update())
        self.form.addRow(self.passphrase)
        self.recipient = QLineEdit(self)
        self.recipient.setObjectName("backupRecipient")
        self.recipient.textChanged.connect(lambda _t: self._update())
        self._recipient_label = self.label_row(self.recipient)
        self.last: BackupInfo | None = None
        self.retranslate()
        self._update()
        self.follow(session)

    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.heading.setText(_("Back up the vault"))
        self.explain.setText(_(
            "The backup is one encrypted file, for example on a USB stick. It has its own "
            "passphrase: without it nobody, not even you, can open the backup. Keep the stick "
            "away from this computer."))
        self._file_label.setText(_("Backup &file:"))
        self.file.retranslate(_("Backup file"))
        self.passphrase.retranslate()
        self._recipient_label.setText(_("Also for (optional):"))
        self.recipient.setPlaceholderText(_("an organisation's age public key, age1…"))
        self.recipient.setAccessibleName(_("Extra recipient's public key"))
        self.go_button.setText(_("&Back up"))
        self.go_button.setAccessibleName(_("Back up"))

    def choose_file(self) -> None:
        """Ask where to write the backup (a new file, the date in its suggested name)."""
        suggested = _("advocate-{date}").format(date=today_iso()) + EXTENSION
        path = self.prompts.save_file(self, _("Where to write the backup"), suggested,
                                      _("Advocate backups (*.advocate-backup)"))
        if path is not None and not path.name.endswith(EXTENSION):
            path = path.with_name(path.name + EXTENSION)
        # OUTPUTS: check `path` with advocate.outputs' rule for output paths here once it lands
        # on this branch (never into a vault folder, through a symlink or onto a device node).
        self.file.set_path(path)
        self._update()

    def _recipient_ok(self) -> bool:
        text = self.recipient.text().strip()
        return not text or bool(_AGE_KEY.match(text))

    def _update(self) -> None:
        ok = self._recipient_ok()
        self.recipient.setStyleSheet("" if ok else "border: 1px solid #b00020;")
        self.recipient.setToolTip("" if ok else _("This is not an age public key (age1…)."))
        self.go_button.setEnabled(not self.busy and self.file.path is not None
                                  and self.passphrase.acceptable and ok)

    def go(self) -> None:
        """Write the backup, verify it, remember when it was made."""
        out, passphrase = self.file.path, self.passphrase.passphrase()
        if out is None or not self.passphrase.acceptable or not self._recipient_ok():
            return
        overwrite = out.exists()
        if overwrite and not self.prompts.confirm(
                self, "Advocate", _("A file with this name already exists. Replace it?"),
                detail=_("It is replaced only once the new backup is complete."),
                ok_label=_("Replace"), destructive=True):
            return
        recipients = [self.recipient.text().strip()] if self.recipient.text().strip() else []
        self.run(_("Writing the backup…"),
                 lambda store, task: backup_and_verify(store, out, passphrase, recipients,
                                                       overwrite, task),
                 self._done, needs_store=True)

    def _done(self, info: BackupInfo) -> None:
        self.last = info
        self.passphrase.clear()
        self.result_label.setText(_("The backup was written and checked: {summary}").format(
            summary=summary(info)))
        self.result_label.setAccessibleName(self.result_label.text())
        self._update()
        self.backed_up.emit()


def backup_and_verify(store: Store, out: Path, passphrase: str, recipients: list[str],
                      overwrite: bool, task: TaskState) -> BackupInfo:
    """On the worker: write, then read the whole file back; a backup that does not verify (or
    whose check was cancelled) is removed, unless it replaced an older one."""
    def half(offset: int) -> Any:
        return lambda done, total: task.progress(offset + (500 * done // total if total else 0),
                                                 1000)

    write_backup(store, out, passphrase, progress=half(0), cancel=task.cancel,
                 recipients=recipients, overwrite=overwrite)
    try:
        info = verify_backup(out, passphrase, progress=half(500), cancel=task.cancel)
    except BaseException:
        if not overwrite:
            out.unlink(missing_ok=True)
        raise
    record_backup(store, datetime.now(UTC))
    return info


class VerifyBackupDialog(OperationDialog):
    """Check a backup file completely without restoring it (no vault needs to be open)."""

    def __init__(self, prompts: Prompts, parent: QWidget | None = None, *,
                 worker: VaultWorker | None = None) -> None:
        super().__init__(prompts, worker, parent, "verifyBackupDialog")
        self.file = FileField(self, "backupFile", self.choose_file)
        self._file_label = self.label_row(self.file)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("backupPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self.go)
        self._pass_label = self.label_row(self.passphrase)
        self.last: BackupInfo | None = None
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.heading.setText(_("Check a backup"))
        self.explain.setText(_("Reads the whole backup and checks every part of it, without "
                               "restoring anything and without changing the file."))
        self._file_label.setText(_("Backup &file:"))
        self.file.retranslate(_("Backup file"))
        self._pass_label.setText(_("Backup p&assphrase:"))
        self.passphrase.setAccessibleName(_("Backup passphrase"))
        self.go_button.setText(_("&Check"))
        self.go_button.setAccessibleName(_("Check the backup"))

    def choose_file(self) -> None:
        """Ask for the backup file."""
        self.file.set_path(self.prompts.open_file(
            self, _("Choose a backup"), _("Advocate backups (*.advocate-backup);;All files (*)")))

    def go(self) -> None:
        """Verify on the worker (no vault needed)."""
        path, passphrase = self.file.path, self.passphrase.text()
        if path is None or self.busy:
            return
        self.run(_("Checking the backup…"),
                 lambda lane, task: verify_backup(path, passphrase, progress=task.progress,
                                                  cancel=task.cancel),
                 self._done, needs_store=False)

    def _done(self, info: BackupInfo) -> None:
        self.last = info
        self.passphrase.clear()
        words = _("The backup is complete and unaltered; it can be restored. It was made on "
                  "{created} and holds {summary}").format(
            created=info.created.replace("T", " ").rstrip("Z"), summary=summary(info))
        if info.problems:
            words += "\n" + _("The vault it was taken from already had problems; they would "
                              "be restored as they were: {problems}").format(
                problems="; ".join(info.problems))
        self.result_label.setText(words)
        self.result_label.setAccessibleName(words)
