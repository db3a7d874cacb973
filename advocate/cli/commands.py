"""The subcommands, named here once; each module is imported only when its command runs.

``advocate --help`` lists the commands from this table alone, so it (and ``--version``) imports
none of the store, the reports or the backups. A command's module gives a ``register_*(parser)``
that adds the command's arguments and its handler; its own heavy imports (SQLCipher, reportlab,
age) happen then.
"""

from __future__ import annotations

from importlib import import_module
from typing import NamedTuple

from advocate.i18n import N_


class Command(NamedTuple):
    """Where a subcommand's arguments and handler are, and its one-line help (marked)."""

    module: str
    register: str
    help: str


_VAULT = "advocate.cli.vault_commands"
_RECORDS = "advocate.cli.record_commands"
_REPORTS = "advocate.cli.report_commands"
_BACKUPS = "advocate.cli.backup_commands"

#: The subcommands in the order ``--help`` lists them.
COMMANDS: dict[str, Command] = {
    "init": Command(_VAULT, "register_init", N_("create a new, empty vault")),
    "info": Command(_VAULT, "register_info",
                    N_("show a vault's format and key slots (no passphrase needed)")),
    "passwd": Command(_VAULT, "register_passwd",
                      N_("change a vault's passphrase, or its recovery key")),
    "demo": Command(_VAULT, "register_demo",
                    N_("create a new vault filled with fictional demo cases")),
    "cases": Command(_RECORDS, "register_cases", N_("list the cases in a vault")),
    "search": Command(_RECORDS, "register_search", N_("find records by any words they contain")),
    "import": Command(_RECORDS, "register_import",
                      N_("read a JSON interchange document into a vault")),
    "export": Command(_RECORDS, "register_export",
                      N_("write one case or all as a JSON interchange document")),
    "evidence": Command(_RECORDS, "register_evidence", N_("take in or export evidence files")),
    "report": Command(_REPORTS, "register_report",
                      N_("write a complaint, threat log, chronology or evidence register of a "
                         "case as PDF")),
    "verify": Command(_VAULT, "register_verify",
                      N_("check a vault's integrity, audit trail and evidence hashes, or a "
                         "backup file")),
    "backup": Command(_BACKUPS, "register_backup",
                      N_("write an encrypted backup of a vault to one file")),
    "restore": Command(_BACKUPS, "register_restore", N_("restore a backup into a new vault")),
}


def register(name: str, parser: object) -> None:
    """Import the module of command ``name`` and let it add its arguments to ``parser``."""
    command = COMMANDS[name]
    getattr(import_module(command.module), command.register)(parser)
