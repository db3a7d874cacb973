"""The system's screen lock and sleep lock the vault too.

- Linux: D-Bus signals through QtDBus (part of PySide6-Essentials):
  ``org.freedesktop.ScreenSaver.ActiveChanged(true)`` and ``org.gnome.ScreenSaver.ActiveChanged``
  on the session bus, ``org.freedesktop.login1.Manager.PrepareForSleep(true)`` on the system bus.
  Without a bus (a container, a test) nothing is watched and nothing fails.
- Windows: the main window registers for session notices (``WTSRegisterSessionNotification``)
  and its ``nativeEvent`` passes each message to :func:`windows_message_locks`, which knows
  ``WM_WTSSESSION_CHANGE``/``WTS_SESSION_LOCK`` and ``WM_POWERBROADCAST``/``PBT_APMSUSPEND``.
- macOS: ``NSWorkspaceWillSleepNotification``, ``NSWorkspaceScreensDidSleepNotification`` and the
  distributed ``com.apple.screenIsLocked`` need an Objective-C observer; it is registered when
  PyObjC is installed (it is not a dependency), else the idle lock covers it (documented).

Windows and macOS code is written but cannot be tested on the Linux CI.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
NOTIFY_FOR_THIS_SESSION = 0

#: (bus, object path, interface, signal) of the screen lockers and of logind's sleep notice.
_DBUS_SIGNALS = (
    ("session", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged"),
    ("session", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged"),
    ("system", "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep"),
)


class ScreenLockWatcher(QObject):
    """Emits ``system_locking`` when the screen locks or the computer goes to sleep."""

    system_locking = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: Which D-Bus signals are watched (tests and the report read it).
        self.watching: list[str] = []
        self._mac_observer: Any = None
        if sys.platform.startswith("linux"):
            self._watch_dbus()
        elif sys.platform == "darwin":
            self._watch_macos()

    @Slot(bool)
    def on_active_changed(self, active: bool) -> None:
        """A D-Bus ``ActiveChanged``/``PrepareForSleep`` arrived; ``True`` means locking."""
        if active:
            self.system_locking.emit()

    def _watch_dbus(self) -> None:
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        slot = SLOT("on_active_changed(bool)")
        for bus_name, path, interface, name in _DBUS_SIGNALS:
            bus = (QDBusConnection.sessionBus() if bus_name == "session"
                   else QDBusConnection.systemBus())
            # note: any sender (""): a match on the service's well-known name only holds while
            # its owner is known to the bus when we connect; a locker started later is missed.
            if bus.isConnected() and bus.connect("", path, interface, name, self,
                                                 slot):  # type: ignore[call-overload]
                self.watching.append(f"{interface}.{name}")

    def _watch_macos(self) -> None:
        with contextlib.suppress(ImportError):
            from AppKit import NSDistributedNotificationCenter, NSWorkspace  # type: ignore[import-not-found]
            from Foundation import NSObject  # type: ignore[import-not-found]

            watcher = self

            class _Observer(NSObject):  # type: ignore[misc]
                def locking_(self, _note: Any) -> None:
                    watcher.system_locking.emit()

            observer = _Observer.new()
            centre = NSWorkspace.sharedWorkspace().notificationCenter()
            for name in ("NSWorkspaceWillSleepNotification",
                         "NSWorkspaceScreensDidSleepNotification"):
                centre.addObserver_selector_name_object_(observer, "locking:", name, None)
            NSDistributedNotificationCenter.defaultCenter().addObserver_selector_name_object_(
                observer, "locking:", "com.apple.screenIsLocked", None)
            self._mac_observer = observer
            self.watching.append("NSWorkspace")


def register_windows_session_notices(hwnd: int) -> bool:
    """Ask Windows to send ``WM_WTSSESSION_CHANGE`` to this window (Windows only)."""
    if sys.platform != "win32":
        return False
    try:
        wtsapi = ctypes.windll.wtsapi32  # type: ignore[attr-defined,unused-ignore]
        return bool(wtsapi.WTSRegisterSessionNotification(ctypes.c_void_p(hwnd),
                                                          NOTIFY_FOR_THIS_SESSION))
    except (OSError, AttributeError):
        return False


def windows_message_locks(event_type: bytes | str, message: int) -> bool:
    """Whether a native Windows message means the session locks or the computer suspends."""
    kind = event_type.encode("ascii") if isinstance(event_type, str) else bytes(event_type)
    if sys.platform != "win32" or kind not in (b"windows_generic_MSG", b"windows_dispatcher_MSG"):
        return False
    from ctypes import wintypes

    msg = wintypes.MSG.from_address(int(message))
    return ((msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK)
            or (msg.message == WM_POWERBROADCAST and msg.wParam == PBT_APMSUSPEND))
