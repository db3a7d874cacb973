"""PLACEHOLDER (shell branch only, dropped at integration): the ops helper writes the real one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget


class BackupDialog(QDialog):
    """Placeholder."""

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")


class VerifyBackupDialog(QDialog):
    """Placeholder."""

    def __init__(self, prompts: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyBackupDialog")


class RestoreDialog(QDialog):
    """Placeholder."""

    restored = Signal(str)

    def __init__(self, prompts: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
