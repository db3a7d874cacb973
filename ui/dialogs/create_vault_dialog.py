"""Creating a vault: where it goes, the passphrase twice, and an optional recovery key.

The vault is a folder. The user chooses a folder through the injected prompts: an empty folder
becomes the vault; otherwise a new folder ``Advocate vault`` (numbered if taken) is made inside it.
The KDF is calibrated and the vault created on the worker, with a busy indicator.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import _
from advocate.store import Store
from ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from ui.session import Session
from ui.views.vault_errors import open_error_text
from ui.widgets.passphrase import NewPassphraseFields
from ui.worker import Op, TaskState

#: Creates a vault: (path, passphrase, with_recovery_key) -> (store, recovery key or None).
#: Tests give one with cheap KDF parameters; the app calibrates the KDF on this machine.
VaultFactory = Callable[[Path, str, bool], tuple[Store, str | None]]


def default_factory(path: Path, passphrase: str, recovery: bool) -> tuple[Store, str | None]:
    """Create a vault with the KDF calibrated on this computer."""
    return Store.create(path, passphrase, with_recovery_key=recovery)


def vault_folder_in(chosen: Path) -> Path:
    """The vault's folder for a folder the user chose (itself if empty, else a new one in it)."""
    if chosen.is_dir() and not any(chosen.iterdir()):
        return chosen
    name = _("Advocate vault")
    candidate, n = chosen / name, 2
    while candidate.exists():
        candidate, n = chosen / f"{name} {n}", n + 1
    return candidate


class CreateVaultDialog(QDialog):
    """Asks where and with which passphrase; ``created(path)`` once the vault is open."""

    created = Signal(Path)

    def __init__(self, session: Session, parent: QWidget | None = None, *,
                 factory: VaultFactory | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createVaultDialog")
        self.setWindowTitle(_("Advocate"))
        self.session = session
        self._factory = factory or session.vault_factory or default_factory
        self._path: Path | None = None
        self._op: Op[Any] | None = None
        heading = QLabel(_("Create a new vault"), self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        heading.setFont(font)
        self.where = QLineEdit(self)
        self.where.setObjectName("createWhere")
        self.where.setReadOnly(True)
        self.where.setAccessibleName(_("Vault folder"))
        self.where.setPlaceholderText(_("No folder chosen yet"))
        self.choose = QPushButton(_("C&hoose a folder…"), self)
        self.choose.setObjectName("createChoose")
        self.choose.setAccessibleName(_("Choose a folder for the vault"))
        self.choose.clicked.connect(self._choose)
        self.passphrase = NewPassphraseFields(self)
        self.passphrase.validity_changed.connect(self._update)
        self.recovery = QCheckBox(_("Make a recovery &key (recommended)"), self)
        self.recovery.setObjectName("createRecovery")
        self.recovery.setAccessibleName(_("Make a recovery key"))
        self.recovery.setChecked(True)
        note = QLabel(_("Nobody can open the vault without the passphrase or the recovery key, "
                        "not even the makers of Advocate."), self)
        note.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("createBusy")
        self.busy.setAccessibleName(_("Creating the vault"))
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.message = QLabel(self)
        self.message.setObjectName("createMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("&Create"))
        self.ok.setObjectName("createOk")
        self.ok.setAccessibleName(_("Create the vault"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setObjectName("createCancel")
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        where_row = QHBoxLayout()
        where_row.addWidget(self.where, 1)
        where_row.addWidget(self.choose)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(where_row)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.recovery)
        layout.addWidget(note)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())
        self._update()
        self.choose.setFocus()

    def _choose(self) -> None:
        chosen = self.session.prompts.folder(self, _("Choose a folder for the new vault"))
        if chosen is None:
            return
        self._path = vault_folder_in(chosen)
        self.where.setText(str(self._path))
        self._update()

    def _update(self, *_args: object) -> None:
        self.ok.setEnabled(self._path is not None and self.passphrase.acceptable
                           and self._op is None)

    def _create(self) -> None:
        if self._path is None or not self.passphrase.acceptable or self._op is not None:
            return
        path, secret, recovery = self._path, self.passphrase.passphrase(), \
            self.recovery.isChecked()
        factory, session = self._factory, self.session

        def fn(lane: Any, _task: TaskState) -> str | None:
            store, key = factory(path, secret, recovery)
            session.adopt(lane, store)
            return key

        self.message.clear()
        self.busy.show()
        self._op = Op(self.session.worker, fn, parent=self, needs_store=False) \
            .success(self._made).failure(self._failed).finished(self._done).run()
        self._update()

    def _done(self) -> None:
        self._op = None
        self.busy.hide()
        self._update()

    def _made(self, key: str | None) -> None:
        assert self._path is not None
        self.passphrase.clear()
        self.hide()
        if key:
            # note: open(), not exec(): a lock may come while the key is shown, and nothing
            # may wait on a dialog then.
            self.key_dialog = RecoveryKeyDialog(self.session.prompts, key, self.parentWidget())
            self.key_dialog.finished.connect(self._finish)
            self.key_dialog.open()
        else:
            self._finish()

    def _finish(self, *_args: object) -> None:
        assert self._path is not None
        self.accept()
        self.created.emit(self._path)

    def _failed(self, exc: BaseException) -> None:
        text, detail = open_error_text(exc)
        self.message.setText(text if not detail else f"{text}\n\n{detail}")
