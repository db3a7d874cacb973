"""The list of subcommands; each module adds its parsers and handlers here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advocate.cli import backup_commands as backups
from advocate.cli import record_commands as records
from advocate.cli import report_commands as reports
from advocate.cli import vault_commands as vault

REGISTRY: list[Callable[[Any], None]] = [
    vault.register_init,
    vault.register_info,
    vault.register_passwd,
    vault.register_demo,
    records.register_cases,
    records.register_search,
    records.register_import,
    records.register_export,
    records.register_evidence,
    reports.register_report,
    vault.register_verify,
    backups.register_backup,
    backups.register_restore,
]
