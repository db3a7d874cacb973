"""Refusing screen capture: on by default on Windows and macOS, never on Linux (it cannot).

- Windows 10 2004 and later: ``SetWindowDisplayAffinity(hwnd, WDA_EXCLUDEFROMCAPTURE)``; screen
  shots, recorders and screen sharing see a black or empty window.
- macOS: ``[NSWindow setSharingType:NSWindowSharingNone]`` through the Objective-C runtime (no
  PyObjC needed); recent macOS versions honour it for ScreenCaptureKit only partly.
- Linux (X11 and Wayland): no API lets a window refuse capture; any X11 client may read the
  screen. Documented in docs/security.md.

The switch that allows capture (for a video call with a supporter) is never saved: every start
refuses again.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtWidgets import QWidget

WDA_NONE = 0x0
WDA_EXCLUDEFROMCAPTURE = 0x11
NS_WINDOW_SHARING_NONE = 0
NS_WINDOW_SHARING_READ_ONLY = 1


def capture_refusal_supported() -> bool:
    """Whether this system lets a window refuse screen capture."""
    return sys.platform in ("win32", "darwin")


def set_capture_allowed(window: QWidget, allowed: bool) -> bool:
    """Allow or refuse capture of ``window``; returns whether the system applied it."""
    try:
        if sys.platform == "win32":
            return _windows(int(window.winId()), allowed)
        if sys.platform == "darwin":
            return _macos(int(window.winId()), allowed)
    except (OSError, AttributeError, ValueError):
        return False
    return False


def _windows(hwnd: int, allowed: bool) -> bool:
    user32 = ctypes.windll.user32  # type: ignore[attr-defined]
    affinity = WDA_NONE if allowed else WDA_EXCLUDEFROMCAPTURE
    return bool(user32.SetWindowDisplayAffinity(ctypes.c_void_p(hwnd), ctypes.c_uint(affinity)))


def _macos(view: int, allowed: bool) -> bool:
    objc = ctypes.cdll.LoadLibrary("/usr/lib/libobjc.dylib")
    objc.sel_registerName.restype = ctypes.c_void_p
    objc.sel_registerName.argtypes = [ctypes.c_char_p]
    send = objc.objc_msgSend
    send.restype = ctypes.c_void_p
    send.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    ns_window = send(ctypes.c_void_p(view), objc.sel_registerName(b"window"))
    if not ns_window:
        return False
    set_sharing = ctypes.cast(send, ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p,
                                                      ctypes.c_ulong))
    sharing = NS_WINDOW_SHARING_READ_ONLY if allowed else NS_WINDOW_SHARING_NONE
    set_sharing(ns_window, objc.sel_registerName(b"setSharingType:"), sharing)
    return True
