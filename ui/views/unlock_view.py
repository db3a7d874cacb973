"""The unlock screen: the passphrase or the recovery key; the KDF runs on the worker.

A wrong passphrase is said calmly next to the field, which keeps the focus with its text
selected, and nothing else changes. Each other failure (damaged, in use elsewhere, too new,
foreign, not a vault, read-only) gets its own message that says what to do
(``ui.views.vault_errors``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from advocate.errors import WrongPassphraseError
from advocate.i18n import _
from advocate.store import Store
from ui.session import Session
from ui.views.start_view import CARD_WIDTH, fit_height
from ui.views.vault_errors import open_error_text
from ui.worker import Op, TaskState


def open_store(session: Session, path: Path, secret: str) -> Any:
    """The worker call that opens the vault on the owner lane (and wires change notices)."""
    def fn(lane: Any, _task: TaskState) -> None:
        session.adopt(lane, Store.open(path, secret))
    return fn


class UnlockView(QWidget):
    """Asks for the passphrase (or recovery key) of one vault and opens it."""

    #: The user wants another vault (back to the first screen).
    other_vault = Signal()

    def __init__(self, session: Session, path: Path, *, demo_passphrase: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockView")
        self.session = session
        self.path = path
        self._demo = demo_passphrase
        self._op: Op[Any] | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("unlockHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.heading.setFont(font)
        self.where = QLabel(str(path), self)
        self.where.setObjectName("unlockVaultPath")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.by_passphrase = QRadioButton(self)
        self.by_passphrase.setObjectName("unlockByPassphrase")
        self.by_recovery = QRadioButton(self)
        self.by_recovery.setObjectName("unlockByRecoveryKey")
        group = QButtonGroup(self)
        group.addButton(self.by_passphrase)
        group.addButton(self.by_recovery)
        self.by_passphrase.setChecked(True)
        self.by_recovery.toggled.connect(self._mode_changed)
        self.secret = QLineEdit(self)
        self.secret.setObjectName("unlockSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.returnPressed.connect(self.unlock)
        self.secret_label = QLabel(self)
        self.secret_label.setBuddy(self.secret)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("unlockBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.message = QLabel(self)
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint = QLabel(self)
        self.demo_hint.setObjectName("unlockDemoHint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setVisible(demo_passphrase is not None)
        self.demo_secret = QLineEdit(demo_passphrase or "", self)
        self.demo_secret.setObjectName("unlockDemoPassphrase")
        self.demo_secret.setReadOnly(True)
        self.demo_secret.setVisible(demo_passphrase is not None)
        self.demo_fill = QPushButton(self)
        self.demo_fill.setObjectName("unlockDemoFill")
        self.demo_fill.setVisible(demo_passphrase is not None)
        self.demo_fill.clicked.connect(self._fill_demo)
        self.other_button = QPushButton(self)
        self.other_button.setObjectName("unlockOtherVault")
        self.other_button.clicked.connect(self.other_vault)
        self._layout()
        self.retranslate()
        session.language_changed.connect(self.retranslate)

    def _layout(self) -> None:
        card = QVBoxLayout()
        card.addWidget(self.heading)
        card.addWidget(self.where)
        card.addSpacing(12)
        modes = QHBoxLayout()
        modes.addWidget(self.by_passphrase)
        modes.addWidget(self.by_recovery)
        modes.addStretch(1)
        card.addLayout(modes)
        card.addWidget(self.secret_label)
        row = QHBoxLayout()
        row.addWidget(self.secret, 1)
        row.addWidget(self.unlock_button)
        card.addLayout(row)
        card.addWidget(self.busy)
        card.addWidget(self.message)
        card.addWidget(self.demo_hint)
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_secret, 1)
        demo_row.addWidget(self.demo_fill)
        card.addLayout(demo_row)
        card.addSpacing(12)
        card.addWidget(self.other_button, 0, Qt.AlignmentFlag.AlignLeft)
        holder = QWidget(self)
        holder.setLayout(card)
        # note: a fixed width, so wrapped labels get their full height (Qt's height-for-width
        # is not asked inside a centred layout item)
        holder.setFixedWidth(CARD_WIDTH)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.heading.setText(_("Unlock the vault"))
        self.where.setAccessibleName(_("Vault folder"))
        self.by_passphrase.setText(_("With the pa&ssphrase"))
        self.by_recovery.setText(_("With the r&ecovery key"))
        self.by_passphrase.setAccessibleName(_("Unlock with the passphrase"))
        self.by_recovery.setAccessibleName(_("Unlock with the recovery key"))
        self._mode_changed()
        self.unlock_button.setText(_("&Unlock"))
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.busy.setAccessibleName(_("Opening the vault"))
        self.message.setAccessibleName(_("Message"))
        self.other_button.setText(_("Open &another vault…"))
        self.other_button.setAccessibleName(_("Open another vault"))
        if self._demo is not None:
            self.demo_hint.setText(_("This is the demo vault of invented cases. Its passphrase "
                                     "is not secret:"))
            self.demo_secret.setAccessibleName(_("Demo passphrase"))
            self.demo_fill.setText(_("Fill &it in"))
            self.demo_fill.setAccessibleName(_("Fill in the demo passphrase"))
            fit_height(self.demo_hint, CARD_WIDTH)

    def _fill_demo(self) -> None:
        self.by_passphrase.setChecked(True)
        self.secret.setText(self._demo or "")
        self.focus_secret()

    def _mode_changed(self) -> None:
        recovery = self.by_recovery.isChecked()
        self.secret_label.setText(_("Recovery &key:") if recovery else _("&Passphrase:"))
        self.secret.setAccessibleName(_("Recovery key") if recovery else _("Passphrase"))
        self.secret.setPlaceholderText(_("XXXX-XXXX-…") if recovery else "")

    def focus_secret(self) -> None:
        """Put the cursor in the field (when the screen is shown)."""
        self.secret.setFocus(Qt.FocusReason.OtherFocusReason)

    def unlock(self) -> None:
        """Open the vault with what was typed, on the worker."""
        text = self.secret.text()
        if not text or self._op is not None:
            return
        self.message.clear()
        self.busy.show()
        self.unlock_button.setEnabled(False)
        self.secret.setReadOnly(True)
        self._op = Op(self.session.worker, open_store(self.session, self.path, text),
                      parent=self, needs_store=False) \
            .success(self._opened).failure(self._failed).finished(self._done).run()

    def _done(self) -> None:
        self._op = None
        self.busy.hide()
        self.unlock_button.setEnabled(True)
        self.secret.setReadOnly(False)

    def _opened(self, _result: object) -> None:
        self.secret.clear()
        if hasattr(Store, "reader"):
            self.session.worker.attach_reader(lambda store: store.reader())
        self.session.opened(self.path)

    def _failed(self, exc: BaseException) -> None:
        text, detail = open_error_text(exc)
        self.message.setText(text if not detail else f"{text}\n\n{detail}")
        self.message.setProperty("error", True)
        fit_height(self.message, CARD_WIDTH)
        self.focus_secret()
        if isinstance(exc, WrongPassphraseError):
            self.secret.selectAll()
