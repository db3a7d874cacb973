"""The app's language: our catalogue (``advocate.i18n``, gettext) and Qt's own strings.

Qt's buttons and its file dialog (Save, Cancel, "Look in:") come from ``qtbase_<lang>.qm`` in
PySide6's translations folder (Qt 6.12 ships Kazakh and Russian). Switching the language swaps
both, then ``session.language_changed`` tells every screen to set its texts again in place, so
the user stays where they were.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from advocate.i18n import normalize_language, set_language


class LanguageSwitch:
    """Holds the Qt translator installed in the app and changes the language of both catalogues."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._qt: QTranslator | None = None
        self.current = ""

    def apply(self, language: str) -> str:
        """Use ``language`` from now on (ours and Qt's); returns the language actually set."""
        lang = normalize_language(language)
        set_language(lang)
        if self._qt is not None:
            self._app.removeTranslator(self._qt)
            self._qt = None
        if lang != "en":
            translator = QTranslator(self._app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if translator.load(f"qtbase_{lang}", folder):
                self._app.installTranslator(translator)
                self._qt = translator
        QLocale.setDefault(QLocale({"kk": QLocale.Language.Kazakh,
                                    "ru": QLocale.Language.Russian}.get(
                                        lang, QLocale.Language.English)))
        self.current = lang
        return lang
