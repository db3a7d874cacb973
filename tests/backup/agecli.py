"""Running the ``age`` command-line tool from tests: passphrases go through a pseudo-terminal.

``age`` reads passphrases from /dev/tty, never from standard input, so the tool runs in a child
process whose controlling terminal is a pty; each time the output shows another "passphrase"
prompt, the next answer is typed.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import time
from pathlib import Path

import pytest

needs_age = pytest.mark.skipif(shutil.which("age") is None or shutil.which("age-keygen") is None,
                               reason="the age command-line tool is not installed")


def run_with_tty(argv: list[str], answers: list[str], cwd: Path,
                 timeout: float = 60) -> tuple[int, bytes]:
    """Run ``argv`` in ``cwd`` on a pty, typing ``answers`` at its passphrase prompts."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the command
        try:
            os.chdir(cwd)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    output, answered = b"", 0
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                raise TimeoutError(f"{argv[0]} did not finish: {output!r}")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            output += data
            while answered < len(answers) and output.lower().count(b"passphrase") > answered:
                os.write(fd, answers[answered].encode("utf-8") + b"\n")
                answered += 1
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output
