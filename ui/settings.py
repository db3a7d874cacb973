"""The user's preferences, in an ini file of the app's own: never a case, a name or vault contents.

What is kept (DESIGN.md section 10): the language, the idle minutes before the vault locks,
whether minimising locks, the days after which a backup reminder shows, and the last vault's path
only if the user agreed to it (the path reveals that a vault exists). The file is an explicit ini
path in the user's config folder, not Qt's default location, so tests point it at a temp folder
and the fresh-HOME scan sees exactly what is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from advocate.i18n import LANGUAGES

DEFAULT_IDLE_MINUTES = 5
DEFAULT_BACKUP_REMINDER_DAYS = 7


def default_path() -> Path:
    """``<config folder>/advocate/settings.ini`` (``~/.config`` on Linux, AppData on Windows)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base) / "advocate" / "settings.ini"


class Preferences:
    """Read and write the preferences; every setter writes through at once."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _int(self, key: str, default: int, low: int, high: int) -> int:
        try:
            value = int(str(self._qs.value(key, default)))
        except (TypeError, ValueError):
            return default
        return min(max(value, low), high)

    def _bool(self, key: str, default: bool) -> bool:
        value = self._qs.value(key, default)
        return value in (True, "true", "1", 1)

    def _set(self, key: str, value: object) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs.setValue(key, value)
        self._qs.sync()

    # --- language ----------------------------------------------------------------------------

    @property
    def language(self) -> str | None:
        """The chosen language, or None before the first start chose one."""
        value = str(self._qs.value("language", "") or "")
        return value if value in LANGUAGES else None

    @language.setter
    def language(self, value: str) -> None:
        self._set("language", value)

    # --- locking -----------------------------------------------------------------------------

    @property
    def idle_minutes(self) -> int:
        """Minutes without input before the vault locks (1 to 240)."""
        return self._int("lock/idle_minutes", DEFAULT_IDLE_MINUTES, 1, 240)

    @idle_minutes.setter
    def idle_minutes(self, value: int) -> None:
        self._set("lock/idle_minutes", int(value))

    @property
    def lock_on_minimise(self) -> bool:
        """Whether minimising the window locks the vault."""
        return self._bool("lock/on_minimise", False)

    @lock_on_minimise.setter
    def lock_on_minimise(self, value: bool) -> None:
        self._set("lock/on_minimise", bool(value))

    # --- backups -----------------------------------------------------------------------------

    @property
    def backup_reminder_days(self) -> int:
        """Days after which the dashboard reminds the user to make a backup (1 to 365)."""
        return self._int("backup/reminder_days", DEFAULT_BACKUP_REMINDER_DAYS, 1, 365)

    @backup_reminder_days.setter
    def backup_reminder_days(self, value: int) -> None:
        self._set("backup/reminder_days", int(value))

    # --- the last vault, only with consent ----------------------------------------------------

    @property
    def remember_vault(self) -> bool:
        """Whether the user agreed that the last vault's path is remembered."""
        return self._bool("vault/remember", False)

    @remember_vault.setter
    def remember_vault(self, value: bool) -> None:
        self._set("vault/remember", bool(value))
        if not value:
            self._qs.remove("vault/last")
            self._qs.sync()

    @property
    def last_vault(self) -> Path | None:
        """The last vault's folder, when remembering was agreed to."""
        if not self.remember_vault:
            return None
        value = str(self._qs.value("vault/last", "") or "")
        return Path(value) if value else None

    def vault_opened(self, path: Path) -> None:
        """Note the vault just opened: kept only if the user agreed (else any old one removed)."""
        # note: written only when it changes: a sync at every unlock cost the UI thread 0.2 s
        if self.remember_vault:
            if str(self._qs.value("vault/last", "") or "") != str(path):
                self._set("vault/last", str(path))
        elif self._qs.contains("vault/last"):
            self._qs.remove("vault/last")
            self._qs.sync()
