"""The Advocate desktop front end (PySide6). Imports advocate; never the reverse."""
