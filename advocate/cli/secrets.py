"""Where the CLI gets passphrases: the terminal, or standard input — never arguments or environment.

Interactive (standard input is a terminal): asked with ``getpass``, which does not echo; a new
passphrase is asked twice. Otherwise one passphrase per line on standard input: line 1 the vault's
passphrase, line 2 the second one a command needs (the new passphrase, or the backup's).
"""

from __future__ import annotations

import getpass
import sys
from typing import TextIO

from advocate.errors import AdvocateError


class PassphraseError(AdvocateError):
    """No passphrase could be read, or the two entries differ."""


class PassphraseSource:
    """Hands out passphrases in the order the command asks for them."""

    def __init__(self, stdin: TextIO | None = None, interactive: bool | None = None) -> None:
        self._stdin = stdin if stdin is not None else sys.stdin
        if interactive is None:
            interactive = bool(self._stdin.isatty())
        self._interactive = interactive
        self._line = 0

    def existing(self, prompt: str = "Passphrase: ") -> str:
        """A passphrase (or recovery key) that opens something that exists."""
        if self._interactive:
            return getpass.getpass(prompt)
        return self._next_line(prompt)

    def new(self, prompt: str = "New passphrase: ") -> str:
        """A passphrase being chosen: asked twice at a terminal."""
        if not self._interactive:
            return self._next_line(prompt)
        first = getpass.getpass(prompt)
        if getpass.getpass("Repeat it: ") != first:
            raise PassphraseError("The two passphrases differ; nothing was changed.")
        return first

    def _next_line(self, prompt: str) -> str:
        self._line += 1
        line = self._stdin.readline()
        if not line:
            what = prompt.rstrip(": ").lower()
            raise PassphraseError(
                f"Expected the {what} on line {self._line} of standard input, found nothing.")
        return line.rstrip("\r\n")
