"""Full disk, I/O errors, read-only media: a clear StorageError, vault and destination as before.

Three ways of making the disk refuse, each over the same operations (adding records, evidence
intake, import, evidence export, JSON export, passphrase change, creating a vault):

- a real full file system: a 4 MiB tmpfs, filled up (skipped where mounting is not permitted);
- a real error from the kernel interface: ``strace -e inject=`` makes SQLite's own ``pwrite`` or
  ``fsync`` of the WAL return EIO or ENOSPC (skipped where strace is missing);
- the always-available twin: Python's ``os.fsync``/``os.fdopen`` and SQLite's results replaced by
  failing ones (monkeypatch).

After each failure: the error is ``StorageError`` (the CLI prints it as one line) whose message says
what to do; the vault holds exactly what it held (bytes of the closed vault, or its logical
content where SQLite legitimately left uncommitted frames), and ``verify`` passes; a destination
folder has no new file, not even a partial one.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

import advocate.vault.database as database_module
from advocate.errors import StorageError, VaultExistsError
from advocate.model import Case, Note, Person
from advocate.store import Store
from advocate.store.interchange import import_document, write_export

from . import fault_child
from .conftest import PASSPHRASE, child_env, fill, make_store, remount, snapshot, tmpfs

ADVICE = ("free some disk space", "check the drive", "check the disk", "writable")


def assert_clear(error: StorageError) -> None:
    """A StorageError whose message says what to do."""
    text = error.message.lower()
    assert any(advice in text for advice in ADVICE), error.message
    assert "\n" not in error.message


def logical(vault: Path, passphrase: str = PASSPHRASE) -> dict[str, Any]:
    """What the vault holds, independent of how SQLite laid it out in its files."""
    with Store.open(vault, passphrase) as store:
        conn = store.vault.connection
        report = store.verify()
        assert report.ok, report.problems
        return {
            "records": conn.execute("SELECT id, data FROM records ORDER BY id").fetchall(),
            "audit": conn.execute("SELECT hash FROM audit ORDER BY seq").fetchall(),
            "chunks": conn.execute("SELECT evidence_id, seq, length(data) FROM evidence_chunks "
                                   "ORDER BY evidence_id, seq").fetchall(),
            "header": (vault / "vault.json").read_bytes(),
        }


def seeded(path: Path) -> Path:
    """A closed vault with a case, a person and a small evidence file."""
    with make_store(path) as store:
        case = store.add(Case(reference="FULL-1", title="Дело"))
        store.add(Person(full_name="Әлия Сейітқызы"))
        store.add_evidence(case.id, io.BytesIO(b"%PDF-1.4 letter" * 100), original_name="хат.pdf")
    return path


def big_note(case: Case, size: int = 300_000) -> Note:
    return Note(case_id=case.id, title="long", text=("Қорқыту " * (size // 8))[:size])


def blob(size: int) -> io.BytesIO:
    return io.BytesIO((os.urandom(64) * (size // 64 + 1))[:size])


# --- a real full disk (tmpfs) ------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, small tmpfs (4 MiB: a seeded vault of 16 KiB pages takes about 0.5 MiB)."""
    with tmpfs(tmp_path / "disk", "4m") as folder:
        yield folder


def _full_disk_writes(vault: Path, operation: Callable[[Store, Case], object]) -> None:
    """Fill the disk, run the operation: StorageError, and the closed vault byte for byte."""
    before = snapshot(vault)
    store = Store.open(vault, PASSPHRASE)
    filler = fill(vault.parent)
    try:
        case = store.list_records(Case)[0]
        with pytest.raises(StorageError) as caught:
            operation(store, case)
        assert_clear(caught.value)
    finally:
        filler.unlink()
        store.close()
    assert snapshot(vault) == before
    logical(vault)  # opens and verifies


@pytest.mark.parametrize("operation", [
    pytest.param(lambda s, c: s.add(big_note(c)), id="add-record"),
    pytest.param(lambda s, c: s.add_many([big_note(c, 100_000) for _ in range(4)]),
                 id="add-many"),
    pytest.param(lambda s, c: s.add_evidence(c.id, blob(600_000), original_name="a.jpg"),
                 id="evidence-small"),
    # larger than SQLite's page cache: pages spill to the WAL before COMMIT (the bug fixed in
    # Vault.transaction)
    pytest.param(lambda s, c: s.add_evidence(c.id, blob(12_000_000), original_name="v.mp4"),
                 id="evidence-spills"),
    pytest.param(lambda s, c: _batched(s, c), id="batch-savepoint"),
    pytest.param(lambda s, c: s.vault.change_passphrase("новый пароль"), id="passphrase"),
])
def test_real_full_disk_leaves_vault_as_it_was(small_disk: Path,
                                               operation: Callable[[Store, Case], object]) -> None:
    vault = seeded(small_disk / "v.advocate")
    _full_disk_writes(vault, operation)


def _batched(store: Store, case: Case) -> None:
    with store.batch():
        store.add(Note(case_id=case.id, title="first", text="бірінші"))
        store.add_evidence(case.id, blob(12_000_000), original_name="big.bin")


def test_real_full_disk_rejects_import_whole(small_disk: Path, tmp_path: Path) -> None:
    vault = seeded(small_disk / "v.advocate")
    source = tmp_path / "source.advocate"
    with make_store(source) as other:
        case = other.add(Case(reference="IMP-1", title="Импорт"))
        other.add_evidence(case.id, blob(6_000_000), original_name="big.bin")
        document = tmp_path / "doc.json"
        write_export(other, document)
    _full_disk_writes(vault, lambda s, c: import_document(s, document))


@pytest.mark.parametrize("what", ["evidence", "json"])
def test_real_full_destination_leaves_no_file(small_disk: Path, tmp_path: Path,
                                              what: str) -> None:
    with make_store(tmp_path / "v.advocate") as store:
        case = store.add(Case(reference="EXP-1", title="Экспорт"))
        item = store.add_evidence(case.id, blob(6_000_000), original_name="видео.mp4")
        (small_disk / "already.txt").write_text("the user's own file")
        before = snapshot(small_disk)
        with pytest.raises(StorageError) as caught:
            if what == "evidence":
                store.export_evidence(item.id, small_disk)
            else:
                write_export(store, small_disk / "export.json")
        assert_clear(caught.value)
        assert snapshot(small_disk) == before
        assert store.verify().ok


def test_real_full_disk_vault_creation_leaves_nothing(small_disk: Path) -> None:
    filler = fill(small_disk, leave=48 * 1024)  # room for the folder, not for the schema
    try:
        before = snapshot(small_disk)
        with pytest.raises(StorageError) as caught:
            make_store(small_disk / "new.advocate")
        assert_clear(caught.value)
        assert snapshot(small_disk) == before
        assert not (small_disk / "new.advocate").exists()
    finally:
        filler.unlink()
    make_store(small_disk / "new.advocate").close()  # and the name is free for a second try


# --- read-only media ---------------------------------------------------------------------------


def test_real_read_only_medium(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "usb", "4m") as usb:
        vault = seeded(usb / "v.advocate")
        before = snapshot(usb)
        remount(usb, "ro")
        for attempt in (lambda: Store.open(vault, PASSPHRASE),
                        lambda: Store.open(vault, PASSPHRASE, read_only=True),
                        lambda: make_store(usb / "new.advocate")):
            with pytest.raises(StorageError) as caught:
                attempt()
            assert "read-only" in caught.value.message.lower()
        with make_store(tmp_path / "here.advocate") as store:
            case = store.add(Case(reference="RO-1", title="Дело"))
            item = store.add_evidence(case.id, blob(10_000), original_name="a.png")
            for export in (lambda: store.export_evidence(item.id, usb),
                           lambda: write_export(store, usb / "e.json")):
                with pytest.raises(StorageError) as caught:
                    export()
                assert_clear(caught.value)
        assert snapshot(usb) == before
        remount(usb, "rw")
        assert logical(vault)["records"]


# --- real I/O errors inside SQLite (strace fault injection) ------------------------------------


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    return subprocess.run(["strace", "-f", "-qq", "-o", "/dev/null", "true"],
                          capture_output=True).returncode == 0


FAULTS = [("pwrite64,write", "EIO"), ("fsync,fdatasync", "EIO"), ("pwrite64,write", "ENOSPC")]
OPERATIONS = [("add", ""), ("evidence", "300000"), ("evidence", "5000000"), ("import", "doc")]


@pytest.mark.skipif(not _strace_works(), reason="strace (with ptrace permitted) is not here")
@pytest.mark.parametrize("syscalls,code", FAULTS, ids=[f"{s}-{c}" for s, c in FAULTS])
@pytest.mark.parametrize("operation,argument", OPERATIONS,
                         ids=[f"{o}{a if a != 'doc' else ''}" for o, a in OPERATIONS])
def test_injected_io_error_in_sqlite(tmp_path: Path, syscalls: str, code: str, operation: str,
                                     argument: str) -> None:
    vault = seeded(tmp_path / "v.advocate")
    if argument == "doc":
        with make_store(tmp_path / "src.advocate") as other:
            other.add(Case(reference="IMP-2", title="Импорт", summary="Түйін " * 5000))
            argument = str(tmp_path / "doc.json")
            write_export(other, Path(argument))
    content = logical(vault)
    before = snapshot(vault)
    wal = vault / "vault.db-wal"
    done = subprocess.run(
        ["strace", "-f", "-qq", "-o", "/dev/null", "-P", str(wal), "-e", f"trace={syscalls}",
         "-e", f"inject={syscalls}:error={code}", sys.executable, fault_child.__file__,
         operation, str(vault), argument],
        capture_output=True, text=True, env=child_env(), timeout=120)
    lines = done.stdout.splitlines()
    assert lines and lines[0] == "open", done.stderr[-2000:]
    result = json.loads(lines[1])
    assert result["ok"] is False and result["error"] == "StorageError", result
    assert any(a in result["message"].lower() for a in ADVICE)
    assert logical(vault) == content
    assert snapshot(vault) == before


# --- the always-available twins (monkeypatch) --------------------------------------------------


def _oserror(code: int) -> OSError:
    return OSError(code, os.strerror(code))


class _FailingFile:
    """A file object whose writes fail (as on a full or broken disk)."""

    def __init__(self, inner: Any, code: int) -> None:
        self._inner, self._code = inner, code

    def write(self, data: Any) -> int:
        raise _oserror(self._code)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def inject_os(monkeypatch: pytest.MonkeyPatch, where: str, code: int) -> None:
    """Make every ``os.fsync`` (where='fsync') or file write (where='write') fail with ``code``."""
    if where == "fsync":
        def failing_fsync(fd: int) -> None:
            raise _oserror(code)
        monkeypatch.setattr(os, "fsync", failing_fsync)
    else:
        real_fdopen = os.fdopen

        def failing_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            return _FailingFile(real_fdopen(fd, *args, **kwargs), code)
        monkeypatch.setattr(os, "fdopen", failing_fdopen)


OS_FAULTS = [("fsync", errno.EIO), ("fsync", errno.ENOSPC), ("write", errno.EIO),
             ("write", errno.ENOSPC)]
OS_IDS = [f"{w}-{errno.errorcode[c]}" for w, c in OS_FAULTS]


@pytest.mark.parametrize("where,code", OS_FAULTS, ids=OS_IDS)
def test_twin_passphrase_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str,
                                code: int) -> None:
    vault = seeded(tmp_path / "v.advocate")
    before = snapshot(vault)
    with Store.open(vault, PASSPHRASE) as store:
        with monkeypatch.context() as patch:
            inject_os(patch, where, code)
            with pytest.raises(StorageError) as caught:
                store.vault.change_passphrase("новый пароль")
        assert_clear(caught.value)
    assert snapshot(vault) == before
    Store.open(vault, PASSPHRASE).close()  # the old passphrase still opens


@pytest.mark.parametrize("where,code", OS_FAULTS, ids=OS_IDS)
@pytest.mark.parametrize("what", ["evidence", "json"])
def test_twin_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, code: int,
                     what: str) -> None:
    vault = seeded(tmp_path / "v.advocate")
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(vault)
    with Store.open(vault, PASSPHRASE, read_only=True) as store:
        item_id = store.vault.connection.execute(
            "SELECT id FROM records WHERE kind = 'evidence'").fetchone()[0]
        with monkeypatch.context() as patch:
            inject_os(patch, where, code)
            with pytest.raises(StorageError) as caught:
                if what == "evidence":
                    store.export_evidence(item_id, out)
                else:
                    write_export(store, out / "e.json")
        assert_clear(caught.value)
    assert list(out.iterdir()) == []
    assert snapshot(vault) == before


@pytest.mark.parametrize("where,code", OS_FAULTS, ids=OS_IDS)
def test_twin_vault_creation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str,
                             code: int) -> None:
    with monkeypatch.context() as patch:
        inject_os(patch, where, code)
        with pytest.raises(StorageError) as caught:
            make_store(tmp_path / "new.advocate")
    assert_clear(caught.value)
    assert list(tmp_path.iterdir()) == []


SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC, SQLITE_FULL = 778, 1034, 13


class _FailingConnection:
    """A connection whose chosen statement fails as SQLite does when the disk refuses."""

    def __init__(self, inner: Any, statement: str, code: int) -> None:
        self._inner, self._statement, self._code = inner, statement, code

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith(self._statement):
            error = sqlcipher3.OperationalError(
                "database or disk is full" if self._code == SQLITE_FULL else "disk I/O error")
            error.sqlite_errorcode = self._code  # type: ignore[attr-defined]
            raise error
        return self._inner.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


SQL_FAULTS = [("COMMIT", SQLITE_IOERR_FSYNC), ("COMMIT", SQLITE_FULL),
              ("INSERT INTO evidence_chunks", SQLITE_IOERR_WRITE),
              ("INSERT INTO records", SQLITE_FULL), ("INSERT INTO audit", SQLITE_IOERR_WRITE)]


SQL_CASES = [(op, st, c) for op in ("add", "evidence", "batch") for st, c in SQL_FAULTS
             if not (op == "add" and "evidence" in st)]  # a plain record has no chunks


@pytest.mark.parametrize("operation,statement,code", SQL_CASES,
                         ids=[f"{o}-{s.split()[-1]}-{c}" for o, s, c in SQL_CASES])
def test_twin_sqlite_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, operation: str,
                             statement: str, code: int) -> None:
    vault = seeded(tmp_path / "v.advocate")
    content = logical(vault)
    opened = database_module.open_database

    def failing_open(*args: Any, **kwargs: Any) -> Any:
        db = opened(*args, **kwargs)
        db.connection = _FailingConnection(db.connection, statement, code)
        return db

    with monkeypatch.context() as patch:
        patch.setattr(database_module, "open_database", failing_open)
        with Store.open(vault, PASSPHRASE) as store:
            case = store.list_records(Case)[0]
            with pytest.raises(StorageError) as caught:
                if operation == "add":
                    store.add(Note(case_id=case.id, title="n", text="жазба"))
                elif operation == "evidence":
                    store.add_evidence(case.id, blob(100_000), original_name="a.bin")
                else:
                    with store.batch():
                        store.add(Note(case_id=case.id, title="n", text="жазба"))
                        store.add_evidence(case.id, blob(100_000), original_name="a.bin")
            assert_clear(caught.value)
    assert logical(vault) == content


def test_cli_prints_storage_error_as_one_line(small_disk: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """``advocate evidence add`` on a full disk: exit 1, one line that says what to do."""
    from advocate.cli.main import main

    vault = seeded(small_disk / "v.advocate")
    source = tmp_path / "video.mp4"
    source.write_bytes(os.urandom(4_000_000))
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    code = main(["evidence", "add", str(vault), str(source), "--case", "FULL-1"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Free some disk space" in err


def test_existing_folder_is_not_overwritten(tmp_path: Path) -> None:
    """Creating a vault where a folder with files exists refuses and touches nothing."""
    target = tmp_path / "v.advocate"
    target.mkdir()
    (target / "notes.txt").write_text("someone's file")
    before = snapshot(target)
    with pytest.raises(VaultExistsError):
        make_store(target)
    assert snapshot(target) == before
