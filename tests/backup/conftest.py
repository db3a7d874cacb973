"""Fixtures for the backup tests: a filled vault, a backup of it, and makers of bad backups."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from advocate.backup import agefile, restore_backup, write_backup
from advocate.backup.info import BackupInfo, RestoreInfo
from advocate.backup.manifest import Manifest, MemberEntry
from advocate.backup.tarstream import end_of_archive, member_header, padding
from advocate.model import PartialDate
from advocate.model.records import Case, Evidence, Note
from advocate.store import Store
from advocate.vault import KdfParams
from tests.store.factories import Factory

BACKUP_PASSPHRASE = "резервная копия — сақтық көшірме"
NEW_PASSPHRASE = "new vault passphrase"
#: Text that must never appear in plain form anywhere on disk.
SENTINEL = "SENTINEL-Жанар-Сейітқызы-7731"
TEST_LOG_N = 10  # scrypt 2**10 in tests: the real 2**18 costs a second per backup
REAL_LOG_N = agefile.SCRYPT_LOG_N


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backups written in tests use a small scrypt work factor (the format is the same)."""
    monkeypatch.setattr(agefile, "SCRYPT_LOG_N", TEST_LOG_N)


@dataclass
class Filled:
    """A store with a bit of everything, and what the tests compare against."""

    store: Store
    path: Path
    evidence: dict[str, bytes]


def fill(store: Store, *, evidence_sizes: tuple[int, ...] = (0, 1, 1024 * 1024 + 7, 70_000),
         sentinel: bool = True) -> dict[str, bytes]:
    """Cases, persons, roles, threats, actions, consents, notes, evidence and issued reports."""
    make = Factory(store)
    case = make.case(title=f"Дело {SENTINEL}" if sentinel else "Дело")
    other = make.case(reference="B-2", title="Libel suit against the journalist")
    victim = make.person("Әлібек Нұрланұлы", notes=SENTINEL if sentinel else "")
    mother = make.person("Гүлнар Сейітқызы")
    make.role(case, victim)
    make.role(other, mother)
    make.threat(case, victim, words=f"It's 'quoted'\nsecond line; DROP TABLE records; {SENTINEL}")
    make.threat(case, mother, words="Мы вас найдём", when="2024-04")
    make.action(case)
    make.consent(case, victim, given_by=mother)
    store.add(Note(case_id=case.id, text=f"multi\r\nline\twith tab {SENTINEL}",
                   date=PartialDate.parse("2024-05-01")))
    contents: dict[str, bytes] = {}
    for index, size in enumerate(evidence_sizes):
        data = _evidence_bytes(size) if sentinel else bytes(size)
        item: Evidence = store.add_evidence(case.id, io.BytesIO(data),
                                            original_name=f"файл {index}.bin")
        contents[item.id] = data
    store.record_issued_report("AB12-CD34", case.id, f'{{"pages": 3}}\nline {SENTINEL}')
    store.update(replace(store.get(other.id, Case), title="Libel suit (updated)"))
    store.delete(make.person("Temporary person").id)
    return contents


def _evidence_bytes(size: int) -> bytes:
    """``size`` bytes of every value, holding the sentinel in UTF-8 and UTF-16 again and again."""
    unit = (f"{SENTINEL} ".encode() + SENTINEL.encode("utf-16-le")
            + SENTINEL.encode("utf-16-be") + bytes(range(256)) * 8)
    return (unit * (size // len(unit) + 1))[:size]


@pytest.fixture
def filled(store: Store, vault_path: Path) -> Filled:
    """The test's store, filled."""
    return Filled(store, vault_path, fill(store))


@pytest.fixture
def backup(filled: Filled, tmp_path: Path) -> Path:
    """A backup of the filled store."""
    out = tmp_path / "cases.advocate-backup"
    write_backup(filled.store, out, BACKUP_PASSPHRASE)
    return out


def restore(backup_path: Path, target: Path, passphrase: str = BACKUP_PASSPHRASE,
            **kwargs: object) -> RestoreInfo:
    """Restore with the cheap KDF."""
    return restore_backup(backup_path, passphrase, target, NEW_PASSPHRASE,
                          kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True,
                          **kwargs)  # type: ignore[arg-type]


def leftovers(folder: Path, name: str) -> list[str]:
    """Files in ``folder`` that belong to an operation on ``name`` (temp or staging)."""
    return sorted(p.name for p in folder.iterdir() if name in p.name)


# --- building backups by hand, good or bad ----------------------------------------------------


def tar_of(members: list[tuple[tarfile.TarInfo, bytes]]) -> bytes:
    """A tar archive (Python's tarfile, GNU format) of the given members."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for info, data in members:
            archive.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return out.getvalue()


def regular(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    """A regular-file member."""
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    return info, data


def assemble(inner: bytes, passphrase: str = BACKUP_PASSPHRASE, *,
             key: bytes | None = None, identity: object | None = None) -> bytes:
    """A backup file around an inner payload: key.age + data.age, as the writer lays them out."""
    identity = identity or x25519.Identity.generate()
    key = key if key is not None else agefile.encrypt_key(identity, passphrase)
    data = pyrage.encrypt(inner, [identity.to_public()])  # type: ignore[attr-defined]
    parts = [member_header("key.age", len(key), 0), key, padding(len(key)),
             member_header("data.age", len(data), 0), data, padding(len(data))]
    body = b"".join(parts)
    return body + end_of_archive(len(body))


def inner_payload(members: list[tuple[str, bytes]], *, manifest: Manifest | None = None,
                  extra: list[tuple[tarfile.TarInfo, bytes]] | None = None) -> bytes:
    """A payload tar: a manifest made for ``members`` (unless given), the members, extras."""
    import hashlib
    if manifest is None:
        entries = tuple(MemberEntry(name, len(data), hashlib.sha256(data).hexdigest(),
                                    name.split("/", 1)[1] if "/" in name else "")
                        for name, data in members)
        manifest = Manifest(app_version="0.1.0", created="2025-01-01T00:00:00Z",
                            vault_id="00000000-0000-4000-8000-000000000000", schema_version=1,
                            record_counts={}, table_counts={}, audit_head="0" * 64,
                            members=entries)
    parts = [regular("manifest.json", manifest.to_json())]
    parts += [regular(name, data) for name, data in members]
    parts += extra or []
    return tar_of(parts)


def read_inner(backup_path: Path, passphrase: str = BACKUP_PASSPHRASE) -> bytes:
    """The decrypted payload tar of a backup (tests only: in memory)."""
    with tarfile.open(backup_path) as outer:
        key = outer.extractfile("key.age").read()  # type: ignore[union-attr]
        data = outer.extractfile("data.age").read()  # type: ignore[union-attr]
    identity = agefile.decrypt_key(key, passphrase)
    return bytes(pyrage.decrypt(data, [identity]))


def inner_members(inner: bytes) -> Iterator[tuple[tarfile.TarInfo, bytes]]:
    """The members of a payload tar with their bytes."""
    with tarfile.open(fileobj=io.BytesIO(inner)) as archive:
        for info in archive.getmembers():
            handle = archive.extractfile(info)
            yield info, handle.read() if handle else b""


def info_of(result: BackupInfo | RestoreInfo) -> BackupInfo:
    """The backup facts of either result."""
    return result.backup if isinstance(result, RestoreInfo) else result
