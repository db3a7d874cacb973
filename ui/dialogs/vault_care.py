"""Looking after the vault: its passphrase, its recovery key, its master key, and a full check.

``VaultCareDialog(session, parent, page)`` opens on one of four pages: "passphrase" (change it),
"recovery" (create, replace or remove the recovery key; a new key is shown once, with print and
save), "rotate" (re-encrypt everything under a new master key, after a suspected compromise) and
"verify" (the database's integrity, the audit trail and every evidence hash, with progress and
cancel). Every change asks for the current passphrase first, so an unlocked laptop left alone
does not let a passer-by take the vault over. All the work runs on the worker.
"""

from __future__ import annotations

import inspect
from typing import Any

from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import _
from advocate.store import Store
from advocate.vault.atomic import atomic_write_bytes
from ui.dialogs.ops_base import follow_session, human_size
from ui.session import Session
from ui.widgets.passphrase import NewPassphraseFields
from ui.widgets.progress_panel import ProgressPanel, failure_text
from ui.worker import Op, TaskState

PAGES = ("passphrase", "recovery", "rotate", "verify")


def _check_current(store: Store, current: str) -> None:
    """WrongPassphraseError unless ``current`` opens this vault (the key found is wiped)."""
    from advocate.vault.vault import unlock_header

    key = unlock_header(store.vault.header, current, store.vault.path)
    key[:] = bytes(len(key))


def _change_passphrase(store: Store, current: str, new: str) -> None:
    _check_current(store, current)
    store.vault.change_passphrase(new)  # the slot keeps its KDF parameters


def _new_recovery_key(store: Store, current: str) -> str:
    _check_current(store, current)
    return store.vault.add_recovery_key()


def _remove_recovery_key(store: Store, current: str) -> None:
    _check_current(store, current)
    store.vault.remove_recovery_key()


def _rotate(store: Store, current: str) -> str | None:
    _check_current(store, current)
    return store.vault.rotate_master_key(current)


def _verify(store: Store, task: TaskState) -> Any:
    # note: the store helper is adding cancel to verify; pass it once the signature takes it.
    if "cancel" in inspect.signature(store.verify).parameters:
        return store.verify(progress=task.progress, cancel=task.cancel)  # type: ignore[call-arg]
    return store.verify(progress=task.progress)


def _row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


class VaultCareDialog(QDialog):
    """Four pages of vault care; ``page`` is the one shown first."""

    def __init__(self, session: Session, parent: QWidget | None = None,
                 page: str = "passphrase") -> None:
        super().__init__(parent)
        self.setObjectName("vaultCareDialog")
        self.setWindowTitle("Advocate")
        self._session = session
        self._op: Op[Any] | None = None
        self.recovery_key = ""
        self.current = QLineEdit(self)
        self.current.setObjectName("currentPassphrase")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self._current_label = QLabel(self)
        self._current_label.setBuddy(self.current)
        self.current.textChanged.connect(lambda _t: self._enable_actions())
        # note: one field, moved into whichever key page is shown, right above its action.
        self.current_box = QWidget(self)
        current_row = QFormLayout(self.current_box)
        current_row.setContentsMargins(0, 6, 0, 6)
        current_row.addRow(self._current_label, self.current)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("vaultCarePages")
        self._build_pages()
        self.tabs.currentChanged.connect(self._page_changed)
        self.progress = ProgressPanel(self)
        self.progress.cancel_requested.connect(self._cancel)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        self._build_key_panel()
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.reject)
        self.result_label.setStyleSheet("font-weight: bold;")
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        close_row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addWidget(self.key_panel)
        layout.addStretch(1)
        layout.addLayout(close_row)
        self.setMinimumWidth(680)
        self.retranslate()
        self.tabs.setCurrentIndex(PAGES.index(page) if page in PAGES else 0)
        self._page_changed(self.tabs.currentIndex())
        follow_session(self, session, self.retranslate)

    # --- building ----------------------------------------------------------------------------

    def _page(self, name: str) -> tuple[QWidget, QVBoxLayout, QLabel]:
        page = QWidget(self)
        page.setObjectName(f"{name}Page")
        layout = QVBoxLayout(page)
        text = QLabel(page)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.tabs.addTab(page, "")
        return page, layout, text

    def _action(self, page: QWidget, name: str, slot: Any) -> QPushButton:
        button = QPushButton(page)
        button.setObjectName(name)
        button.clicked.connect(lambda _c=False: slot())
        return button

    def _build_pages(self) -> None:
        page, layout, self._pass_text = self._page("passphrase")
        self._new_heading = QLabel(page)
        self._new_heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(self._new_heading)
        self.new_passphrase = NewPassphraseFields(page)
        self.change_button = self._action(page, "changePassphraseButton", self.change_passphrase)
        self.new_passphrase.validity_changed.connect(lambda _ok: self._enable_actions())
        layout.addWidget(self.new_passphrase)
        layout.addLayout(_row(self.change_button))
        layout.addStretch(1)
        page, layout, self._recovery_text = self._page("recovery")
        self.recovery_state = QLabel(page)
        self.recovery_state.setObjectName("recoveryState")
        self.new_key_button = self._action(page, "newRecoveryKeyButton", self.new_recovery_key)
        self.remove_key_button = self._action(page, "removeRecoveryKeyButton",
                                              self.remove_recovery_key)
        row = QHBoxLayout()
        row.addWidget(self.new_key_button)
        row.addWidget(self.remove_key_button)
        row.addStretch(1)
        layout.addWidget(self.recovery_state)
        layout.addLayout(row)
        layout.addStretch(1)
        page, layout, self._rotate_text = self._page("rotate")
        self.rotate_button = self._action(page, "rotateKeyButton", self.rotate)
        layout.addLayout(_row(self.rotate_button))
        layout.addStretch(1)
        page, layout, self._verify_text = self._page("verify")
        self.verify_button = self._action(page, "verifyButton", self.verify)
        layout.addLayout(_row(self.verify_button))
        layout.addStretch(1)

    def _build_key_panel(self) -> None:
        self.key_panel = QWidget(self)
        self.key_text = QLineEdit(self.key_panel)
        self.key_text.setObjectName("recoveryKeyText")
        self.key_text.setReadOnly(True)
        font = QFont("monospace")
        font.setPointSize(13)
        self.key_text.setFont(font)
        self.key_note = QLabel(self.key_panel)
        self.key_note.setWordWrap(True)
        self.print_key_button = self._action(self.key_panel, "printKeyButton", self.print_key)
        self.save_key_button = self._action(self.key_panel, "saveKeyButton", self.save_key)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_key_button)
        buttons.addWidget(self.save_key_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.key_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key_note)
        layout.addWidget(self.key_text)
        layout.addLayout(buttons)
        self.key_panel.hide()

    def retranslate(self) -> None:
        """Texts in the current language."""
        for index, title in enumerate((_("Passphrase"), _("Recovery key"), _("Master key"),
                                       _("Check the vault"))):
            self.tabs.setTabText(index, title)
        self._current_label.setText(_("C&urrent passphrase:"))
        self.current.setAccessibleName(_("Current passphrase"))
        self.current.setPlaceholderText(_("needed for every change here"))
        self._pass_text.setText(_("Choose a new passphrase. The old one stops opening the vault "
                                  "at once; the records are not touched."))
        self._new_heading.setText(_("The new passphrase"))
        self.new_passphrase.retranslate()
        self._recovery_text.setText(_(
            "A recovery key opens the vault when the passphrase is forgotten. Write it down or "
            "print it, and keep it away from this computer, for example in your organisation's "
            "safe. A new key replaces the old one."))
        self._rotate_text.setText(_(
            "If you think someone has copied the vault and may learn the passphrase, rotate the "
            "master key: everything is re-encrypted under a new key, so copies taken before no "
            "longer open with what you use from now on. It takes a while for a large vault. "
            "If the vault has a recovery key, you get a new one."))
        self._verify_text.setText(_(
            "Checks the database's integrity, the audit trail link by link, and every evidence "
            "file against the SHA-256 recorded when it was taken in. Nothing is changed."))
        self.key_note.setText(_("The new recovery key. It is shown only now: print it or write "
                                "it down before you close this window."))
        self.key_text.setAccessibleName(_("Recovery key"))
        for button, text in ((self.change_button, _("&Change the passphrase")),
                             (self.new_key_button, _("Create a &new recovery key")),
                             (self.remove_key_button, _("&Remove the recovery key")),
                             (self.rotate_button, _("Rotate the &master key")),
                             (self.verify_button, _("Check the &vault")),
                             (self.print_key_button, _("Print the &key…")),
                             (self.save_key_button, _("&Save the key to a file…")),
                             (self.close_button, _("Close"))):
            button.setText(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
        self.progress.retranslate()

    def _page_changed(self, index: int) -> None:
        key_page = PAGES[index] != "verify"
        self.current_box.setVisible(key_page)
        if key_page:
            page = self.tabs.widget(index)
            layout = page.layout() if page is not None else None
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(1, self.current_box)
            self.current_box.show()
        self._enable_actions()
        if PAGES[index] == "recovery":
            Op(self._session.worker, lambda store, task: store.vault.has_recovery_key,
               parent=self).success(self._show_recovery_state).run()

    def _show_recovery_state(self, has_key: bool) -> None:
        self.recovery_state.setText(_("This vault has a recovery key.") if has_key else
                                    _("This vault has no recovery key."))
        self._has_key = has_key
        self._enable_actions()

    _has_key = False

    def _enable_actions(self) -> None:
        typed = bool(self.current.text())
        self.change_button.setEnabled(typed and self.new_passphrase.acceptable)
        self.new_key_button.setEnabled(typed)
        self.remove_key_button.setEnabled(typed and self._has_key)
        self.rotate_button.setEnabled(typed)

    # --- the work ----------------------------------------------------------------------------

    def _run(self, text: str, fn: Any, done: Any) -> None:
        if self._op is not None:
            return
        self.result_label.clear()
        self.progress.start(text)
        self.tabs.setEnabled(False)
        self._op = Op(self._session.worker, fn, parent=self).progress(
            self.progress.set_progress).success(done).failure(self._failed).finished(
            self._finished).run()

    def _finished(self) -> None:
        self._op = None
        self.tabs.setEnabled(True)
        self.current.clear()
        if self.progress.running:
            self.progress.finish()

    def _failed(self, exc: BaseException) -> None:
        self.progress.finish()
        self.result_label.setText(failure_text(exc))
        self.result_label.setAccessibleName(self.result_label.text())

    def _cancel(self) -> None:
        if self._op is not None:
            self._op.cancel()

    def _say(self, text: str) -> None:
        self.result_label.setText(text)
        self.result_label.setAccessibleName(text)

    def change_passphrase(self) -> None:
        """Check the current passphrase, then rewrite the passphrase slot."""
        current, new = self.current.text(), self.new_passphrase.passphrase()
        if not self.new_passphrase.acceptable:
            return
        self._run(_("Changing the passphrase…"),
                  lambda store, task: _change_passphrase(store, current, new),
                  self._passphrase_changed)

    def _passphrase_changed(self, _result: object) -> None:
        self.new_passphrase.clear()
        self._say(_("The passphrase was changed; the old one no longer opens the vault."))

    def new_recovery_key(self) -> None:
        """Create (or replace) the recovery key and show it once."""
        current = self.current.text()
        if not self._session.prompts.confirm(
                self, "Advocate", _("Create a new recovery key?"),
                detail=_("If the vault has one, the old key stops working."),
                ok_label=_("Create")):
            return
        self._run(_("Creating the recovery key…"),
                  lambda store, task: _new_recovery_key(store, current), self._show_key)

    def remove_recovery_key(self) -> None:
        """Remove the recovery key after a confirmation."""
        current = self.current.text()
        if not self._session.prompts.confirm(
                self, "Advocate", _("Remove the recovery key?"),
                detail=_("Only the passphrase will open the vault. If it is forgotten, the "
                         "cases cannot be recovered."), ok_label=_("Remove"), destructive=True):
            return
        self._run(_("Removing the recovery key…"),
                  lambda store, task: _remove_recovery_key(store, current),
                  self._key_removed)

    def _key_removed(self, _result: object) -> None:
        self._show_recovery_state(False)
        self._say(_("The recovery key was removed; only the passphrase opens the vault."))

    def rotate(self) -> None:
        """Re-encrypt everything under a new master key."""
        current = self.current.text()
        if not self._session.prompts.confirm(
                self, "Advocate", _("Rotate the master key now?"),
                detail=_("Do not switch the computer off until it is done. Make a backup "
                         "afterwards: older backups still open with their own passphrases."),
                ok_label=_("Rotate")):
            return
        self._run(_("Re-encrypting the vault…"),
                  lambda store, task: _rotate(store, current), self._rotated)

    def _rotated(self, recovery: str | None) -> None:
        self._say(_("The vault was re-encrypted under a new master key; copies of the old "
                    "database no longer open with it."))
        if recovery:
            self._show_key(recovery, keep_result=True)

    def _show_key(self, key: str, keep_result: bool = False) -> None:
        self.recovery_key = key
        self.key_text.setText(key)
        self.key_panel.show()
        self._show_recovery_state(True)
        if not keep_result:
            self._say(_("A new recovery key was made; the previous one no longer opens the "
                        "vault."))

    def print_key(self) -> None:
        """Print the recovery key (the system's print queue keeps a copy: said first)."""
        if not self.recovery_key or not self._session.prompts.confirm(
                self, "Advocate", _("The printer's queue on this computer keeps a copy."),
                detail=_("Writing the key down by hand leaves no copy anywhere."),
                ok_label=_("Print anyway")):
            return
        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            doc = QTextDocument()
            doc.setPlainText(_("Advocate recovery key:") + "\n\n" + self.recovery_key)
            doc.print_(printer)

    def save_key(self) -> None:
        """Save the recovery key to a file the user chooses (for a removable drive)."""
        if not self.recovery_key or not self._session.prompts.confirm(
                self, "Advocate", _("The file will hold the key in plain text."),
                detail=_("Save it only onto a drive you keep away from this computer."),
                ok_label=_("Save anyway")):
            return
        path = self._session.prompts.save_file(self, _("Save the recovery key"),
                                               _("advocate-recovery-key.txt"))
        if path is None:
            return
        key = self.recovery_key

        def write(_store: Any, _task: TaskState) -> None:
            atomic_write_bytes(path, (key + "\n").encode("ascii"))

        Op(self._session.worker, write, parent=self).success(
            lambda _r: self._say(_("The recovery key was saved."))).failure(self._failed).run()

    def verify(self) -> None:
        """Run every check of the vault, with progress and cancel."""
        self._run(_("Checking the vault…"), _verify, self._verified)

    def _verified(self, report: Any) -> None:
        integrity = [p for p in report.problems if p.startswith(("database:", "a key rotation"))]
        evidence = [p for p in report.problems if p.startswith("evidence ")]
        audit = [p for p in report.problems if p not in integrity and p not in evidence]
        ok, bad = _("in order"), _("PROBLEM")
        lines = [
            _("Database integrity: {state}").format(state=bad if integrity else ok),
            _("Audit trail ({entries} entries): {state}").format(
                entries=report.audit_entries, state=bad if audit else ok),
            _("Evidence files ({files}, {size}) against their SHA-256: {state}").format(
                files=report.evidence_files, size=human_size(report.evidence_bytes),
                state=bad if evidence else ok),
            _("Records checked: {records}.").format(records=report.records),
        ]
        if report.ok:
            lines.append(_("Everything checks out."))
        else:
            lines.extend(report.problems[:10])
            lines.append(_("Restore from a backup if records are damaged, and keep this vault "
                           "as it is for examination."))
        self._say("\n".join(lines))
