"""A backup opens with tar, the age tool and sqlite3 alone; and one made by hand restores here.

These follow docs/backup-format.md step by step. Plain files appear in the test's own folder,
which is what restoring by hand means.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from advocate.backup import write_backup
from advocate.store import Store
from advocate.store.interchange import write_export

from .agecli import needs_age, run_with_tty
from .conftest import BACKUP_PASSPHRASE, NEW_PASSPHRASE, REAL_LOG_N, Filled, restore

pytestmark = needs_age


def _unpack_by_hand(backup: Path, folder: Path) -> None:
    """tar -xf; age -d key.age (passphrase typed); age -d -i identity.txt data.age | tar -x."""
    folder.mkdir()
    subprocess.run(["tar", "-xf", str(backup)], cwd=folder, check=True)
    code, output = run_with_tty(["age", "-d", "-o", "identity.txt", "key.age"],
                                [BACKUP_PASSPHRASE], folder)
    assert code == 0, output
    age = subprocess.Popen(["age", "-d", "-i", "identity.txt", "data.age"], cwd=folder,
                           stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x"], cwd=folder, stdin=age.stdout, check=True)
    assert age.wait() == 0


def _sql(database: Path, query: str) -> list[list[str]]:
    out = subprocess.run(["sqlite3", "-json", str(database), query], check=True,
                         capture_output=True, text=True).stdout
    return [list(row.values()) for row in json.loads(out or "[]")]


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="sqlite3 is not installed")
def test_backup_restores_by_hand_with_tar_age_and_sqlite3(
        filled: Filled, backup: Path, tmp_path: Path) -> None:
    folder = tmp_path / "by-hand"
    _unpack_by_hand(backup, folder)
    assert (folder / "identity.txt").read_text().count("AGE-SECRET-KEY-1") == 1
    with (folder / "records.sql").open("rb") as dump:
        subprocess.run(["sqlite3", str(folder / "records.db")], stdin=dump, check=True)
    database = folder / "records.db"
    conn = filled.store.vault.connection
    for table in ("records", "refs", "audit", "issued_reports", "meta"):
        assert _sql(database, f"SELECT count(*) AS n FROM {table}") == \
            [[conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]]]
    expected = conn.execute("SELECT id, data FROM records ORDER BY rowid").fetchall()
    assert [tuple(r) for r in _sql(database, "SELECT id, data FROM records ORDER BY rowid")] == \
        [tuple(r) for r in expected]
    words = _sql(database, "SELECT json_extract(data, '$.words') FROM records "
                           "WHERE kind = 'threat' ORDER BY rowid")
    assert words[0][0].startswith("It's 'quoted'\nsecond line; DROP TABLE records;")
    assert _sql(database, "SELECT payload FROM issued_reports") == \
        [[filled.store.issued_report("AB12-CD34")[2]]]  # type: ignore[index]
    assert _sql(database, "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1") == \
        [[filled.store.audit_head()]]
    manifest = json.loads((folder / "manifest.json").read_text())
    for member in manifest["members"]:
        data = (folder / member["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == member["sha256"]
        if member.get("evidence_id"):
            assert data == filled.evidence[member["evidence_id"]]
    names = _sql(database, "SELECT id, json_extract(data, '$.original_name') FROM records "
                           "WHERE kind = 'evidence'")
    assert {row[0] for row in names} == set(filled.evidence)


def test_backup_assembled_by_hand_with_age_restores_in_the_app(
        filled: Filled, tmp_path: Path) -> None:
    # The payload files, taken from an app backup by hand...
    write_backup(filled.store, tmp_path / "app.bak", BACKUP_PASSPHRASE)
    source = tmp_path / "source"
    _unpack_by_hand(tmp_path / "app.bak", source)
    manifest = json.loads((source / "manifest.json").read_text())
    # ...packed again with the tools alone: a new identity, age -p, age -r, tar.
    hand = tmp_path / "hand"
    hand.mkdir()
    subprocess.run(["age-keygen", "-o", "identity.txt"], cwd=hand, check=True,
                   capture_output=True)
    recipient = subprocess.run(["age-keygen", "-y", "identity.txt"], cwd=hand, check=True,
                               capture_output=True, text=True).stdout.strip()
    code, output = run_with_tty(["age", "-p", "-o", "key.age", "identity.txt"],
                                ["hand-made passphrase", "hand-made passphrase"], hand)
    assert code == 0, output
    names = ["manifest.json", *(m["name"] for m in manifest["members"])]
    subprocess.run(["tar", "-cf", str(hand / "payload.tar"), *names], cwd=source, check=True)
    subprocess.run(["age", "-r", recipient, "-o", "data.age", "payload.tar"], cwd=hand,
                   check=True)
    subprocess.run(["tar", "-cf", "hand.advocate-backup", "key.age", "data.age"], cwd=hand,
                   check=True)
    result = restore(hand / "hand.advocate-backup", tmp_path / "restored.advocate",
                     passphrase="hand-made passphrase")
    assert result.backup.audit_head == filled.store.audit_head()
    write_export(filled.store, tmp_path / "a.json")
    with Store.open(tmp_path / "restored.advocate", NEW_PASSPHRASE) as restored:
        write_export(restored, tmp_path / "b.json")
        assert restored.verify().ok
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_key_written_by_the_app_uses_the_age_tool_work_factor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from advocate.backup import agefile

    monkeypatch.setattr(agefile, "SCRYPT_LOG_N", REAL_LOG_N)
    key = agefile.encrypt_with_passphrase(b"AGE-SECRET-KEY-1\n", "pw")
    assert REAL_LOG_N == 18
    assert key.split(b"\n")[1].endswith(b" 18")
    (tmp_path / "k.age").write_bytes(key)
    code, output = run_with_tty(["age", "-d", "-o", "k.txt", "k.age"], ["pw"], tmp_path)
    assert code == 0, output
    assert (tmp_path / "k.txt").read_bytes() == b"AGE-SECRET-KEY-1\n"
