"""The rendered report shown inside the app, from memory, and printed page by page.

The PDF never touches the disk before the user saves it: ``QPdfDocument`` reads it from a
``QBuffer`` over the bytes the worker rendered (Qt 6.12's PySide6_Pdf). Printing renders each page
to the printer through ``QPdfDocument.render``, one page per turn of the event loop, so a long
report does not freeze the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from advocate.i18n import _

#: Dots per inch pages are rendered at for the printer (sharp text, bounded memory per page).
PRINT_DPI = 200


class ReportPreview(QPdfView):
    """A scrolling view of every page of a PDF held in memory."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]  # the stub wants a parent; Qt not
        self.setObjectName("reportPreview")
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._bytes = QByteArray()
        self._buffer: QBuffer | None = None
        self._document = QPdfDocument(self)
        self.setDocument(self._document)
        self.retranslate()

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.setAccessibleName(_("Preview of the report"))

    def show_pdf(self, data: bytes) -> int:
        """Show ``data`` (a whole PDF); returns its page count (0 if it cannot be read)."""
        self.clear()
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._document.load(self._buffer)
        return self.page_count()

    def page_count(self) -> int:
        """Pages of the document shown."""
        return int(self._document.pageCount())

    def document_(self) -> QPdfDocument:
        """The document shown (for printing)."""
        return self._document

    def clear(self) -> None:
        """Forget the document (its bytes are dropped from memory)."""
        self._document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self._bytes = QByteArray()


class PagePrinter:
    """Sends every page of a document to a printer, one page per event-loop turn."""

    def __init__(self, document: QPdfDocument, printer: QPrinter,
                 progress: Callable[[int, int], None], done: Callable[[bool], None]) -> None:
        self._document = document
        self._printer = printer
        self._progress = progress
        self._done = done
        self._painter = QPainter()
        self._page = 0
        self._stopped = False
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)

    def start(self) -> None:
        """Begin printing (returns at once)."""
        if not self._painter.begin(self._printer):
            self._done(False)
            return
        self._timer.start(0)

    def stop(self) -> None:
        """Stop after the page being printed; the printer gets what was sent so far."""
        self._stopped = True

    def _next(self) -> None:
        total = self._document.pageCount()
        if self._stopped or self._page >= total:
            self._painter.end()
            self._done(not self._stopped)
            return
        if self._page:
            self._printer.newPage()
        area: QRect = self._printer.pageLayout().paintRectPixels(self._printer.resolution())
        points = self._document.pagePointSize(self._page)
        size = QSize(int(points.width() * PRINT_DPI / 72), int(points.height() * PRINT_DPI / 72))
        image = self._document.render(self._page, size)
        target = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
        self._painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
        self._page += 1
        self._progress(self._page, total)
        self._timer.start(0)
