"""Layouts hold at 1366x768 when every string is half as long again (Vorta's stretch mode):
Russian and Kazakh run 20-40 % longer than English."""

from __future__ import annotations

import gettext
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

import advocate.i18n
from tests.ui.shell_helpers import close_app, make_app, unlock
from ui.dialogs.create_vault_dialog import CreateVaultDialog
from ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from ui.dialogs.settings_dialog import SettingsDialog
from ui.dialogs.shortcuts_dialog import ShortcutsDialog
from ui.prompts import Prompts

SCREEN = (1366, 768)
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def stretch(text: str) -> str:
    """The text and half of it again (placeholders kept once)."""
    extra = _PLACEHOLDER.sub("", text).replace("&", "")
    return f"{text} {extra[: len(extra) // 2]}".rstrip()


class Stretched(gettext.NullTranslations):
    """Every message half as long again."""

    def gettext(self, message: str) -> str:
        return stretch(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return stretch(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return stretch(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return stretch(singular if n == 1 else plural)


def fits(widget: QWidget) -> bool:
    hint = widget.minimumSizeHint()
    return hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1]


def test_every_screen_fits_a_small_laptop_with_long_strings(
        qtbot: Any, qapp: QApplication, tmp_path: Path, prompts: Prompts, demo_vault: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(advocate.i18n, "translations", lambda _lang: Stretched())
    made = make_app(qapp, tmp_path, prompts)
    try:
        window = made.window
        window.resize(*SCREEN)
        window.show()
        window.show_start()
        assert fits(window), window.minimumSizeHint()
        for dialog in (CreateVaultDialog(made.session, window),
                       RecoveryKeyDialog(prompts, "ABCD-EFGH-IJKL-MNOP", window),
                       SettingsDialog(made.prefs, parent=window), ShortcutsDialog(window)):
            assert fits(dialog), (type(dialog).__name__, dialog.minimumSizeHint())
            dialog.deleteLater()
        unlock(qtbot, made, demo_vault)
        for screen in (0, 1, 2):
            window.work.show_screen(screen)
            assert fits(window), (screen, window.minimumSizeHint())
        assert window.width() <= SCREEN[0] and window.height() <= SCREEN[1]
    finally:
        close_app(made)
