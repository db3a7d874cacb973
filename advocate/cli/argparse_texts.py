"""argparse's own words (usage, errors, the --help option) through Advocate's catalogue.

argparse looks up its strings with ``gettext`` in a domain Python ships no Russian or Kazakh for;
``install()`` makes it use ours. The ``N_()`` list below only puts argparse's messages (Python
3.11's wording, ``%``-placeholders as argparse fills them) into the catalogue; a message another
Python words differently simply stays in English.
"""

from __future__ import annotations

import argparse

from advocate.i18n import N_, _, ngettext

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def install() -> None:
    """Let argparse translate its messages with Advocate's catalogue (current language)."""
    # note: argparse calls its module-level ``_`` and ``ngettext`` at the time it formats.
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
