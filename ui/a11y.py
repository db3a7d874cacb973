"""Accessible names that Qt leaves out.

Found by the AT-SPI check (tests/ui/test_atspi.py): a line edit's clear button (the ✕ that shows
once the field holds text) has no name, so a screen reader says only "button".
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit

from advocate.i18n import _

#: Qt's object name of the action behind a line edit's clear button (qlineedit.cpp).
CLEAR_ACTION = "_q_qlineeditclearaction"


def name_clear_button(edit: QLineEdit) -> None:
    """Name the clear button of ``edit`` in the UI language (its tooltip too); call it again
    when the language changes. Does nothing when the field has no clear button."""
    action = edit.findChild(QAction, CLEAR_ACTION)
    if action is not None:
        action.setText(_("Clear the field"))
