"""The main window's menus: File, Vault, Help. The commands of other screens are imported when
chosen (the dialogs of backups, transfer and vault care live in their own modules)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QImage,
    QKeySequence,
    QPixmap,
    QTextBlock,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from advocate import __version__
from advocate.i18n import _, language
from advocate.resources import shipped_folder

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """Fill the menu bar; returns the actions by name (the window enables them)."""
    bar = window.menuBar()
    acts: dict[str, QAction] = {}

    def add(menu: object, name: str, text: str, slot: Callable[[], object],
            keys: str = "", app_wide: bool = False) -> None:
        action = QAction(text, window)
        action.setObjectName(f"action_{name}")
        if keys:
            action.setShortcut(QKeySequence(keys))
        if app_wide:
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        acts[name] = action

    file_menu = bar.addMenu(_("&File"))
    add(file_menu, "new_case", _("&New case…"), window.new_case, "Ctrl+N")
    add(file_menu, "import", _("&Import…"), lambda: _import(window))
    add(file_menu, "export", _("&Export…"), lambda: _export(window))
    file_menu.addSeparator()
    add(file_menu, "lock", _("&Lock"), window.lock_now, "Ctrl+L", app_wide=True)
    add(file_menu, "quit", _("&Quit"), window.close, "Ctrl+Q")
    vault = bar.addMenu(_("&Vault"))
    add(vault, "backup", _("&Back up…"), window.backup)
    add(vault, "restore", _("&Restore…"), lambda: _restore(window))
    add(vault, "verify_backup", _("&Verify a backup…"), lambda: _verify_backup(window))
    vault.addSeparator()
    add(vault, "check", _("&Check the vault…"), lambda: _care(window, "verify"))
    add(vault, "passphrase", _("Change the &passphrase…"), lambda: _care(window, "passphrase"))
    add(vault, "recovery", _("Recovery &key…"), lambda: _care(window, "recovery"))
    vault.addSeparator()
    add(vault, "settings", _("&Settings…"), lambda: _settings(window))
    go = bar.addMenu(_("&Go"))
    add(go, "dashboard", _("&Dashboard"), lambda: window.go(0), "Ctrl+1")
    add(go, "cases", _("&Cases"), lambda: window.go(1), "Ctrl+2")
    add(go, "search", _("&Search"), window.focus_search, "Ctrl+F")
    acts["search_screen"] = QAction(window)
    acts["search_screen"].setShortcut(QKeySequence("Ctrl+3"))
    acts["search_screen"].triggered.connect(window.focus_search)
    window.addAction(acts["search_screen"])
    help_menu = bar.addMenu(_("&Help"))
    add(help_menu, "shortcuts", _("&Keyboard shortcuts"), lambda: _shortcuts(window), "F1")
    add(help_menu, "guide", _("&User guide"), lambda: GuideDialog(window).open())
    add(help_menu, "about", _("&About Advocate"), lambda: _about(window))
    return acts


def _import(window: MainWindow) -> None:
    from ui.dialogs.transfer_dialog import ImportDialog

    ImportDialog(window.session, window).open()


def _export(window: MainWindow) -> None:
    from ui.dialogs.transfer_dialog import ExportDialog

    ExportDialog(window.session, window.current_case_id(), window).open()


def _restore(window: MainWindow) -> None:
    from ui.dialogs.backup_dialog import RestoreDialog

    dialog = RestoreDialog(window.session.prompts, window)
    dialog.follow(window.session)
    dialog.restored.connect(window.restored)
    dialog.open()


def _verify_backup(window: MainWindow) -> None:
    from ui.dialogs.backup_dialog import VerifyBackupDialog

    dialog = VerifyBackupDialog(window.session.prompts, window)
    dialog.follow(window.session)
    dialog.open()


def _care(window: MainWindow, page: str) -> None:
    from ui.dialogs.vault_care import VaultCareDialog

    VaultCareDialog(window.session, window, page).open()


def _settings(window: MainWindow) -> None:
    from ui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.prefs, capture_allowed=window.capture_allowed, parent=window)
    dialog.capture_allowed.connect(window.allow_capture)
    dialog.applied.connect(window.apply_settings)
    dialog.open()


def _shortcuts(window: MainWindow) -> None:
    from ui.dialogs.shortcuts_dialog import ShortcutsDialog

    ShortcutsDialog(window).open()


def _about(window: MainWindow) -> None:
    window.session.prompts.inform(window, _("Advocate"), _(
        "Advocate {version}: encrypted case files for lawyers and advocates. It works offline; "
        "your cases never leave this computer unless you export or back them up.").format(
            version=__version__))


GUIDE_LANGS = ("en", "ru", "kk")
# note: the widest a screenshot is drawn in the guide (they are taken at 1366x768); the file is
# not changed, the picture is scaled to fit the dialog.
GUIDE_IMAGE_WIDTH = 840


def guide_dirs() -> list[Path]:
    """Where the user guide may be, in order: the guide's folder of this layout
    (advocate.resources.shipped_folder): ``docs/`` of a source checkout, ``ui/_guide`` of an
    installed wheel (pyproject.toml maps ``docs/user-guide*.md``, the glossary and the
    screenshots there) or ``docs/`` under ``sys._MEIPASS`` in the PyInstaller bundle
    (build.spec).
    """
    return [shipped_folder(Path(__file__).resolve().parent, "_guide", "docs")]


def guide_path(lang: str | None = None) -> Path | None:
    """The user guide in the language (``user-guide.<lang>.md``; English is ``user-guide.md``),
    else the English one; None when no guide was installed."""
    lang = lang or language()
    names = ["user-guide.md"] if lang == "en" else [f"user-guide.{lang}.md", "user-guide.md"]
    for name in names:
        for folder in guide_dirs():
            if (folder / name).is_file():
                return folder / name
    return None


def fit_images(browser: QTextBrowser, width: int = GUIDE_IMAGE_WIDTH) -> list[str]:
    """Scale every picture of the browser's document down to ``width`` (keeping its shape);
    returns the pictures' names as the document refers to them."""
    document = browser.document()
    names: list[str] = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                names.append(image.name())
                pixmap = document.resource(QTextDocument.ResourceType.ImageResource,
                                           QUrl(image.name()))
                if isinstance(pixmap, QPixmap | QImage) and pixmap.width() > width:
                    image.setWidth(width)
                    image.setHeight(pixmap.height() * width / pixmap.width())
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
            it += 1
        block = block.next()
    return names


class GuideDialog(QDialog):
    """The user guide in the app's language, read from disk and shown offline with its
    screenshots (links to the web are not followed)."""

    def __init__(self, parent: QWidget | None = None, lang: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(_("Advocate"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideText")
        self.browser.setAccessibleName(_("User guide"))
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow)
        self.images: list[str] = []
        self.path = guide_path(lang)
        if self.path is not None:
            self.load(self.path)
        else:
            self.browser.setPlainText(_("The user guide is not installed with this copy of "
                                        "Advocate."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setAccessibleName(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(920, 660)

    def load(self, path: Path) -> None:
        """Show one guide file with its pictures."""
        self.path = path
        # the guide's pictures are linked relative to its folder (screenshots/<lang>/…)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self.images = fit_images(self.browser)

    def heading(self, anchor: str) -> QTextBlock | None:
        """The heading a contents link (``#backups-and-restore``) points to, as GitHub names
        headings: lower case, punctuation dropped, spaces made dashes."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and _slug(block.text()) == anchor:
                return block
            block = block.next()
        return None

    def follow(self, url: QUrl) -> None:
        """A link inside the guide: a heading of this guide, the guide in another language or
        the glossary. Nothing on the web is opened."""
        if url.scheme() or self.path is None:
            return
        if url.path().endswith(".md"):
            other = self.path.parent / Path(url.path()).name
            if other.is_file():
                self.load(other)
            return
        block = self.heading(url.fragment())
        if block is not None:
            cursor = QTextCursor(block)
            self.browser.setTextCursor(cursor)
            # the heading at the top of the view, not merely somewhere in it
            bar = self.browser.verticalScrollBar()
            bar.setValue(bar.maximum())
            self.browser.ensureCursorVisible()


def _slug(text: str) -> str:
    """A heading's anchor as GitHub makes it."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
