"""What the long-operation dialogs share: a heading, a form, a progress panel, a result, and the
one worker call that does the work.

Backups, restores, verification, import and export all look and behave alike: the user fills in
a short form, presses the one action button, watches progress (and may cancel), and reads the
result in plain words; a failure is one calm message (``prompts.warn``) and leaves nothing
behind (the core guarantees that). Dialogs that work without an open vault (verify a backup,
restore one) get a worker of their own unless the app passes one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocate.backup import BackupInfo
from advocate.errors import Cancelled
from advocate.i18n import _, language
from ui.prompts import Prompts
from ui.session import Session
from ui.widgets.progress_panel import ProgressPanel, failure_text
from ui.worker import Op, TaskState, VaultWorker


def today_iso() -> str:
    """Today as 2025-03-14, for suggested file names."""
    return date.today().isoformat()


def human_size(size: int) -> str:
    """A size in the units people read (KB, MB, GB), one decimal, with the language's comma."""
    locale = QLocale(language())
    if size < 1024 * 1024:
        return _("{value} KB").format(value=locale.toString(size / 1024, "f", 1))
    if size < 1024**3:
        return _("{value} MB").format(value=locale.toString(size / 1024**2, "f", 1))
    return _("{value} GB").format(value=locale.toString(size / 1024**3, "f", 1))


def summary(info: BackupInfo) -> str:
    """Records, evidence files and size of a backup, in words."""
    return _("{records} records, {files} evidence files ({evidence}); the backup file is "
             "{size}.").format(records=info.records, files=info.evidence_files,
                               evidence=human_size(info.evidence_bytes),
                               size=human_size(info.size))


def follow_session(dialog: QDialog, session: Session, retranslate: Callable[[], None]) -> None:
    """The wiring every vault dialog shares: its texts follow a change of language and it
    closes when the vault locks (``reject``: the lock has already kept any drafts and never
    waits on a question)."""
    session.language_changed.connect(lambda _lang: retranslate())
    session.locked.connect(dialog.reject)


class FileField(QWidget):
    """A read-only path and a Choose button; the dialog decides how to choose."""

    def __init__(self, parent: QWidget, name: str, choose: Any) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.line = QLineEdit(self)
        self.line.setObjectName(name)
        self.line.setReadOnly(True)
        self.button = QPushButton(self)
        self.button.setObjectName(f"{name}Choose")
        self.button.clicked.connect(lambda _c=False: choose())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.button)

    def set_path(self, path: Path | None) -> None:
        """Show the chosen path."""
        self.path = path
        self.line.setText(str(path) if path else "")

    def retranslate(self, accessible: str) -> None:
        """Texts in the current language."""
        self.button.setText(_("Choose…"))
        self.button.setAccessibleName(_("Choose: {what}").format(what=accessible))
        self.line.setAccessibleName(accessible)


class OperationDialog(QDialog):
    """A form, an action button, a progress panel and a result; subclasses fill them."""

    def __init__(self, prompts: Prompts, worker: VaultWorker | None,
                 parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle("Advocate")  # never case data in a title
        self.prompts = prompts
        self._own_worker = worker is None
        self.worker = worker if worker is not None else VaultWorker(self)
        self._op: Op[Any] | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-weight: bold; font-size: 14pt;")
        self.explain = QLabel(self)
        self.explain.setObjectName("explain")
        self.explain.setWordWrap(True)
        self.form = QFormLayout()
        self.progress = ProgressPanel(self)
        self.progress.cancel_requested.connect(self.cancel)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet("font-weight: bold;")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.go_button = QPushButton(self)
        self.go_button.setObjectName("goButton")
        self.go_button.setDefault(True)
        self.go_button.clicked.connect(self.go)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("closeButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.go_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addLayout(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(620)

    def follow(self, session: Session) -> None:
        """Follow the app: retranslate when the language changes, close when the vault locks
        (closing cancels the work, see ``done``). The dialogs that need no open vault (verify,
        restore) follow it too when the app gives them its session."""
        follow_session(self, session, self.retranslate)

    def retranslate(self) -> None:
        """Set the shared texts (subclasses add theirs)."""
        self.close_button.setText(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.progress.retranslate()

    def label_row(self, widget: QWidget) -> QLabel:
        """A form row whose label subclasses set in ``retranslate``."""
        label = QLabel(self)
        label.setWordWrap(True)
        label.setBuddy(widget)
        self.form.addRow(label, widget)
        return label

    def go(self) -> None:
        """The action button (subclasses)."""
        raise NotImplementedError

    def run(self, text: str, fn: Callable[[Any, TaskState], Any],
            done: Callable[[Any], None], *, needs_store: bool,
            failed: Callable[[BaseException], None] | None = None) -> None:
        """Run ``fn`` on the worker with the progress panel; ``done`` gets its result."""
        self.result_label.clear()
        self.go_button.setEnabled(False)
        self._set_form_enabled(False)  # the file and passphrases stay as they were started
        self.progress.start(text)
        self._op = Op(self.worker, fn, parent=self, needs_store=needs_store).progress(
            self.progress.set_progress).success(lambda value: self._succeeded(value, done)) \
            .failure(lambda exc: self._failed(exc, failed)).run()

    def _set_form_enabled(self, enabled: bool) -> None:
        for index in range(self.form.count()):
            item = self.form.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setEnabled(enabled)

    def _succeeded(self, value: Any, done: Callable[[Any], None]) -> None:
        self._op = None
        self._set_form_enabled(True)
        self.progress.finish()
        self.go_button.setEnabled(True)
        done(value)

    def _failed(self, exc: BaseException, failed: Callable[[BaseException], None] | None) -> None:
        self._op = None
        self._set_form_enabled(True)
        self.go_button.setEnabled(True)
        if failed is not None:
            failed(exc)
        if isinstance(exc, Cancelled):
            self.progress.finish(failure_text(exc))
            return
        self.progress.finish()
        self.result_label.setText(failure_text(exc))
        self.prompts.warn(self, "Advocate", failure_text(exc))

    @property
    def busy(self) -> bool:
        """Whether the work is running."""
        return self._op is not None

    def cancel(self) -> None:
        """Ask the running work to stop (it undoes itself)."""
        if self._op is not None:
            self._op.cancel()

    def done(self, result: int) -> None:
        """Closing cancels the work; a worker of our own is stopped without waiting."""
        self.cancel()
        if self._own_worker:
            self.worker.retire()
        super().done(result)
