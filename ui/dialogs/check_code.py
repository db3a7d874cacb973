"""Checking a printed report's verification code against the open vault.

What ``advocate verify --report-code`` does, through the worker: the code is typed loosely (case,
spaces and dashes do not matter), looked up among the reports this vault issued, and what the
report committed to (the audit chain's head at that moment) is checked. ``ReportDialog``'s
module re-exports ``CheckCodeDialog``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import _
from ui.dialogs import report_jobs as jobs
from ui.dialogs.ops_base import follow_session
from ui.session import Session
from ui.widgets.progress_panel import failure_text
from ui.worker import Op


def _local(utc_text: str) -> str:
    """An ISO time in UTC as this computer's local time, to the minute."""
    try:
        when = datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    except ValueError:
        return utc_text[:16].replace("T", " ")
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


class CheckCodeDialog(QDialog):
    """A field for the code, a Check button and the answer in plain words."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkCodeDialog")
        self.setWindowTitle("Advocate")
        self._session = session
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.code = QLineEdit(self)
        self.code.setObjectName("codeField")
        self.code.returnPressed.connect(self.check)
        self.check_button = QPushButton(self)
        self.check_button.setObjectName("checkButton")
        self.check_button.clicked.connect(self.check)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("codeResult")
        self.result_label.setWordWrap(True)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addLayout(row)
        layout.addWidget(self.result_label, 1)
        layout.addWidget(self.close_button)
        self.resize(560, 300)
        self.retranslate()
        follow_session(self, session, self.retranslate)

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.heading.setText(_("Check a printed report"))
        self.explain.setText(_("Type the verification code printed at the foot of every page "
                               "of the report. Case, spaces and dashes do not matter."))
        self.code.setPlaceholderText("K7QM-2XHD-9F")
        self.code.setAccessibleName(_("Verification code"))
        self.check_button.setText(_("&Check"))
        self.check_button.setAccessibleName(_("Check the code"))
        self.close_button.setText(_("Close"))
        self.close_button.setAccessibleName(_("Close"))

    def check(self) -> None:
        """Ask the worker what the vault knows of the code."""
        typed = self.code.text()
        self.check_button.setEnabled(False)
        self.result_label.setText(_("Checking…"))
        Op(self._session.worker, lambda store, task: jobs.check_code(store, typed),
           parent=self).success(self._show).failure(
            lambda exc: self.result_label.setText(failure_text(exc))).finished(
            lambda: self.check_button.setEnabled(True)).run()

    def _show(self, answer: tuple[Any, str]) -> None:
        result, reference = answer
        self.setProperty("verdict", "ok" if result.ok else "bad")
        if not result.code:
            words = _("This is not a verification code: it has ten letters and digits, like "
                      "K7QM-2XHD-9F.")
        elif not result.issued:
            words = _("No report with the code {code} was issued from this vault. The paper may "
                      "come from another vault, or be altered.").format(code=result.code)
        elif result.ok:
            words = _("Genuine: the report {code} was issued from this vault on {when} (case "
                      "{reference}). What it printed matches the vault's records, and the audit "
                      "trail is intact.").format(
                code=result.code, when=_local(result.issued_at),
                reference=reference or "—")
        else:
            words = _("The report {code} was issued from this vault, but something does not "
                      "match: {problems}").format(code=result.code,
                                                  problems="; ".join(result.problems))
        self.result_label.setText(words)
        self.result_label.setAccessibleName(self.result_label.text())
