"""The exit statuses of the ``advocate`` command (their own module, so commands need not import
``advocate.cli.main``, which imports the command registry)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PROBLEMS = 3  # verify found problems
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
