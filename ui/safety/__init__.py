"""The rules that keep case data off the screen and out of other programs: locking (idle,
keys, minimise, the system's screen lock and sleep), the clipboard, screen capture, and the
drafts kept at lock."""
