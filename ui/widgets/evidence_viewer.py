"""Viewing an evidence file inside the app, from memory: images, PDFs and text.

The bytes come from the worker (``store.evidence_bytes``, hash-checked) and never touch the disk:
an image through ``QImage.fromData``, a PDF through ``QPdfDocument`` reading a ``QBuffer``
(Qt 6.12's PySide6_Pdf), text in a read-only editor. The SHA-256 recorded at intake is shown and
can be copied (explicitly; the copy is marked secret for clipboard managers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import _
from advocate.model import Evidence
from advocate.store.store import VIEW_LIMIT
from ui.session import Session
from ui.worker import Op

TEXT_TYPES = ("text/", "application/json", "application/xml")
#: Text shown at most (a long transcript is read in the app; the whole file is exported).
TEXT_SHOWN = 2 * 1024 * 1024
#: Images are scaled to this box on the worker, so decoding never stalls the window.
IMAGE_BOX = (1600, 1200)


@dataclass(frozen=True)
class Prepared:
    """What the worker hands back: ready to show without heavy work on the UI thread."""

    kind: str  # image, pdf, text
    image: QImage | None = None
    data: bytes = b""
    text: str = ""
    truncated: bool = False


def prepare(data: bytes, media_type: str) -> Prepared:
    """Decode and scale on the worker thread (QImage may be used off the UI thread)."""
    if media_type.startswith("image/"):
        image = QImage.fromData(data)
        if not image.isNull() and (image.width() > IMAGE_BOX[0] or
                                   image.height() > IMAGE_BOX[1]):
            image = image.scaled(*IMAGE_BOX, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        return Prepared("image", image=image)
    if media_type == "application/pdf":
        return Prepared("pdf", data=data)
    text = data[:TEXT_SHOWN].decode("utf-8", errors="replace")
    return Prepared("text", text=text, truncated=len(data) > TEXT_SHOWN)


#: The box an image is fitted into in the viewer, in logical pixels.
VIEW_BOX = (860, 520)


def fit_image(image: QImage, ratio: float = 1.0) -> QPixmap:
    """The image fitted to the viewer's box; a small screenshot is enlarged (at most 4 times)
    to be read. ``ratio`` is the screen's pixels per logical pixel (1.5 or 2 on a high-DPI
    screen): the picture gets that many pixels, so it is not shrunk to the logical size and
    then blown up again by the screen, blurred."""
    pixmap = QPixmap.fromImage(image)  # already scaled down on the worker
    factor = min(VIEW_BOX[0] * ratio / max(pixmap.width(), 1),
                 VIEW_BOX[1] * ratio / max(pixmap.height(), 1), 4.0 * ratio)
    if abs(factor - 1.0) > 0.05:
        pixmap = pixmap.scaled(int(pixmap.width() * factor), int(pixmap.height() * factor),
                               Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def copy_hash(text: str) -> None:
    """Copy a hash explicitly, marked secret for clipboard managers.

    INTEGRATOR: switch to the shell's ``ui.safety.clipboard.copy_secret`` (which also clears
    after 30 s and on lock) when it is on this branch.
    """
    try:
        from ui.safety.clipboard import copy_secret  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        mime = QMimeData()
        mime.setText(text)
        mime.setData("x-kde-passwordManagerHint", QByteArray(b"secret"))
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setMimeData(mime)
        return
    copy_secret(text)


def viewable(evidence: Evidence) -> bool:
    """Whether the app can show this file itself."""
    media = evidence.media_type
    if evidence.size > VIEW_LIMIT:
        return False
    return media.startswith("image/") or media == "application/pdf" or media.startswith(
        TEXT_TYPES)


class EvidenceViewer(QDialog):
    """Shows one evidence file from memory, with its SHA-256."""

    def __init__(self, session: Session, evidence: Evidence,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.evidence = evidence
        self.setObjectName("evidenceViewer")
        self.setWindowTitle("Advocate")
        self.kind_shown = ""
        self._pdf: Any = None
        self._buffer: QBuffer | None = None
        self.name = QLabel(evidence.original_name, self)
        self.name.setObjectName("evidenceName")
        self.name.setWordWrap(True)
        self.hash = QLineEdit(evidence.sha256, self)
        self.hash.setObjectName("evidenceHash")
        self.hash.setReadOnly(True)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyHash")
        self.copy_button.clicked.connect(lambda: copy_hash(self.evidence.sha256))
        self.stack = QStackedWidget(self)
        self.message = QLabel(self)
        self.message.setObjectName("viewerMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.hash_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self.hash_label, self.hash)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addLayout(form)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.session.language_changed.connect(self.retranslate)
        self.resize(900, 680)
        if viewable(evidence):
            media = evidence.media_type
            Op(session.worker,
               lambda store, _t: prepare(store.evidence_bytes(evidence.id), media), parent=self) \
                .reading().success(self._show).failure(self._failed).run()

    def retranslate(self) -> None:
        """Texts in the UI language."""
        self.hash_label.setText(_("SHA-256:"))
        self.hash.setAccessibleName(_("SHA-256 of the file"))
        self.copy_button.setText(_("Copy SHA-256"))
        self.copy_button.setAccessibleName(_("Copy SHA-256"))
        if not self.kind_shown:
            if viewable(self.evidence):
                words = _("Opening the file…")
            elif self.evidence.size > VIEW_LIMIT:
                words = _("This file is too large to show inside the app. Export it to open "
                          "it with another program.")
            else:
                words = _("This kind of file cannot be shown inside the app. Export it to open "
                          "it with another program.")
            self.message.setText(words)

    def _show(self, prepared: Prepared) -> None:
        if prepared.kind == "image" and prepared.image is not None:
            self._show_image(prepared.image)
        elif prepared.kind == "pdf":
            self._show_pdf(prepared.data)
        else:
            view = QPlainTextEdit(self)
            view.setObjectName("evidenceText")
            view.setReadOnly(True)
            view.setAccessibleName(_("Text of the file"))
            view.setPlainText(prepared.text)
            self._set(view, "text")
            if prepared.truncated:
                self.name.setText(_("{name} (only the beginning is shown; export the file to "
                                    "read all of it)").format(name=self.evidence.original_name))

    def _show_image(self, image: QImage) -> None:
        if image.isNull():
            self.message.setText(_("The image could not be read."))
            return
        label = QLabel(self)
        label.setObjectName("evidenceImage")
        label.setAccessibleName(_("Image of the file"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setPixmap(fit_image(image, self.devicePixelRatioF()))
        scroll = QScrollArea(self)
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        self._set(scroll, "image")

    def _show_pdf(self, data: bytes) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        # note: the document reads the bytes from a buffer in memory; no temporary file.
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._pdf = QPdfDocument(self)
        self._pdf.load(self._buffer)
        if self._pdf.status() != QPdfDocument.Status.Ready:
            self.message.setText(_("The PDF could not be read."))
            return
        view = QPdfView(self)
        view.setObjectName("evidencePdf")
        view.setAccessibleName(_("Pages of the file"))
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        view.setDocument(self._pdf)
        self._set(view, "pdf")

    def page_count(self) -> int:
        """Pages of a PDF shown (0 otherwise)."""
        return int(self._pdf.pageCount()) if self._pdf is not None else 0

    def _set(self, widget: QWidget, kind: str) -> None:
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        self.kind_shown = kind

    def _failed(self, exc: BaseException) -> None:
        from ui.forms.record_form import calm_error
        self.message.setText(calm_error(exc))
