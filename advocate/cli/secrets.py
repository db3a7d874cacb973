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
from advocate.i18n import N_, _


class PassphraseError(AdvocateError):
    """No passphrase could be read, or the two entries differ."""

    code = "cli.passphrase"


class PassphraseMismatchError(PassphraseError):
    """The passphrase typed a second time differs from the first."""

    code = "cli.passphrase_mismatch"
    template = N_("The two passphrases differ; nothing was changed.")


class PassphraseMissingError(PassphraseError):
    """Standard input ended before the passphrase a command needs (``line``, ``what``)."""

    code = "cli.passphrase_missing"
    template = N_("Expected a passphrase on line {line} of standard input, found nothing.")

    def __init__(self, line: int, what: str) -> None:
        super().__init__(line=line, what=what)


class StdinClosedError(PassphraseError):
    """Standard input is closed (``<&-``), and the command needs a passphrase."""

    code = "cli.stdin_closed"
    template = N_("Standard input is closed; give the passphrase on standard input or run the "
                  "command at a terminal. Nothing was changed.")


class StdinNotTextError(PassphraseError):
    """A line of standard input is not UTF-8 text."""

    code = "cli.stdin_not_utf8"
    template = N_("Line {line} of standard input is not UTF-8 text; save the passphrase as "
                  "UTF-8 and try again. Nothing was changed.")

    def __init__(self, line: int) -> None:
        super().__init__(line=line)


class PassphraseSource:
    """Hands out passphrases in the order the command asks for them."""

    def __init__(self, stdin: TextIO | None = None, interactive: bool | None = None) -> None:
        self._stdin: TextIO | None = stdin if stdin is not None else sys.stdin
        if interactive is None:
            interactive = self._stdin is not None and bool(self._stdin.isatty())
        self._interactive = interactive
        self._line = 0

    def existing(self, prompt: str | None = None) -> str:
        """A passphrase (or recovery key) that opens something that exists."""
        prompt = prompt or _("Passphrase: ")
        if self._interactive:
            return getpass.getpass(prompt)
        return self._next_line(prompt)

    def new(self, prompt: str | None = None) -> str:
        """A passphrase being chosen: asked twice at a terminal."""
        prompt = prompt or _("New passphrase: ")
        if not self._interactive:
            return self._next_line(prompt)
        first = getpass.getpass(prompt)
        if getpass.getpass(_("Repeat it: ")) != first:
            raise PassphraseMismatchError()
        return first

    def _next_line(self, prompt: str) -> str:
        self._line += 1
        if self._stdin is None:
            raise StdinClosedError()
        try:
            line = self._stdin.readline()
        except UnicodeDecodeError:
            raise StdinNotTextError(self._line) from None
        except ValueError:  # a closed file object
            raise StdinClosedError() from None
        if not line:
            raise PassphraseMissingError(self._line, prompt.rstrip(": ").lower())
        return line.rstrip("\r\n")
