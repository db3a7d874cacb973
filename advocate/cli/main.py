"""The ``advocate`` command: a thin layer over the store, the reports and the backups.

The contract (DESIGN.md section 9) is stable: subcommands, ``-o FILE`` for what is written,
``--json`` for machine-readable output, passphrases from the terminal or standard input only, exit
status 0 on success and otherwise non-zero with one line on standard error — never a traceback.

It speaks the user's language: ``--lang kk|ru|en``, else the locale (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``), else English; errors come from the catalogue (``exc.text()``).
It starts fast: ``--version`` and ``--help`` import no command module (``commands.COMMANDS``),
and a command imports its own modules only when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from advocate import __version__
from advocate.cli import argparse_texts, commands
from advocate.cli.exits import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
)
from advocate.cli.output import Output
from advocate.cli.stdio import prepare_stdio, silence_stdout
from advocate.errors import AdvocateError, Cancelled, os_reason
from advocate.i18n import (
    LANGUAGES,
    _,
    language,
    normalize_language,
    set_language,
    system_language,
)

if TYPE_CHECKING:
    from advocate.cli.secrets import PassphraseSource

__all__ = ["EXIT_ERROR", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_PROBLEMS",
           "EXIT_USAGE", "build_parser", "main"]


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; only the command ``argv`` names gets its arguments (all when None)."""
    parser = argparse.ArgumentParser(
        prog="advocate",
        description=_("Encrypted case files for lawyers and victim advocates."))
    parser.add_argument("--version", action="version", version=f"advocate {__version__}",
                        help=_("show the version of Advocate and exit"))
    parser.add_argument("--lang", choices=LANGUAGES, dest="message_language",
                        help=_("the language of messages (default: the system's, else English)"))
    parser.add_argument("--demo", action="store_true",
                        help=_("open the app on a new vault of fictional demo data"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"),
                                title=_("commands"))
    wanted = _command_in(argv) if argv is not None else None
    for name, command in commands.COMMANDS.items():
        p = sub.add_parser(name, help=_(command.help), description=_(command.help))
        if argv is None or name == wanted:
            commands.register(name, p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used by ``python -m advocate``)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_in(arguments))
    stdio_problem = prepare_stdio()
    if stdio_problem is not None:
        Output().error(stdio_problem.text())
        return EXIT_ERROR
    argparse_texts.install()
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    out = Output(json_mode=bool(getattr(args, "json", False)))
    handler: Callable[[argparse.Namespace, Output, PassphraseSource], int] | None = getattr(
        args, "handler", None)
    if handler is None:
        return _open_app(args.demo, parser)
    return _run(handler, args, out)


def _run(handler: Callable[[argparse.Namespace, Output, PassphraseSource], int],
         args: argparse.Namespace, out: Output) -> int:
    """Run a command's handler; every failure becomes one line on standard error."""
    from advocate.cli.secrets import PassphraseSource
    from advocate.clock import check_clock

    try:
        check_clock()
        return handler(args, out, PassphraseSource())
    except Cancelled as exc:
        out.error(exc.text())
        return EXIT_INTERRUPTED
    except AdvocateError as exc:
        out.error(_advice(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        out.error(_("Interrupted; nothing was changed."))
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # note: standard output was closed by its reader (``| head``); what was done is done.
        silence_stdout()
        out.error(_("Standard output was closed before all of the output was written."))
        return EXIT_ERROR
    except OSError as exc:
        reason = os_reason(exc).text(language())
        out.error(_("{reason}: {file}.").format(reason=reason, file=exc.filename)
                  if exc.filename else f"{reason}.")
        return EXIT_ERROR
    except Exception as exc:
        # note: only the type is printed; an exception's text may quote case data.
        out.error(_("Internal error ({kind}); nothing more was changed. Please report it with "
                    "the command you ran.").format(kind=type(exc).__name__))
        return EXIT_INTERNAL


def _advice(exc: AdvocateError) -> str:
    """The error's words, and what only the command line can add (its options)."""
    words = exc.text()
    if exc.code == "report.incomplete":
        words += " " + _("To write it anyway, run the command without --strict.")
    return words


def _language_in(argv: Sequence[str]) -> str:
    """``--lang X`` (or ``--lang=X``) before the command's own options, else the locale's."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return normalize_language(argv[i + 1])
        if arg.startswith("--lang="):
            return normalize_language(arg.split("=", 1)[1])
        if arg in commands.COMMANDS:
            break  # note: ``report --lang`` is the report's language, not the messages'
    return system_language()


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names (the first word that is one), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif arg in commands.COMMANDS:
            return arg
        elif not arg.startswith("-"):
            return None
    return None


def _open_app(demo: bool, parser: argparse.ArgumentParser) -> int:
    """Start the desktop front end, which plugs itself in as an entry point.

    note: the core never imports the front end; the app registers ``run_app`` under the
    ``advocate.frontends`` entry-point group, so the CLI finds it without depending on Qt.
    """
    from importlib.metadata import entry_points

    found = entry_points(group="advocate.frontends", name="desktop")
    for entry in found:
        try:
            run_app = entry.load()
        except ImportError as exc:
            print(_("advocate: the desktop app cannot start ({module} is missing); install it "
                    "with: pip install 'advocate[app]'").format(module=exc.name), file=sys.stderr)
            return EXIT_ERROR
        return int(run_app(demo=demo))
    parser.print_help(sys.stderr)
    print("\n" + _("The desktop app is not installed here; use the commands above."),
          file=sys.stderr)
    return EXIT_USAGE
