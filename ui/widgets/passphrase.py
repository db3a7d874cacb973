"""Choosing a new passphrase: typed twice, with a strength estimate from zxcvbn.

Used for a new vault, a changed passphrase and a backup's own passphrase. The estimate comes from
a maintained estimator (zxcvbn: dictionaries, keyboard patterns, names, dates), not from a rule of
our own. zxcvbn's own advice is English only, so the meter shows our words for its score.
zxcvbn is given the text in memory only; nothing is logged.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from advocate.i18n import _

#: The least zxcvbn score (0 to 4) accepted for a passphrase that protects case files.
MIN_SCORE = 2
#: zxcvbn is slow on long inputs and they are strong anyway; only this much is estimated.
ESTIMATE_CHARS = 100


def strength(passphrase: str) -> int:
    """zxcvbn's score, 0 (guessed at once) to 4 (very hard to guess)."""
    if not passphrase:
        return 0
    from zxcvbn import zxcvbn

    return int(zxcvbn(passphrase[:ESTIMATE_CHARS])["score"])


def _verdict(score: int) -> str:
    return (_("Very weak: it would be guessed at once."),
            _("Weak: it would be guessed quickly."),
            _("Fair: acceptable, but longer is safer."),
            _("Strong."),
            _("Very strong."))[max(0, min(score, 4))]


class NewPassphraseFields(QWidget):
    """Two password fields and a meter; ``acceptable`` says whether the pair may be used."""

    #: Emitted whenever the pair becomes acceptable or not.
    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, min_score: int = MIN_SCORE) -> None:
        super().__init__(parent)
        self._min_score = min_score
        self._ok = False
        self.first = QLineEdit(self)
        self.first.setObjectName("newPassphrase")
        self.second = QLineEdit(self)
        self.second.setObjectName("repeatPassphrase")
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._update)
        self.meter = QProgressBar(self)
        self.meter.setObjectName("passphraseStrength")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        # note: thin, so it reads as a meter and not as a third text field
        self.meter.setMaximumHeight(8)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("passphraseVerdict")
        self.verdict.setWordWrap(True)
        self.mismatch = QLabel(self)
        self.mismatch.setObjectName("passphraseMismatch")
        self.mismatch.setWordWrap(True)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._first_label = QLabel(self)
        self._second_label = QLabel(self)
        self._first_label.setBuddy(self.first)
        self._second_label.setBuddy(self.second)
        layout.addRow(self._first_label, self.first)
        layout.addRow("", self.meter)
        layout.addRow("", self.verdict)
        layout.addRow(self._second_label, self.second)
        layout.addRow("", self.mismatch)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self._first_label.setText(_("&Passphrase:"))
        self._second_label.setText(_("&Repeat it:"))
        self.first.setAccessibleName(_("New passphrase"))
        self.second.setAccessibleName(_("Repeat the new passphrase"))
        self.meter.setAccessibleName(_("Passphrase strength"))
        self.first.setPlaceholderText(_("several words only you would put together"))
        self._update()

    @property
    def acceptable(self) -> bool:
        """Both fields agree and the passphrase is strong enough."""
        return self._ok

    def passphrase(self) -> str:
        """The chosen passphrase (only meaningful when ``acceptable``)."""
        return self.first.text()

    def clear(self) -> None:
        """Forget what was typed."""
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        text = self.first.text()
        score = strength(text)
        self.meter.setValue(score if text else 0)
        self.meter.setAccessibleDescription(_verdict(score) if text else "")
        self.verdict.setText(_verdict(score) if text else "")
        matches = text == self.second.text()
        self.mismatch.setText("" if matches or not self.second.text()
                              else _("The two passphrases are not the same."))
        ok = bool(text) and matches and score >= self._min_score
        if ok != self._ok:
            self._ok = ok
            self.validity_changed.emit(ok)
