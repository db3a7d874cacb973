"""Bad backups: each is refused with a clear error, by verify and by restore, leaving nothing.

"Nothing" means: no vault at the destination and no staging folder beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pyrage import x25519

from advocate.backup import (
    BackupDamagedError,
    BackupDestinationExistsError,
    BackupError,
    BackupTooNewError,
    BackupWorkFactorError,
    NotABackupError,
    UnsafeMemberError,
    WrongBackupPassphraseError,
    agefile,
    verify_backup,
    write_backup,
)
from advocate.backup.ageheader import AGE_MAGIC
from advocate.backup.tarstream import BLOCK, end_of_archive, member_header, padding
from advocate.store import Store
from advocate.vault import KdfParams

from .conftest import (
    BACKUP_PASSPHRASE,
    assemble,
    fill,
    inner_members,
    leftovers,
    read_inner,
    regular,
    restore,
    tar_of,
)

Members = list[tuple[tarfile.TarInfo, bytes]]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One good backup shared by the tests of this module (they only read it)."""
    agefile.SCRYPT_LOG_N, saved = 10, agefile.SCRYPT_LOG_N
    folder = tmp_path_factory.mktemp("good")
    try:
        store, _ = Store.create(folder / "v.advocate", "pw", kdf=KdfParams.cheap(),
                                _allow_weak_kdf_for_tests=True)
        with store:
            fill(store, evidence_sizes=(300_000, 700_000))
            write_backup(store, folder / "good.advocate-backup", BACKUP_PASSPHRASE)
    finally:
        agefile.SCRYPT_LOG_N = saved
    return folder / "good.advocate-backup"


@pytest.fixture(scope="module")
def good_members(good: Path) -> Members:
    """The payload members of the good backup."""
    return list(inner_members(read_inner(good)))


def refused(path: Path, tmp_path: Path, error: type[BackupError] = BackupError,
            passphrase: str = BACKUP_PASSPHRASE) -> BackupError:
    """Both verify and restore refuse ``path`` with ``error``; nothing is left behind."""
    with pytest.raises(error) as by_verify:
        verify_backup(path, passphrase)
    target = tmp_path / "restored.advocate"
    with pytest.raises(error) as by_restore:
        restore(path, target, passphrase=passphrase)
    assert not target.exists()
    assert leftovers(tmp_path, "restored.advocate") == []
    for caught in (by_verify.value, by_restore.value):
        assert caught.message and "\n" not in caught.message
        assert "Traceback" not in caught.message
    return by_restore.value


def _layout(path: Path) -> dict[str, int]:
    """Offsets in a backup file: key.age's data, data.age's header and data, the end."""
    with tarfile.open(path) as outer:
        key, data = outer.getmembers()
    key_at = BLOCK
    data_header = key_at + key.size + len(padding(key.size))
    data_at = data_header + BLOCK
    return {"key": key_at, "key_size": key.size, "data_header": data_header, "data": data_at,
            "data_size": data.size, "end": data_at + data.size + len(padding(data.size))}


def _write(tmp_path: Path, data: bytes, name: str = "bad.advocate-backup") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rebuilt(tmp_path: Path, members: Members, *, rehash: bool = False,
             manifest: Callable[[dict[str, object]], None] | None = None) -> Path:
    """A backup of modified payload members (the manifest fixed up when asked)."""
    members = list(members)
    doc = json.loads(members[0][1])
    if rehash:
        data = {info.name: content for info, content in members[1:]}
        for entry in doc["members"]:
            if entry["name"] in data:
                entry["size"] = len(data[entry["name"]])
                entry["sha256"] = hashlib.sha256(data[entry["name"]]).hexdigest()
    if manifest is not None:
        manifest(doc)
    members[0] = regular("manifest.json", json.dumps(doc).encode())
    return _write(tmp_path, assemble(tar_of(members)))


# --- passphrase, key, work factor ------------------------------------------------------------


def test_wrong_passphrase(good: Path, tmp_path: Path) -> None:
    error = refused(good, tmp_path, WrongBackupPassphraseError, passphrase="not the passphrase")
    assert error.code == "backup.wrong_passphrase"


def test_absurd_scrypt_work_factor_is_refused_before_scrypt_runs(tmp_path: Path) -> None:
    for log_n in (40, 23):
        key = agefile.encrypt_with_passphrase(b"AGE-SECRET-KEY-1X\n", BACKUP_PASSPHRASE,
                                              log_n=10)
        key = key.replace(b" 10\n", f" {log_n}\n".encode(), 1)
        path = _write(tmp_path, assemble(b"x", key=key))
        started = time.monotonic()
        error = refused(path, tmp_path, BackupWorkFactorError)
        assert time.monotonic() - started < 5
        assert error.params["found"] == log_n


def test_key_file_larger_than_a_key_is_refused(tmp_path: Path) -> None:
    big = agefile.encrypt_with_passphrase(b"#" * 8000 + b"\n", BACKUP_PASSPHRASE, log_n=10)
    refused(_write(tmp_path, assemble(b"x", key=big)), tmp_path, BackupDamagedError)


def test_key_without_an_identity_is_not_a_backup(tmp_path: Path) -> None:
    key = agefile.encrypt_with_passphrase(b"hello\n", BACKUP_PASSPHRASE, log_n=10)
    refused(_write(tmp_path, assemble(b"x", key=key)), tmp_path, NotABackupError)


def test_data_from_another_backup_is_refused(good: Path, tmp_path: Path) -> None:
    identity = x25519.Identity.generate()
    key = agefile.encrypt_key(identity, BACKUP_PASSPHRASE)
    inner = read_inner(good)
    mixed = assemble(inner, key=key, identity=x25519.Identity.generate())
    error = refused(_write(tmp_path, mixed), tmp_path, BackupDamagedError)
    assert "different backups" in error.params["detail"]


# --- not a backup ----------------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    b"", b"hello", b"PK\x03\x04" + bytes(600), os.urandom(5000),
    b"age-encryption.org/v1\n-> X25519 abc\n", "текст".encode() * 300,
], ids=["empty", "short", "zip", "random", "bare-age", "text"])
def test_not_a_tar_is_not_a_backup(content: bytes, tmp_path: Path) -> None:
    refused(_write(tmp_path, content), tmp_path, NotABackupError)


def test_bare_age_file_is_not_a_backup(good: Path, tmp_path: Path) -> None:
    with tarfile.open(good) as outer:
        key = outer.extractfile("key.age").read()  # type: ignore[union-attr]
    refused(_write(tmp_path, key), tmp_path, NotABackupError)


def test_tar_of_other_files_is_not_a_backup(tmp_path: Path) -> None:
    refused(_write(tmp_path, tar_of([regular("notes.txt", b"hi"), regular("b", b"")])),
            tmp_path, NotABackupError)


def test_key_that_is_not_age_is_not_a_backup(tmp_path: Path) -> None:
    refused(_write(tmp_path, assemble(b"x", key=b"not age at all\n")), tmp_path,
            NotABackupError)


def test_data_that_is_not_age_is_not_a_backup(good: Path, tmp_path: Path) -> None:
    layout = _layout(good)
    data = bytearray(good.read_bytes())
    data[layout["data"]:layout["data"] + len(AGE_MAGIC)] = b"-----BEGIN AGE ENCRYPT"
    refused(_write(tmp_path, bytes(data)), tmp_path, NotABackupError)


def test_age_payload_that_is_not_an_advocate_archive(tmp_path: Path) -> None:
    refused(_write(tmp_path, assemble(tar_of([regular("photo.jpg", b"\xff\xd8\xff")]))),
            tmp_path, NotABackupError)
    refused(_write(tmp_path, assemble(os.urandom(3000))), tmp_path, BackupDamagedError)


def test_manifest_of_another_format_is_not_a_backup(good_members: Members,
                                                    tmp_path: Path) -> None:
    path = _rebuilt(tmp_path, good_members, manifest=lambda d: d.update(format="other"))
    refused(path, tmp_path, NotABackupError)


@pytest.mark.parametrize("field", ["format_version", "schema_version"])
def test_manifest_from_a_newer_format_is_refused(field: str, good_members: Members,
                                                 tmp_path: Path) -> None:
    path = _rebuilt(tmp_path, good_members, manifest=lambda d: d.update({field: 99}))
    error = refused(path, tmp_path, BackupTooNewError)
    assert error.code == "backup.too_new"


# --- members ---------------------------------------------------------------------------------


def _special(name: str, kind: bytes, target: str = "") -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, b""


@pytest.mark.parametrize("member", [
    regular("/etc/passwd", b"x"), regular("../outside", b"x"),
    regular("evidence/../../outside", b"x"), regular("evidence\\..\\x", b"x"),
    _special("evidence/link", tarfile.SYMTYPE, "/etc/passwd"),
    _special("records-link.sql", tarfile.LNKTYPE, "records.sql"),
    _special("evidence/dev", tarfile.CHRTYPE), _special("evidence/blk", tarfile.BLKTYPE),
    _special("evidence/fifo", tarfile.FIFOTYPE), _special("newdir", tarfile.DIRTYPE),
    regular("notes.txt", b"unexpected"), regular("evidence/not-listed", b"x"),
], ids=["absolute", "dotdot", "nested-dotdot", "backslash", "symlink", "hardlink",
        "char-device", "block-device", "fifo", "directory", "unexpected-name", "unlisted"])
def test_dangerous_or_unexpected_member_is_refused(member: tuple[tarfile.TarInfo, bytes],
                                                   good_members: Members,
                                                   tmp_path: Path) -> None:
    members = [good_members[0], member, *good_members[1:]]
    refused(_rebuilt(tmp_path, members), tmp_path, UnsafeMemberError)
    assert not (tmp_path / "outside").exists()


def test_member_whose_hash_does_not_match(good_members: Members, tmp_path: Path) -> None:
    info, data = good_members[-1]
    members = [*good_members[:-1], (info, data[:-1] + bytes([data[-1] ^ 1]))]
    error = refused(_rebuilt(tmp_path, members), tmp_path, BackupDamagedError)
    assert "SHA-256" in error.params["detail"]


def test_missing_member(good_members: Members, tmp_path: Path) -> None:
    # zeros after the end of the archive keep data.age as large as the manifest's total
    inner = tar_of([regular("manifest.json", good_members[0][1]), *good_members[1:-1]])
    path = _write(tmp_path, assemble(inner + bytes(2_000_000)))
    error = refused(path, tmp_path, BackupDamagedError)
    assert "missing" in error.params["detail"]


def test_duplicated_member(good_members: Members, tmp_path: Path) -> None:
    refused(_rebuilt(tmp_path, [*good_members, good_members[-1]]), tmp_path, BackupDamagedError)


def test_counts_that_differ_from_the_manifest(good_members: Members, tmp_path: Path) -> None:
    def more(doc: dict[str, object]) -> None:
        doc["record_counts"]["case"] += 1  # type: ignore[index]
    refused(_rebuilt(tmp_path, good_members, manifest=more), tmp_path, BackupDamagedError)


def test_tar_bomb_member_declaring_more_than_the_manifest(good_members: Members,
                                                         tmp_path: Path) -> None:
    info, data = good_members[-1]
    header = bytearray(member_header(info.name, 2**40, 0))
    inner = tar_of(good_members[:-1])[: -2 * BLOCK]  # without its end-of-archive blocks
    inner = inner.rstrip(b"\0")
    inner += bytes(-len(inner) % BLOCK)
    payload = inner + bytes(header) + data[:1000]
    error = refused(_write(tmp_path, assemble(payload)), tmp_path, BackupDamagedError)
    assert "tar bomb" in error.params["detail"]


def test_tar_bomb_manifest_declaring_more_than_the_file(good_members: Members,
                                                       tmp_path: Path) -> None:
    def huge(doc: dict[str, object]) -> None:
        members = doc["members"]
        members[-1]["size"] = 2**40  # type: ignore[index]
        doc["evidence_bytes"] = sum(m["size"] for m in members  # type: ignore[attr-defined]
                                    if m.get("evidence_id"))  # the totals made to add up
    error = refused(_rebuilt(tmp_path, good_members, manifest=huge), tmp_path,
                    BackupDamagedError)
    assert "tar bomb" in error.params["detail"]


def test_huge_manifest_is_refused(tmp_path: Path) -> None:
    header = member_header("manifest.json", 2**33, 0)
    refused(_write(tmp_path, assemble(header + b"{" * 5000)), tmp_path, BackupDamagedError)


@pytest.mark.parametrize("statement", [
    b"DROP TABLE records;\n",
    b"ATTACH DATABASE '/tmp/x.db' AS x;\n",
    b"INSERT INTO records VALUES(1,'a','case',NULL,'','','','{}'); DROP TABLE audit;\n",
    b"INSERT INTO sqlite_master VALUES('table','x','x',0,'');\n",
    b"INSERT INTO records VALUES(randomblob(9));\n",
    b"INSERT INTO audit VALUES(1,'a');\n",
], ids=["drop", "attach", "two-statements", "unknown-table", "function", "short-row"])
def test_sql_beyond_the_dump_grammar_is_refused(statement: bytes, good_members: Members,
                                               tmp_path: Path) -> None:
    members = list(good_members)
    info, sql = members[1]
    members[1] = (info, sql.replace(b"COMMIT;\n", statement + b"COMMIT;\n"))
    error = refused(_rebuilt(tmp_path, members, rehash=True), tmp_path, BackupDamagedError)
    assert "records.sql" in error.params["detail"]


def test_rows_that_conflict_are_refused(good_members: Members, tmp_path: Path) -> None:
    members = list(good_members)
    info, sql = members[1]
    first = next(line for line in sql.split(b"\n") if line.startswith(b"INSERT INTO records"))
    members[1] = (info, sql.replace(b"COMMIT;\n", first + b"\nCOMMIT;\n"))
    refused(_rebuilt(tmp_path, members, rehash=True, manifest=_add_case), tmp_path,
            BackupDamagedError)


def _add_case(doc: dict[str, object]) -> None:
    doc["record_counts"]["case"] += 1  # type: ignore[index]
    doc["table_counts"]["records"] += 1  # type: ignore[index]


def test_restore_never_replaces_an_existing_destination(good: Path, tmp_path: Path) -> None:
    target = tmp_path / "exists.advocate"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(BackupDestinationExistsError, match="already exists"):
        restore(good, target)
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert leftovers(tmp_path, "exists.advocate") == ["exists.advocate"]


# --- truncation and flipped bytes ------------------------------------------------------------


def _truncation_offsets(layout: dict[str, int]) -> list[int]:
    key, data, end = layout["key"], layout["data"], layout["end"]
    size = layout["data_size"]
    payload = data + 200  # past data.age's age header
    offsets = {0, 1, 100, 257, BLOCK - 1, key, key + 1, key + 50, key + layout["key_size"] // 2,
               key + layout["key_size"] - 1, layout["data_header"], layout["data_header"] + 124,
               data - 1, data, data + 10, data + 60, data + 150, payload, payload + 16}
    offsets |= {payload + i * (size - 400) // 20 for i in range(1, 20)}  # the chunks
    last = data + size
    offsets |= {last - 16, last - 17, last - 1000, last - 1, last, end, end + 512, end + 1023}
    return sorted(offsets)


def test_truncated_at_forty_offsets(good: Path, tmp_path: Path) -> None:
    layout = _layout(good)
    original = good.read_bytes()
    offsets = _truncation_offsets(layout)
    assert len(offsets) >= 40
    for offset in offsets:
        path = _write(tmp_path, original[:offset], f"cut-{offset}.bak")
        try:
            refused(path, tmp_path)
        except BaseException as exc:
            raise AssertionError(f"truncated at {offset}: {exc!r}") from exc
        path.unlink()


def _flip_offsets(layout: dict[str, int], size: int) -> list[int]:
    key, data, end = layout["key"], layout["data"], layout["end"]
    last = data + layout["data_size"]
    offsets = {0, 5, 100, 124, 130, 148, 156, 257, 300, BLOCK - 1,  # key.age's tar header
               key, key + 3, key + 22, key + 35, key + 60, key + 100, key + 130,  # its age header
               key + layout["key_size"] - 20, key + layout["key_size"] - 1,  # its payload
               key + layout["key_size"],  # the padding after it
               layout["data_header"], layout["data_header"] + 130,  # data.age's tar header
               data, data + 25, data + 40, data + 90, data + 140, data + 170,  # its age header
               last - 1, last - 10, last - 20, last - 70000, end - 1, end + 5, size - 1}
    offsets |= {data + 200 + i * (layout["data_size"] - 400) // 15 for i in range(16)}
    return sorted(o for o in offsets if o < size)


def test_one_byte_flipped_anywhere(good: Path, tmp_path: Path) -> None:
    original = good.read_bytes()
    offsets = _flip_offsets(_layout(good), len(original))
    assert len(offsets) >= 45
    for offset in offsets:
        flipped = bytearray(original)
        flipped[offset] ^= 0x01
        path = _write(tmp_path, bytes(flipped), f"flip-{offset}.bak")
        try:
            refused(path, tmp_path)
        except BaseException as exc:
            raise AssertionError(f"flipped at {offset}: {exc!r}") from exc
        path.unlink()


def test_trailing_data_after_the_archive_is_refused(good: Path, tmp_path: Path) -> None:
    refused(_write(tmp_path, good.read_bytes() + b"x"), tmp_path, BackupDamagedError)
    padded = good.read_bytes() + end_of_archive(0) * 4
    refused(_write(tmp_path, padded), tmp_path, NotABackupError)


def test_a_record_with_a_negative_rowid_is_checked_too(good_members: Members,
                                                      tmp_path: Path) -> None:
    """Restore walks the loaded records in slices by rowid to check each one decodes; the walk
    started above -1, so a row the dump placed below it escaped the check."""
    members = list(good_members)
    info, sql = members[1]
    first = next(line for line in sql.split(b"\n") if line.startswith(b"INSERT INTO records"))
    head, rest = first.split(b"(", 1)
    _, rest = rest.split(b",", 1)  # the rowid
    _, rest = rest.split(b",", 1)  # the id
    kind, rest = rest.split(b",", 1)
    assert kind == b"'case'", first
    broken = head + b"(-7,'not-a-record'," + kind + b",NULL,'','','2024','2024','{}');"
    members[1] = regular(info.name, sql.replace(b"COMMIT;\n", broken + b"\nCOMMIT;\n"))
    target = tmp_path / "restored.advocate"
    with pytest.raises(BackupDamagedError) as caught:
        restore(_rebuilt(tmp_path, members, rehash=True, manifest=_add_case), target,
                passphrase=BACKUP_PASSPHRASE)
    assert not target.exists()
    assert "not-a-record" in str(caught.value.params), caught.value.params
