"""The ``advocate`` command: a thin layer over the store, the reports and the backups.

The contract (DESIGN.md section 9) is stable: subcommands, ``-o FILE`` for what is written,
``--json`` for machine-readable output, passphrases from the terminal or standard input only, exit
status 0 on success and otherwise non-zero with one line on standard error — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

from advocate import __version__
from advocate.cli import commands
from advocate.cli.output import Output
from advocate.cli.secrets import PassphraseSource
from advocate.cli.stdio import prepare_stdio, silence_stdout
from advocate.clock import check_clock
from advocate.errors import AdvocateError, Cancelled

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PROBLEMS = 3  # verify found problems
EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 70


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="advocate",
        description="Encrypted case files for lawyers and victim advocates.")
    parser.add_argument("--version", action="version", version=f"advocate {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the app on a new vault of fictional demo data")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in commands.REGISTRY:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used by ``python -m advocate``)."""
    stdio_problem = prepare_stdio()
    if stdio_problem is not None:
        Output().error(stdio_problem.message)
        return EXIT_ERROR
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Output(json_mode=bool(getattr(args, "json", False)))
    handler: Callable[[argparse.Namespace, Output, PassphraseSource], int] | None = getattr(
        args, "handler", None)
    if handler is None:
        return _open_app(args.demo, parser)
    try:
        check_clock()
        return handler(args, out, PassphraseSource())
    except Cancelled as exc:
        out.error(exc.message)
        return EXIT_INTERRUPTED
    except AdvocateError as exc:
        out.error(exc.message)
        return EXIT_ERROR
    except KeyboardInterrupt:
        out.error("Interrupted; nothing was changed.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # note: standard output was closed by its reader (``| head``); what was done is done.
        silence_stdout()
        out.error("Standard output was closed before all of the output was written.")
        return EXIT_ERROR
    except OSError as exc:
        out.error(f"{exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}.")
        return EXIT_ERROR
    except Exception as exc:
        # note: only the type is printed; an exception's text may quote case data.
        out.error(f"Internal error ({type(exc).__name__}); nothing more was changed. "
                  "Please report it with the command you ran.")
        return EXIT_INTERNAL


def _open_app(demo: bool, parser: argparse.ArgumentParser) -> int:
    """Start the desktop front end, which plugs itself in as an entry point.

    note: the core never imports the front end; the app registers ``run_app`` under the
    ``advocate.frontends`` entry-point group, so the CLI finds it without depending on Qt.
    """
    found = entry_points(group="advocate.frontends", name="desktop")
    for entry in found:
        try:
            run_app = entry.load()
        except ImportError as exc:
            print(f"advocate: the desktop app cannot start ({exc.name} is missing); "
                  "install it with: pip install 'advocate[app]'", file=sys.stderr)
            return EXIT_ERROR
        return int(run_app(demo=demo))
    parser.print_help(sys.stderr)
    print("\nThe desktop app is not installed here; use the commands above.", file=sys.stderr)
    return EXIT_USAGE


