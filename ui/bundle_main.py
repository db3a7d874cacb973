"""The entry point of the PyInstaller bundle (build.spec): the app, the commands, and two of its
own options.

- ``--version`` prints ``advocate X.Y.Z`` without importing Qt or the store (fast, and it works on
  a machine where Qt cannot start);
- ``--self-test`` runs ui/selftest.py offscreen and prints one line (exit 0, or 1 on a failure);
  it renders a report in a child process, as the report dialog does, so a bundle whose child
  processes do not start fails it;
- anything else is the ``advocate`` command (advocate.cli.main), except that with no command the
  app is started directly: the CLI finds the app through package metadata (an entry point), which
  a bundle does not carry.

``python -m ui.bundle_main`` does the same from a source checkout (tests/test_selftest.py).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bundle's executable; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from advocate import __version__

        print(f"advocate {__version__}")
        return 0
    if args == ["--self-test"]:
        try:
            from ui.selftest import main as self_test
        except Exception as exc:  # a build that lost a module: one line, no traceback
            print(f"advocate self-test FAILED at import: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            return 1
        return self_test()
    from advocate.cli.main import build_parser
    from advocate.cli.main import main as cli_main

    parsed = build_parser().parse_args(args)
    if getattr(parsed, "handler", None) is None:
        from ui.app import run_app

        return int(run_app(demo=bool(parsed.demo)))
    return cli_main(args)


if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # note: first of all. Reports are laid out in a child process (advocate.report_process),
        # started as this same executable with multiprocessing's own arguments; without this
        # the child would start the whole app again instead of rendering. (PyInstaller's
        # run-time hook has imported multiprocessing already; from source it is not needed.)
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
