"""A backup restores to the same vault: records, persons, audit chain, evidence, issued reports."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from advocate.backup import (
    BackupDestinationExistsError,
    BackupPassphraseInvalidError,
    BackupRecipientError,
    restore_backup,
    verify_backup,
    write_backup,
)
from advocate.backup.tarstream import BLOCK
from advocate.store import Store
from advocate.store.interchange import write_export
from advocate.vault import KdfParams

from .conftest import (
    BACKUP_PASSPHRASE,
    NEW_PASSPHRASE,
    Filled,
    inner_members,
    read_inner,
    restore,
)


def _export(store: Store, out: Path) -> bytes:
    write_export(store, out)
    return out.read_bytes()


def test_round_trip_gives_the_same_export_document_and_verifies(
        filled: Filled, backup: Path, tmp_path: Path) -> None:
    result = restore(backup, tmp_path / "restored.advocate")
    assert result.vault_path == tmp_path / "restored.advocate"
    original = _export(filled.store, tmp_path / "a.json")
    with Store.open(tmp_path / "restored.advocate", NEW_PASSPHRASE) as restored:
        assert _export(restored, tmp_path / "b.json") == original
        report = restored.verify()
        assert report.ok, report.problems
        assert report.audit_head == filled.store.audit_head()
        assert report.audit_entries == filled.store.verify().audit_entries
        for evidence_id, data in filled.evidence.items():
            assert b"".join(restored.chunks.iter_chunks(evidence_id)) == data
        assert restored.issued_report("AB12-CD34") == filled.store.issued_report("AB12-CD34")
        assert len(restored.persons()) == len(filled.store.persons())
    assert result.backup.problems == ()


def test_restored_search_index_matches_the_original(
        filled: Filled, backup: Path, tmp_path: Path) -> None:
    restore(backup, tmp_path / "restored.advocate")
    query = "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid"
    with Store.open(tmp_path / "restored.advocate", NEW_PASSPHRASE) as restored:
        for words in ("найдём", "quoted", "sentinel", "libel", "мы вас"):
            assert [h.id for h in restored.search(words)] == \
                [h.id for h in filled.store.search(words)]
        for term in ("quoted", "sentinel*"):
            assert restored.vault.connection.execute(query, (term,)).fetchall() == \
                filled.store.vault.connection.execute(query, (term,)).fetchall()


def test_info_counts_match_the_vault(filled: Filled, tmp_path: Path) -> None:
    info = write_backup(filled.store, tmp_path / "b.bak", BACKUP_PASSPHRASE)
    conn = filled.store.vault.connection
    kinds = dict(conn.execute("SELECT kind, count(*) FROM records GROUP BY kind").fetchall())
    assert info.record_counts == kinds
    assert info.evidence_files == len(filled.evidence)
    assert info.evidence_bytes == sum(len(d) for d in filled.evidence.values())
    assert info.audit_head == filled.store.audit_head()
    assert info.vault_id == filled.store.vault.vault_id
    assert info.size == (tmp_path / "b.bak").stat().st_size
    assert info.size % BLOCK == 0
    assert verify_backup(tmp_path / "b.bak", BACKUP_PASSPHRASE) == info


def test_payload_holds_manifest_records_and_evidence_in_order(filled: Filled, backup: Path) -> None:
    members = list(inner_members(read_inner(backup)))
    names = [info.name for info, _ in members]
    assert names[:2] == ["manifest.json", "records.sql"]
    assert sorted(names[2:]) == sorted(f"evidence/{i}" for i in filled.evidence)
    for info, data in members[2:]:
        assert data == filled.evidence[info.name.split("/")[1]]
        assert info.mode == 0o600 and info.isreg()


def test_backup_file_is_a_plain_tar_of_key_and_data(backup: Path) -> None:
    import tarfile
    with tarfile.open(backup) as outer:
        members = outer.getmembers()
    assert [m.name for m in members] == ["key.age", "data.age"]
    assert all(m.isreg() and m.mode == 0o600 for m in members)
    assert members[0].size < 1024
    assert backup.stat().st_mode & 0o777 == 0o600


def test_progress_is_reported_and_reaches_the_total(filled: Filled, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_backup(filled.store, tmp_path / "b.bak", BACKUP_PASSPHRASE,
                 progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    restored: list[tuple[int, int]] = []
    restore(tmp_path / "b.bak", tmp_path / "r.advocate",
            progress=lambda done, total: restored.append((done, total)))
    assert restored and restored[-1][0] == restored[-1][1]


def test_passphrase_is_nfc_normalised(filled: Filled, tmp_path: Path) -> None:
    composed = "Қазақстан й"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    write_backup(filled.store, tmp_path / "b.bak", decomposed)
    verify_backup(tmp_path / "b.bak", composed)


def test_empty_backup_passphrase_is_refused(filled: Filled, tmp_path: Path) -> None:
    with pytest.raises(BackupPassphraseInvalidError, match="empty"):
        write_backup(filled.store, tmp_path / "b.bak", "")
    assert not list(tmp_path.glob("*b.bak*"))


def test_existing_backup_is_kept_unless_overwrite(filled: Filled, tmp_path: Path) -> None:
    out = tmp_path / "b.bak"
    out.write_bytes(b"an older backup")
    with pytest.raises(BackupDestinationExistsError, match="already exists"):
        write_backup(filled.store, out, BACKUP_PASSPHRASE)
    assert out.read_bytes() == b"an older backup"
    write_backup(filled.store, out, BACKUP_PASSPHRASE, overwrite=True)
    verify_backup(out, BACKUP_PASSPHRASE)
    assert [p.name for p in tmp_path.iterdir() if "b.bak" in p.name] == ["b.bak"]


def test_extra_recipient_can_decrypt_the_data(filled: Filled, tmp_path: Path) -> None:
    import tarfile
    recovery = x25519.Identity.generate()
    write_backup(filled.store, tmp_path / "b.bak", BACKUP_PASSPHRASE,
                 recipients=[str(recovery.to_public())])
    with tarfile.open(tmp_path / "b.bak") as outer:
        data = outer.extractfile("data.age").read()  # type: ignore[union-attr]
    inner = pyrage.decrypt(data, [recovery])
    assert next(i.name for i, _ in inner_members(inner)) == "manifest.json"
    verify_backup(tmp_path / "b.bak", BACKUP_PASSPHRASE)


def test_bad_recipient_is_refused_before_anything_is_written(
        filled: Filled, tmp_path: Path) -> None:
    with pytest.raises(BackupRecipientError, match="not an age public key"):
        write_backup(filled.store, tmp_path / "b.bak", BACKUP_PASSPHRASE,
                     recipients=["ssh-ed25519 AAAA"])
    assert not list(tmp_path.glob("*b.bak*"))


def test_empty_vault_round_trips(store: Store, tmp_path: Path) -> None:
    write_backup(store, tmp_path / "b.bak", BACKUP_PASSPHRASE)
    result = restore(tmp_path / "b.bak", tmp_path / "r.advocate")
    assert result.records == 0
    with Store.open(tmp_path / "r.advocate", NEW_PASSPHRASE) as restored:
        assert restored.verify().ok


def test_restored_vault_is_new_and_writable(filled: Filled, backup: Path, tmp_path: Path) -> None:
    result = restore(backup, tmp_path / "r.advocate")
    assert result.vault_id != filled.store.vault.vault_id
    assert result.backup.vault_id == filled.store.vault.vault_id
    with Store.open(tmp_path / "r.advocate", NEW_PASSPHRASE) as restored:
        case = restored.find_case("A-1")
        restored.add_evidence(case.id, io.BytesIO(b"after the restore"))
        assert restored.verify().ok


def test_restore_with_real_kdf_parameters_opens(backup: Path, tmp_path: Path) -> None:
    restore_backup(backup, BACKUP_PASSPHRASE, tmp_path / "r.advocate", NEW_PASSPHRASE,
                   kdf=KdfParams(64 * 1024, 1, 1))
    with Store.open(tmp_path / "r.advocate", NEW_PASSPHRASE) as restored:
        assert restored.vault.header.slots[0].kdf.memory_kib == 64 * 1024
