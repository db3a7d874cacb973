"""The first screen: the language, then create a vault, open one, or open the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocate.i18n import LANGUAGES, NATIVE_NAMES, _, language
from ui.session import Session

#: The width of the centred card of the first and the unlock screen.
CARD_WIDTH = 600


def fit_height(label: QLabel, width: int) -> None:
    """Give a wrapped label the height its text needs at ``width``.

    note: a centred layout item is sized by its size hint, which Qt computes for wrapped
    labels at an arbitrary width, so long Russian and Kazakh texts were cut off.
    """
    # note: the card's layout margins make the label narrower than the card; measured at the
    # card's width, a three-line Kazakh text got two lines' height and was cut top and bottom
    margins = label.parentWidget().layout().contentsMargins() if (
        label.parentWidget() is not None and label.parentWidget().layout() is not None) else None
    inner = width - (margins.left() + margins.right() if margins is not None else 0) - 24
    label.setMinimumHeight(label.heightForWidth(inner))


class StartView(QWidget):
    """Three ways in; the choice of language; whether to remember the vault on this computer."""

    create_requested = Signal()
    #: A vault folder chosen to open.
    open_requested = Signal(Path)
    demo_requested = Signal()
    #: The user picked a language (two-letter code).
    language_chosen = Signal(str)

    def __init__(self, session: Session, *, remember: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startView")
        self.session = session
        self.heading = QLabel(self)
        self.heading.setObjectName("startHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.heading.setFont(font)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setObjectName("startIntro")
        self.language = QComboBox(self)
        self.language.setObjectName("startLanguage")
        for code in LANGUAGES:
            self.language.addItem(NATIVE_NAMES[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(language()))
        self.language.currentIndexChanged.connect(
            lambda i: self.language_chosen.emit(self.language.itemData(i)))
        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language)
        self.create_button = QPushButton(self)
        self.create_button.setObjectName("startCreate")
        self.create_button.clicked.connect(self.create_requested)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("startOpen")
        self.open_button.clicked.connect(self._choose_vault)
        self.demo_button = QPushButton(self)
        self.demo_button.setObjectName("startDemo")
        self.demo_button.clicked.connect(self.demo_requested)
        self.remember = QCheckBox(self)
        self.remember.setObjectName("startRemember")
        self.remember.setChecked(remember)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("startBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.remember_note = QLabel(self)
        self.remember_note.setWordWrap(True)
        self.remember_note.setObjectName("startRememberNote")
        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        card = QVBoxLayout()
        card.addWidget(self.heading)
        card.addWidget(self.intro)
        card.addLayout(form)
        card.addSpacing(12)
        for button in (self.create_button, self.open_button, self.demo_button):
            button.setMinimumHeight(36)
            card.addWidget(button)
        card.addWidget(self.busy)
        card.addSpacing(12)
        card.addWidget(self.remember)
        card.addWidget(self.remember_note)
        holder = QWidget(self)
        holder.setLayout(card)
        # note: a fixed width, so wrapped labels get their full height (Qt's height-for-width
        # is not asked inside a centred layout item)
        holder.setFixedWidth(CARD_WIDTH)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.retranslate()
        session.language_changed.connect(self.retranslate)

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.heading.setText(_("Welcome to Advocate"))
        self.intro.setText(_("Advocate keeps your case files encrypted in a vault on this "
                             "computer. Nothing leaves it unless you export or back it up."))
        self.language_label.setText(_("&Language:"))
        self.language.setAccessibleName(_("Language"))
        self.create_button.setText(_("&Create a new vault…"))
        self.create_button.setAccessibleName(_("Create a new vault"))
        self.open_button.setText(_("&Open a vault…"))
        self.open_button.setAccessibleName(_("Open a vault"))
        self.demo_button.setText(_("Try the &demo (invented cases)"))
        self.demo_button.setAccessibleName(_("Open the demo vault"))
        self.busy.setAccessibleName(_("Preparing the demo vault"))
        self.remember.setText(_("&Remember the vault's folder on this computer"))
        self.remember.setAccessibleName(_("Remember the vault's folder"))
        self.remember_note.setText(_("Off is safer: anyone who looks at this computer then "
                                     "cannot see that a vault exists."))
        self.language.blockSignals(True)
        self.language.setCurrentIndex(LANGUAGES.index(language()))
        self.language.blockSignals(False)
        for label in (self.intro, self.remember_note):
            fit_height(label, CARD_WIDTH)

    def set_busy(self, busy: bool) -> None:
        """Show that the demo vault is being prepared (the buttons wait meanwhile)."""
        self.busy.setVisible(busy)
        for button in (self.create_button, self.open_button, self.demo_button):
            button.setEnabled(not busy)

    def _choose_vault(self) -> None:
        path = self.session.prompts.folder(self, _("Choose the vault folder"))
        if path is not None:
            self.open_requested.emit(path)
