"""What a backup holds, and what a restore made: the results the API returns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from advocate.backup.manifest import Manifest
from advocate.errors import Problem


@dataclass(frozen=True)
class BackupInfo:
    """A backup file's facts (from its manifest, checked) and its size on disk."""

    path: Path
    format_version: int
    app_version: str
    created: str
    vault_id: str
    record_counts: dict[str, int]
    audit_entries: int
    audit_head: str
    evidence_files: int
    evidence_bytes: int
    size: int
    #: Problems of the vault's content the backup carries (e.g. a broken audit chain).
    problems: tuple[Problem, ...] = ()

    @property
    def records(self) -> int:
        """How many records the backup holds, of every kind."""
        return sum(self.record_counts.values())

    @classmethod
    def from_manifest(cls, manifest: Manifest, path: Path, size: int,
                      problems: tuple[Problem, ...] = ()) -> BackupInfo:
        """The facts of a manifest that was written or fully checked."""
        return cls(
            path=path, format_version=manifest.format_version,
            app_version=manifest.app_version, created=manifest.created,
            vault_id=manifest.vault_id, record_counts=dict(manifest.record_counts),
            audit_entries=manifest.table_counts.get("audit", 0), audit_head=manifest.audit_head,
            evidence_files=len(manifest.evidence), evidence_bytes=manifest.evidence_bytes,
            size=size, problems=problems)


@dataclass(frozen=True)
class RestoreInfo:
    """A restore's result: the new vault and the backup it came from."""

    vault_path: Path
    vault_id: str
    backup: BackupInfo

    @property
    def records(self) -> int:
        """How many records the new vault holds."""
        return self.backup.records
