"""How the CLI speaks: plain lines or JSON on standard output, one-line errors on standard error."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from advocate.i18n import _


class Output:
    """Writes results, progress and errors; JSON mode prints one document per command."""

    def __init__(self, json_mode: bool = False, stdout: TextIO | None = None,
                 stderr: TextIO | None = None) -> None:
        self.json_mode = json_mode
        self._out = stdout or sys.stdout
        self._err = stderr or sys.stderr
        self._progress_shown = False

    def line(self, text: str = "") -> None:
        """A line of human-readable output (suppressed in JSON mode)."""
        if not self.json_mode:
            self._out.write(text + "\n")

    def json(self, value: Any) -> None:
        """The machine-readable result."""
        self._out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")

    def table(self, rows: list[list[str]], headers: list[str]) -> None:
        """Columns aligned for the terminal."""
        if self.json_mode:
            return
        widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
                  for i, h in enumerate(headers)]
        self.line("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
        for row in rows:
            self.line("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())

    def progress(self, label: str) -> Any:
        """A progress callback that redraws one line on standard error when it is a terminal."""
        def show(done: int, total: int) -> None:
            if not self._err.isatty():
                return
            text = f"{label}: {100 * done // total}%" if total else f"{label}: {done}"
            self._err.write("\r" + text)
            self._err.flush()
            self._progress_shown = True
        return show

    def warning(self, message: str) -> None:
        """A warning on standard error; the command goes on."""
        self._err.write("advocate: " + _("warning: {message}").format(message=one_line(message))
                        + "\n")

    def error(self, message: str) -> None:
        """One line on standard error."""
        if self._progress_shown:
            self._err.write("\n")
        self._err.write(f"advocate: {one_line(message)}\n")


#: Longest message line; a name of 60,000 words quoted in a warning filled screens (issue 15).
MAX_MESSAGE_CHARS = 1000


def one_line(message: str) -> str:
    """The message on one line, its middle cut out if it is longer than MAX_MESSAGE_CHARS."""
    text = " ".join(message.split())
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    keep = MAX_MESSAGE_CHARS // 2
    return f"{text[:keep]} … {text[-keep:]}"
