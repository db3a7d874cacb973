"""Helpers of the shell's tests: the whole app with strict prompts, preferences in a temp
folder, vaults created with cheap KDF parameters, and unlocking through the widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget

from advocate.i18n import set_language
from advocate.store import Store
from advocate.vault import KdfParams
from tests.ui.conftest import PASSPHRASE
from ui.main import App
from ui.prompts import Prompts
from ui.settings import Preferences

WAIT = 15_000


def cheap_factory(path: Path, passphrase: str, recovery: bool) -> tuple[Store, str | None]:
    """Create a vault quickly (tests only)."""
    return Store.create(path, passphrase, kdf=KdfParams.cheap(), with_recovery_key=recovery,
                        _allow_weak_kdf_for_tests=True)


def make_app(qapp: QApplication, tmp_path: Path, prompts: Prompts, lang: str = "en") -> App:
    """The app as ``start`` builds it, not shown yet."""
    prefs = Preferences(tmp_path / "config" / "settings.ini")
    prefs.language = lang
    made = App(qapp, prompts=prompts, prefs=prefs)
    made.session.vault_factory = cheap_factory
    return made


def close_app(made: App) -> None:
    """Lock, stop the worker, destroy the window."""
    made.window.hide()
    made.close()
    made.window.deleteLater()
    QApplication.processEvents()
    # note: deleteLater is not processed by processEvents outside an event loop; the next test
    # would otherwise still have this window's timers and filters running.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    set_language("en")


def type_text(qtbot: Any, field: Any, text: str) -> None:
    """Type into a line edit: key by key when ASCII (QTest cannot send other keys), else as
    one input (the field gets the same textChanged/textEdited as from an input method)."""
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        field.insert(text)


def unlock(qtbot: Any, made: App, path: Path, secret: str = PASSPHRASE) -> None:
    """Type the passphrase on the unlock screen and wait for the work area."""
    made.window.show_unlock(path)
    view = made.window.unlock_view
    assert view is not None
    view.secret.clear()
    type_text(qtbot, view.secret, secret)
    qtbot.keyClick(view.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: made.window.work is not None, timeout=WAIT)


class DraftForm(QDialog):
    """A form of the tests' own that keeps its unsaved text at lock (as the workspace's forms
    do through ``session.drafts``), so the shell's tests do not depend on those forms."""

    FORM = "shell_test_form"

    def __init__(self, session: Any, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("draftForm")
        self.field = QLineEdit(text, self)
        self.field.setAccessibleName("Text")
        QVBoxLayout(self).addWidget(self.field)
        self._draft = session.drafts.register(self.FORM, self.state)
        self.finished.connect(lambda _r: self._draft.unregister())

    def state(self) -> dict[str, str] | None:
        """What was typed, if anything."""
        return {"text": self.field.text()} if self.field.text() else None

    @classmethod
    def register_restorer(cls, session: Any) -> None:
        """Reopen the form from a kept draft."""
        session.drafts.register_restorer(
            cls.FORM, lambda draft, parent: cls(session, parent, draft.state["text"]).open())
