"""manifest.json: written as documented, read back strictly."""

from __future__ import annotations

import json

import pytest

from advocate.backup import BackupDamagedError, BackupTooNewError, NotABackupError
from advocate.backup.manifest import Manifest, MemberEntry, evidence_member_name

SHA = "a" * 64


def _manifest(*members: MemberEntry) -> Manifest:
    return Manifest(app_version="0.1.0", created="2025-01-01T00:00:00Z", vault_id="v",
                    schema_version=1, record_counts={"case": 1}, table_counts={"records": 1},
                    audit_head=SHA, members=(MemberEntry("records.sql", 10, SHA), *members))


def test_round_trip_and_documented_fields() -> None:
    manifest = _manifest(MemberEntry(evidence_member_name("e-1"), 5, SHA, "e-1"))
    doc = json.loads(manifest.to_json())
    assert doc["format"] == "advocate-backup" and doc["format_version"] == 1
    assert doc["evidence_files"] == 1 and doc["evidence_bytes"] == 5
    assert set(doc) == {"format", "format_version", "app_version", "created", "vault_id",
                        "schema_version", "record_counts", "table_counts", "evidence_files",
                        "evidence_bytes", "audit_head", "members"}
    assert Manifest.from_json(manifest.to_json()) == manifest


def test_unusual_evidence_ids_get_safe_member_names() -> None:
    assert evidence_member_name("0b7e4a52-4a0e-4d38-9d1c-3f0f3f4f5a6b") == \
        "evidence/0b7e4a52-4a0e-4d38-9d1c-3f0f3f4f5a6b"
    odd = evidence_member_name("{../../etc/passwd}")
    assert odd.startswith("evidence/x-") and "/" not in odd[len("evidence/"):]
    manifest = _manifest(MemberEntry(odd, 1, SHA, "{../../etc/passwd}"))
    assert Manifest.from_json(manifest.to_json()).evidence[0].evidence_id == "{../../etc/passwd}"


@pytest.mark.parametrize("change,error", [
    ({"format": "zip"}, NotABackupError),
    ({"format_version": 99}, BackupTooNewError),
    ({"schema_version": 7}, BackupTooNewError),
    ({"format_version": "1"}, BackupDamagedError),
    ({"members": [{"name": "/etc/passwd", "size": 1, "sha256": SHA}]}, BackupDamagedError),
    ({"members": [{"name": "records.sql", "size": -1, "sha256": SHA}]}, BackupDamagedError),
    ({"members": [{"name": "records.sql", "size": 1, "sha256": "x"}]}, BackupDamagedError),
    ({"members": []}, BackupDamagedError),
    ({"evidence_files": 3}, BackupDamagedError),
    ({"record_counts": [1]}, BackupDamagedError),
], ids=["format", "newer", "schema", "string-version", "absolute", "negative", "bad-sha",
        "no-records", "totals", "counts"])
def test_bad_manifests_are_refused(change: dict[str, object], error: type[Exception]) -> None:
    doc = json.loads(_manifest().to_json())
    doc.update(change)
    with pytest.raises(error):
        Manifest.from_json(json.dumps(doc).encode())


def test_not_json_is_damage() -> None:
    with pytest.raises(BackupDamagedError):
        Manifest.from_json(b"\xff{")
    with pytest.raises(NotABackupError):
        Manifest.from_json(b"[1, 2]")
