"""Standard input, output and error as the command line finds them: closed, piped, or in a codepage.

Each of these ended as "Internal error" before (issue 15):

- standard output closed (``advocate cases V >&-``): Python sets ``sys.stdout`` to None. The
  command is refused before it does anything, with one line on standard error: its result could
  not be shown, and a backup or import whose outcome nobody sees is worse than none;
- standard input closed (``<&-``): commands that need no passphrase still run; the others say that
  standard input is closed (``secrets.PassphraseSource``);
- standard output or error in an encoding that cannot hold Kazakh letters (Windows' CP1251 with
  output redirected to a file is realistic): redirected output is written in UTF-8, which every
  editor reads; a terminal that cannot show the letters gets ``?`` in their place, never an error;
- standard input that is not a terminal is read as UTF-8 (passphrases are UTF-8 everywhere,
  docs/security.md), and bytes that are not UTF-8 are a clear error naming the line.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import TextIO

from advocate.errors import AdvocateError
from advocate.i18n import N_

#: Letters a stream must be able to write: Kazakh, Russian, and the punctuation the CLI prints.
_PROBE = "ӘәҒғҚқҢңӨөҰұҮүҺһІі Ёё №—«»"


class StdoutClosedError(AdvocateError):
    """Standard output is closed, so no result could be shown; nothing was done."""

    code = "cli.stdout_closed"
    template = N_("Standard output is closed, so the result could not be shown; nothing was "
                  "done. Run the command with standard output open (redirect it to a file if "
                  "you do not need it).")


def prepare_stdio() -> StdoutClosedError | None:
    """Make the standard streams safe to use; an error to report when the command cannot run."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    if sys.stdin is not None and not _isatty(sys.stdin):
        _reconfigure(sys.stdin, encoding="utf-8", errors="strict")
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not _can_write(stream, _PROBE):
            if _isatty(stream):
                _reconfigure(stream, errors="replace")
            else:
                _reconfigure(stream, encoding="utf-8", errors="replace")
    if sys.stdout is None:
        return StdoutClosedError()
    return None


def silence_stdout() -> None:
    """After a broken pipe: point standard output at the null device, so exit does not fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (OSError, ValueError):
        return False


def _can_write(stream: TextIO, text: str) -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        # note: strict, whatever the stream's own errors: stderr's backslashreplace would write
        # "\u049a" for "Қ", which no reader understands.
        text.encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def _reconfigure(stream: TextIO, **options: str) -> None:
    if isinstance(stream, io.TextIOWrapper):
        with contextlib.suppress(OSError, ValueError):
            stream.reconfigure(**options)  # type: ignore[arg-type]
