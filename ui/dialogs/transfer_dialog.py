"""PLACEHOLDER (shell branch only, dropped at integration): the ops helper writes the real one."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QWidget


class ExportDialog(QDialog):
    """Placeholder."""

    def __init__(self, session: Any, case_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")


class ImportDialog(QDialog):
    """Placeholder."""

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
