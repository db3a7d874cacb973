"""Copying secrets: only when the user asks, marked secret, cleared after 30 s and on lock/quit.

The copy carries the formats clipboard managers read to leave it out of their history (as
KeePassXC's ``Clipboard.cpp``): ``x-kde-passwordManagerHint: secret`` (Klipper and others on
Linux), ``ExcludeClipboardContentFromMonitorProcessing`` / ``CanIncludeInClipboardHistory`` /
``CanUploadToCloudClipboard`` (Windows clipboard history and cloud sync) and the macOS concealed
type (``org.nspasteboard.ConcealedType``; Qt on macOS passes our custom mime type under its own
name, so only managers that read Qt's name honour it — noted in docs/security.md). The timer
clears the clipboard only when it still holds our copy: the user may have copied something else
since.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

#: How long a copy stays on the clipboard.
CLEAR_AFTER_MS = 30_000

_DWORD_ZERO = b"\x00\x00\x00\x00"
SECRET_FORMATS: dict[str, bytes] = {
    "x-kde-passwordManagerHint": b"secret",
    "ExcludeClipboardContentFromMonitorProcessing": _DWORD_ZERO,
    "CanIncludeInClipboardHistory": _DWORD_ZERO,
    "CanUploadToCloudClipboard": _DWORD_ZERO,
    "application/x-nspasteboard-concealed-type": b"secret",
}


class SecretClipboard(QObject):
    """Puts text on the clipboard marked secret and takes it away again."""

    def __init__(self, clear_after_ms: int = CLEAR_AFTER_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)

    def copy(self, text: str) -> None:
        """Copy ``text`` (an explicit act of the user) and start the clearing timer."""
        mime = QMimeData()
        mime.setText(text)
        for fmt, value in SECRET_FORMATS.items():
            mime.setData(fmt, value)
        QGuiApplication.clipboard().setMimeData(mime, QClipboard.Mode.Clipboard)
        self._ours = text
        self._timer.start()

    def holds_ours(self) -> bool:
        """Whether the clipboard still holds what we put there."""
        return self._ours is not None and QGuiApplication.clipboard().text() == self._ours

    def clear(self) -> None:
        """Clear the clipboard if it still holds our copy (at the timeout, lock and quit)."""
        self._timer.stop()
        if self.holds_ours():
            QGuiApplication.clipboard().clear(QClipboard.Mode.Clipboard)
        self._ours = None


_guard: SecretClipboard | None = None


def secret_clipboard() -> SecretClipboard:
    """The app's one guard of the clipboard (created on first use, on the UI thread)."""
    global _guard
    if _guard is None:
        _guard = SecretClipboard()
    return _guard


def copy_secret(text: str) -> None:
    """Copy text that shows case data (a SHA-256, a number): marked secret, cleared in 30 s."""
    secret_clipboard().copy(text)


def clear_secret() -> None:
    """Clear our copy now (on lock and quit)."""
    if _guard is not None:
        _guard.clear()
