"""A progress panel for long work: a bar, what is happening, the time it took, and Cancel.

Every long operation of the app (a report, a backup, a restore, an import) shows one of these
while its ``Op`` runs; ``cancel_requested`` is connected to ``op.cancel()``. The panel itself
knows nothing of the work: the dialog calls ``start``, ``set_progress`` and ``finish``.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from advocate.i18n import _


class ProgressPanel(QWidget):
    """Bar, text, elapsed time and a Cancel button; hidden until ``start``."""

    #: The user pressed Cancel (the dialog cancels its Op).
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressPanel")
        self.text = QLabel(self)
        self.text.setObjectName("progressText")
        self.text.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progressBar")
        self.elapsed = QLabel(self)
        self.elapsed.setObjectName("progressElapsed")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("progressCancel")
        self.cancel_button.clicked.connect(self._on_cancel)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addWidget(self.elapsed)
        self._started = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._tick)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel the running work"))
        self.bar.setAccessibleName(_("Progress"))

    @property
    def running(self) -> bool:
        """Whether work is shown as running."""
        return self._timer.isActive()

    def start(self, text: str) -> None:
        """Show the panel for new work (the bar busy until the first progress report)."""
        self.text.setText(text)
        self.bar.setRange(0, 0)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self._started = time.monotonic()
        self.elapsed.setText("")
        self._timer.start()
        self.show()

    def set_progress(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` (a busy bar when the total is unknown)."""
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        # note: QProgressBar takes an int; byte counts above 2 GiB would overflow it.
        self.bar.setRange(0, 1000)
        self.bar.setValue(min(1000, int(1000 * done / total)))

    def set_text(self, text: str) -> None:
        """Change what the panel says is happening."""
        self.text.setText(text)

    def finish(self, text: str = "") -> None:
        """Stop the clock; keep the panel with ``text`` when given, else hide it."""
        self._timer.stop()
        self._tick()
        self.cancel_button.setEnabled(False)
        if text:
            self.text.setText(text)
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
        else:
            self.hide()

    def seconds(self) -> float:
        """Seconds since ``start``."""
        return time.monotonic() - self._started if self._started else 0.0

    def _tick(self) -> None:
        seconds = int(self.seconds())
        # note: "0 s elapsed" after half a second read as if nothing was happening
        self.elapsed.setText(_("{seconds} s elapsed").format(seconds=seconds) if seconds else "")

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.text.setText(_("Stopping…"))
        self.cancel_requested.emit()


def failure_text(exc: BaseException) -> str:
    """What to tell the user about a failed operation: the core's own words for its errors, a
    calm general sentence for anything else (whose text may quote case data)."""
    from advocate.errors import AdvocateError, Cancelled

    if isinstance(exc, Cancelled):
        return _("Cancelled; nothing was changed.")
    if isinstance(exc, AdvocateError):
        return exc.text()
    if isinstance(exc, OSError):
        return _("The computer refused to read or write a file (the disk may be full or the "
                 "drive removed). Nothing was changed; try again.")
    return _("Something unexpected went wrong; nothing was changed. Try again, and if it "
             "happens again, restart Advocate.")
