"""Accessible names that Qt leaves out.

Found by the AT-SPI check (tests/ui/test_atspi.py): a line edit's clear button (the ✕ that shows
once the field holds text) has no name, so a screen reader says only "button".
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QToolButton

from advocate.i18n import _

#: Qt's object name of the action behind a line edit's clear button (qlineedit.cpp).
CLEAR_ACTION = "_q_qlineeditclearaction"


def name_clear_button(edit: QLineEdit) -> None:
    """Name the clear button of ``edit`` in the UI language; call it again when the language
    changes. Does nothing when the field has no clear button."""
    action = edit.findChild(QAction, CLEAR_ACTION)
    for button in edit.findChildren(QToolButton):
        # note: the button's own name, not the action's text: a changed action makes Qt
        # un-hide the button (transparent) in an empty field
        if action is not None and button.defaultAction() is action:
            button.setAccessibleName(_("Clear the field"))
