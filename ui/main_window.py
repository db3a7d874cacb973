"""The main window: its title is always "Advocate"; it shows the first screen, the unlock screen
or the work area of an open vault, and holds the menus and the lock."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from advocate.i18n import _, ngettext
from advocate.store.vault_facts import Draft, take_drafts
from ui.dialogs.create_vault_dialog import CreateVaultDialog
from ui.menus import build_menus
from ui.safety.capture import set_capture_allowed
from ui.safety.clipboard import clear_secret
from ui.safety.lock import LockTriggers, close_every_window
from ui.safety.screenlock import register_windows_session_notices, windows_message_locks
from ui.session import Session
from ui.settings import Preferences
from ui.translations import LanguageSwitch
from ui.views.start_view import StartView
from ui.views.unlock_view import UnlockView
from ui.worker import Op

if TYPE_CHECKING:
    from ui.views.work_area import WorkArea

TITLE = "Advocate"
#: Rows of the work area's navigation (``ui.views.work_area``).
DASHBOARD_SCREEN, CASES_SCREEN = 0, 1


class MainWindow(QMainWindow):
    """One per app. Screens: start, unlock, work area (only while the vault is open)."""

    def __init__(self, session: Session, prefs: Preferences, languages: LanguageSwitch,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        # note: the title never changes (any program can read window titles; time trackers
        # store them), so it never names a case or a vault.
        self.setWindowTitle(TITLE)
        self.session = session
        self.prefs = prefs
        self.languages = languages
        self.vault_path: Path | None = None
        self.demo_passphrase: str | None = None
        self.capture_allowed = False
        self.work: WorkArea | None = None
        self.unlock_view: UnlockView | None = None
        self.screens = QStackedWidget(self)
        self.setCentralWidget(self.screens)
        self.start_view = StartView(session, remember=prefs.remember_vault, parent=self.screens)
        self.screens.addWidget(self.start_view)
        self.start_view.create_requested.connect(self.create_vault)
        self.start_view.open_requested.connect(self.open_vault)
        self.start_view.language_chosen.connect(self.set_language)
        self.triggers = LockTriggers(prefs.idle_minutes, self)
        self.triggers.lock_requested.connect(self.lock_now)
        self.triggers.panic_requested.connect(self.panic)
        self.commands = build_menus(self)
        session.unlocked.connect(self._unlocked)
        session.locked.connect(self._locked)
        session.language_changed.connect(self.retranslate)
        self._update_actions()
        self.resize(1366, 768)

    # --- screens ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Menus in the current language (the screens retranslate themselves)."""
        self.menuBar().clear()
        self.commands = build_menus(self)
        self._update_actions()

    def set_language(self, lang: str) -> None:
        """Switch the language everywhere, keeping the user's place."""
        lang = self.languages.apply(lang)
        self.prefs.language = lang
        self.session.language_changed.emit(lang)

    def show_start(self) -> None:
        """The first screen."""
        self.screens.setCurrentWidget(self.start_view)
        self.start_view.create_button.setFocus()

    def show_unlock(self, path: Path, demo_passphrase: str | None = None) -> None:
        """The unlock screen of a vault."""
        self.vault_path = path
        self.demo_passphrase = demo_passphrase
        if self.unlock_view is not None:
            self.unlock_view.deleteLater()
        self.unlock_view = UnlockView(self.session, path, demo_passphrase=demo_passphrase,
                                      parent=self.screens)
        self.unlock_view.other_vault.connect(self.show_start)
        self.screens.addWidget(self.unlock_view)
        self.screens.setCurrentWidget(self.unlock_view)
        self.unlock_view.focus_secret()

    def first_choices_made(self) -> None:
        """The first screen was used: keep its language (the system's unless changed) and
        whether to remember the vault."""
        if self.prefs.language is None:
            self.prefs.language = self.languages.current
        self.prefs.remember_vault = self.start_view.remember.isChecked()

    def open_vault(self, path: Path) -> None:
        """The user chose a vault on the first screen."""
        self.first_choices_made()
        self.show_unlock(path)

    def create_vault(self) -> None:
        """The create dialog; the new vault is open when it is done."""
        self.first_choices_made()
        dialog = CreateVaultDialog(self.session, self)
        dialog.created.connect(self._created)
        dialog.open()

    def _created(self, path: Path) -> None:
        self.vault_path = path
        self.demo_passphrase = None
        self.session.opened(path)

    def _unlocked(self) -> None:
        if self.session.vault_path is not None:
            self.vault_path = self.session.vault_path
        if self.vault_path is not None and self.demo_passphrase is None:
            self.prefs.vault_opened(self.vault_path)
        from ui.views.work_area import WorkArea  # imported at first unlock: a faster start

        self.work = WorkArea(self.session, self.prefs.backup_reminder_days, self.screens)
        self.work.dashboard.backup_requested.connect(self.backup)
        self.screens.addWidget(self.work)
        self.screens.setCurrentWidget(self.work)
        if self.unlock_view is not None:
            self.unlock_view.deleteLater()
            self.unlock_view = None
        self.work.focus_quick_search()
        self.triggers.unlocked()
        self._update_actions()
        Op(self.session.worker, lambda store, _t: take_drafts(store), parent=self.work) \
            .success(self._offer_drafts).run()

    def _offer_drafts(self, drafts: list[Draft]) -> None:
        if not drafts:
            return
        restorable = [d for d in drafts if self.session.drafts.restorer(d.form) is not None]
        if not restorable:
            return
        n = len(restorable)
        if not self.session.prompts.confirm(
                self, TITLE, ngettext("When the vault was locked, you were typing in {n} form. "
                                      "Open it again with what you typed?",
                                      "When the vault was locked, you were typing in {n} forms. "
                                      "Open them again with what you typed?", n).format(n=n),
                ok_label=_("Open again")):
            return
        for draft in restorable:
            restorer = self.session.drafts.restorer(draft.form)
            if restorer is not None and self.work is not None:
                restorer(draft, self.work)

    # --- locking ---------------------------------------------------------------------------

    def lock_now(self) -> None:
        """Lock at once (idle, Ctrl+L, screen lock, minimise); nothing waits."""
        if self.session.is_open:
            self.session.lock()  # drafts are collected first, while the forms still exist

    def panic(self) -> None:
        """The panic key: out of sight and locked, at once."""
        self.showMinimized()
        self.lock_now()

    def _locked(self) -> None:
        close_every_window(keep=self)
        clear_secret()
        self.triggers.locked()
        if self.work is not None:
            self.screens.removeWidget(self.work)
            self.work.hide()
            self.work.deleteLater()
            self.work = None
        if self.vault_path is not None:
            self.show_unlock(self.vault_path, self.demo_passphrase)
        else:
            self.show_start()
        self._update_actions()

    def _update_actions(self) -> None:
        open_ = self.session.is_open
        for name in ("new_case", "import", "export", "lock", "backup", "check", "passphrase",
                     "recovery"):
            self.commands[name].setEnabled(open_)

    def apply_settings(self) -> None:
        """After the settings dialog: idle time, language."""
        self.triggers.idle.set_limit(self.prefs.idle_minutes * 60_000)
        if self.prefs.language and self.prefs.language != self.languages.current:
            self.set_language(self.prefs.language)
        if self.work is not None:
            self.work.dashboard.reminder_days = self.prefs.backup_reminder_days
            self.work.dashboard.refresh()

    def allow_capture(self, allowed: bool) -> None:
        """The switch that is not saved."""
        self.capture_allowed = allowed
        set_capture_allowed(self, allowed)

    # --- menu commands that need the work area ----------------------------------------------

    def go(self, row: int) -> None:
        """Ctrl+1/2/3."""
        if self.work is not None:
            self.work.show_screen(row)

    def focus_search(self) -> None:
        """Ctrl+F."""
        if self.work is not None:
            self.work.focus_search()

    def new_case(self) -> None:
        """File, New case."""
        if self.work is not None:
            self.work.show_screen(CASES_SCREEN)
            self.work.cases.new_case()

    def backup(self) -> None:
        """Vault, Back up; a finished backup is noted in the vault (dashboard's reminder)."""
        from ui.dialogs.backup_dialog import BackupDialog

        dialog = BackupDialog(self.session, self)
        # note: the dialog notes the backup in the vault once it is written and verified; the
        # note is not a record, so no change notice tells the dashboard: the dialog does.
        dialog.backed_up.connect(lambda: self.work.dashboard.refresh() if self.work else None)
        dialog.open()

    def restored(self, path: str) -> None:
        """A restore finished: offer to open the restored vault."""
        if not self.session.prompts.confirm(self, TITLE, _("The vault was restored. Open it "
                                                           "now?"), ok_label=_("Open")):
            return
        self.lock_now()
        self.demo_passphrase = None
        self.show_unlock(Path(path))

    def current_case_id(self) -> str | None:
        """The case on screen, if any (Export uses it)."""
        return self.work.case_id if self.work is not None else None

    def show_dashboard(self) -> None:
        """Ctrl+1."""
        self.go(DASHBOARD_SCREEN)

    # --- Qt events -------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.capture_allowed:
            set_capture_allowed(self, False)
        register_windows_session_notices(int(self.winId()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (event.type() == QEvent.Type.WindowStateChange and self.isMinimized()
                and self.prefs.lock_on_minimise):
            self.lock_now()

    def nativeEvent(self, event_type: Any, message: Any) -> Any:
        if windows_message_locks(event_type, message):
            self.lock_now()
        return super().nativeEvent(event_type, message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lock_now()
        clear_secret()
        super().closeEvent(event)
        QApplication.quit()

