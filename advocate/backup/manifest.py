"""``manifest.json``: the first member inside ``data.age``, describing everything after it.

Fields (docs/backup-format.md has the full description)::

    {"format": "advocate-backup", "format_version": 1, "app_version": "0.1.0",
     "created": "2025-01-31T12:00:00Z", "vault_id": "<uuid>", "schema_version": 1,
     "record_counts": {"case": 3, "person": 7, ...}, "table_counts": {"records": 40, ...},
     "evidence_files": 2, "evidence_bytes": 123456, "audit_head": "<sha256 hex>",
     "members": [{"name": "records.sql", "size": 1234, "sha256": "<hex>"},
                 {"name": "evidence/<id>", "size": 99, "sha256": "<hex>", "evidence_id": "<id>"}]}

Reading trusts nothing: every field is type-checked, the format named, a newer format version
refused with :class:`BackupTooNewError`, member names checked against the allowlist.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from advocate.backup.errors import BackupDamagedError, BackupTooNewError, NotABackupError

FORMAT = "advocate-backup"
FORMAT_VERSION = 1
#: The vault schema versions (``PRAGMA user_version``) this Advocate restores. Version 2 adds
#: only derived data (the lists' sort values, the case list), which is not in a backup and is
#: rebuilt on restore, so records.sql is the same at both; so does version 3 (the search index
#: with prefix indexes, also rebuilt on restore), version 4 (an index of each case's records) and
#: version 5 (the words of the search index, rebuilt on restore from the index).
SCHEMA_VERSIONS = (1, 2, 3, 4, 5)
MANIFEST_NAME = "manifest.json"
RECORDS_NAME = "records.sql"
EVIDENCE_PREFIX = "evidence/"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_SAFE_ID = re.compile(r"[0-9A-Za-z-]{1,64}")
EVIDENCE_NAME = re.compile(r"evidence/[0-9A-Za-z-]{1,64}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def evidence_member_name(evidence_id: str) -> str:
    """The member name of an evidence file: ``evidence/<id>`` (a digest for an unusual id)."""
    if _SAFE_ID.fullmatch(evidence_id):
        return EVIDENCE_PREFIX + evidence_id
    return EVIDENCE_PREFIX + "x-" + hashlib.sha256(evidence_id.encode("utf-8")).hexdigest()[:40]


@dataclass(frozen=True)
class MemberEntry:
    """One member after the manifest: its name, size, SHA-256 and (for evidence) the record id."""

    name: str
    size: int
    sha256: str
    evidence_id: str = ""

    def to_json(self) -> dict[str, Any]:
        """The entry as written in the manifest."""
        out: dict[str, Any] = {"name": self.name, "size": self.size, "sha256": self.sha256}
        if self.evidence_id:
            out["evidence_id"] = self.evidence_id
        return out


@dataclass(frozen=True)
class Manifest:
    """What a backup holds; see the module docstring."""

    app_version: str
    created: str
    vault_id: str
    schema_version: int
    record_counts: dict[str, int]
    table_counts: dict[str, int]
    audit_head: str
    members: tuple[MemberEntry, ...]
    format_version: int = FORMAT_VERSION
    by_name: dict[str, MemberEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {m.name: m for m in self.members})

    @property
    def evidence(self) -> list[MemberEntry]:
        """The evidence members, in order."""
        return [m for m in self.members if m.evidence_id]

    @property
    def evidence_bytes(self) -> int:
        """The size of every evidence file together."""
        return sum(m.size for m in self.evidence)

    @property
    def payload_bytes(self) -> int:
        """The size of every member after the manifest together."""
        return sum(m.size for m in self.members)

    def to_json(self) -> bytes:
        """The manifest as UTF-8 JSON (sorted keys, indented, so it reads well by hand)."""
        doc = {
            "format": FORMAT, "format_version": self.format_version,
            "app_version": self.app_version, "created": self.created,
            "vault_id": self.vault_id, "schema_version": self.schema_version,
            "record_counts": self.record_counts, "table_counts": self.table_counts,
            "evidence_files": len(self.evidence), "evidence_bytes": self.evidence_bytes,
            "audit_head": self.audit_head, "members": [m.to_json() for m in self.members],
        }
        return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()

    @classmethod
    def from_json(cls, raw: bytes, path: Path | None = None) -> Manifest:
        """Parse and check a manifest; a typed error says what is wrong."""
        reader = _Reader(path)
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            reader.fail("it is not valid JSON")
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise NotABackupError(
                path,
                "The file is an age-encrypted archive but not an Advocate backup (its manifest "
                "does not name the Advocate backup format).")
        version = reader.integer(doc, "format_version")
        if version > FORMAT_VERSION:
            raise BackupTooNewError(path, version, FORMAT_VERSION, "format")
        schema = reader.integer(doc, "schema_version")
        if schema not in SCHEMA_VERSIONS:
            raise BackupTooNewError(path, schema, SCHEMA_VERSIONS[-1], "schema")
        manifest = cls(
            app_version=reader.text(doc, "app_version"), created=reader.text(doc, "created"),
            vault_id=reader.text(doc, "vault_id"), schema_version=schema,
            record_counts=reader.counts(doc, "record_counts"),
            table_counts=reader.counts(doc, "table_counts"),
            audit_head=reader.text(doc, "audit_head"),
            members=reader.members(doc), format_version=version)
        if reader.integer(doc, "evidence_files") != len(manifest.evidence) or \
                reader.integer(doc, "evidence_bytes") != manifest.evidence_bytes:
            reader.fail("its evidence totals do not add up")
        return manifest


class _Reader:
    """Type-checked access to the fields of a parsed manifest."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def fail(self, what: str) -> NoReturn:
        """Raise the error of a damaged manifest."""
        raise BackupDamagedError(
            self.path,
            f"The backup's manifest is damaged: {what}.")

    def text(self, doc: dict[str, Any], key: str) -> str:
        """A short text field."""
        value = doc.get(key)
        if not isinstance(value, str) or len(value) > 200:
            self.fail(f"{key} is not a short text")
        return value

    def integer(self, doc: dict[str, Any], key: str) -> int:
        """A whole number field, 0 or more."""
        value = doc.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
            self.fail(f"{key} is not a whole number")
        return value

    def counts(self, doc: dict[str, Any], key: str) -> dict[str, int]:
        """A table of counts by name."""
        value = doc.get(key)
        if not isinstance(value, dict) or len(value) > 100:
            self.fail(f"{key} is not a table of counts")
        return {str(k)[:40]: self.integer(value, k) for k in value}

    def members(self, doc: dict[str, Any]) -> tuple[MemberEntry, ...]:
        """The member list: known names only, each once, records.sql exactly once."""
        items = doc.get("members")
        if not isinstance(items, list):
            self.fail("members is not a list")
        members: list[MemberEntry] = []
        for item in items:
            if not isinstance(item, dict):
                self.fail("a member is not an object")
            name = self.text(item, "name")
            sha = self.text(item, "sha256")
            evidence_id = item.get("evidence_id", "")
            if not _SHA256.fullmatch(sha) or not isinstance(evidence_id, str):
                self.fail(f"the member {name!r} is malformed")
            if name == RECORDS_NAME and not evidence_id:
                pass
            elif not (EVIDENCE_NAME.fullmatch(name) and evidence_id
                      and evidence_member_name(evidence_id) == name):
                self.fail(f"the member name {name!r} is not one Advocate writes")
            members.append(MemberEntry(name, self.integer(item, "size"), sha, evidence_id))
        names = [m.name for m in members]
        if len(set(names)) != len(names) or names.count(RECORDS_NAME) != 1:
            self.fail("its member list repeats a name or lacks records.sql")
        return tuple(members)
