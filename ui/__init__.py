"""The Advocate desktop front end (PySide6). Imports advocate; never the reverse."""

from ui import qt_fixes

qt_fixes.apply()
