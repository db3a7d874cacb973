"""The process that gets killed: runs one scenario of store operations, many times, SIGKILLed.

Run by tests/hardening/test_hard_crash.py as::

    python crash_child.py SCENARIO WORK_DIR POINTS_JSON

``WORK_DIR/template`` holds what the scenario starts from (a vault, input files). For every kill
point this driver copies the template to ``WORK_DIR/p<N>``, forks, and the forked process runs the
scenario there and is killed with SIGKILL:

- ``sql``: at the N-th call of SQLite's progress handler (every ``SQL_STEP`` virtual-machine
  instructions, on every connection the vault opens, migrations included);
- ``os``: just before the N-th file-system call of the operations (``open`` of a new file,
  ``fsync``, ``replace``/``rename``, ``unlink``, a folder fsync);
- ``timer``: by this driver, N microseconds after the scenario started its operations, wherever
  the process is (inside SQLite's commit, between two ``pwrite`` calls of the WAL, in the KDF);
- ``none``: not killed by the driver (a calibration run that counts the events above, or a run
  killed from outside, e.g. by strace's fault injection at a chosen system call).

Before each operation the scenario appends a ``B`` line to ``p<N>/log`` (what it is about to do,
with the content it intends), and after the operation returned a ``C`` line (committed). Lines are
written with ``os.write`` on an ``O_APPEND`` descriptor, so what was written survives the kill. The
driver prints one JSON line per point: ``{"id", "status": killed|completed|failed, "counts"}``.
The parent test then opens every ``p<N>`` vault and checks it against the log.

Everything a scenario needs to be checked (fingerprints, the extra migration) is importable from
here by the test.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advocate.model import Case, Note, PartialDate, Person, Threat
from advocate.model.codec import to_dict
from advocate.model.records import Record, new_id
from advocate.store import Store
from advocate.store.audit import canonical_json
from advocate.store.schema import MIGRATIONS
from advocate.vault import KdfParams, Migration

PASSPHRASE = "hardening — пароль Ақжол"
SQL_STEP = 10  # SQLite virtual-machine instructions between two progress-handler calls
VAULT = "v.advocate"
BACKUP_PASSPHRASE = "backup — пароль сақтық"
RESTORED_PASSPHRASE = "restored — жаңа пароль"


def passphrase(i: int) -> str:
    """The i-th passphrase of the passphrase-change scenario (0 is the vault's original)."""
    return PASSPHRASE if i == 0 else f"{PASSPHRASE} #{i} — жаңа"


def fingerprint(record: Record) -> str:
    """SHA-256 of a record's content without the timestamps the store sets."""
    data = {k: v for k, v in to_dict(record).items() if k not in ("created", "updated")}
    return hashlib.sha256(canonical_json(data)).hexdigest()


# --- the extra migration of the migration scenario ---------------------------------------------


def _migration_2(conn: Any) -> None:
    """A schema step that rewrites every row: enough work to be killed in the middle of."""
    conn.execute("CREATE TABLE hardening_copy (id TEXT PRIMARY KEY, kind TEXT, body TEXT)")
    conn.execute("INSERT INTO hardening_copy SELECT id, kind, data FROM records")
    conn.execute("CREATE INDEX hardening_copy_kind ON hardening_copy (kind, body)")
    conn.execute("ALTER TABLE records ADD COLUMN hardening_flag INTEGER NOT NULL DEFAULT 0")
    conn.execute("UPDATE records SET hardening_flag = 1")


def hardening_migrations() -> tuple[Migration, ...]:
    """The store's migrations plus one more, as a later release would add it."""
    extra = Migration(version=MIGRATIONS[-1].version + 1, description="hardening test step",
                      apply=_migration_2)
    return (*MIGRATIONS, extra)


# --- scenarios ---------------------------------------------------------------------------------


class Log:
    """The B/C lines of one run."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def begin(self, **facts: Any) -> None:
        """About to start an operation."""
        os.write(self.fd, ("B " + json.dumps(facts) + "\n").encode())

    def commit(self, **facts: Any) -> None:
        """The operation returned: it is committed."""
        os.write(self.fd, ("C " + json.dumps(facts) + "\n").encode())


def read_log(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """The (B|C, facts) lines of a run's log (a line cut by the kill is dropped)."""
    out: list[tuple[str, dict[str, Any]]] = []
    if not path.exists():
        return out
    for line in path.read_text().splitlines():
        tag, _, body = line.partition(" ")
        try:
            out.append((tag, json.loads(body)))
        except json.JSONDecodeError:
            continue
    return out


def _case_and_person(store: Store) -> tuple[Case, Person]:
    return store.list_records(Case)[0], store.list_records(Person)[0]


def scenario_records(work: Path, log: Log, started: Callable[[], None]) -> None:
    """Adds, updates, deletes and batches of records, each its own committed operation."""
    store = Store.open(work / VAULT, PASSPHRASE)
    case, person = _case_and_person(store)
    started()
    notes: list[Note] = []
    for i in range(24):
        step = i % 6
        if step in (0, 1):
            note = Note(id=new_id(), case_id=case.id, title=f"note {i}",
                        text=f"Қорқыту хабары {i} " * (40 + 25 * i))
            log.begin(op="add", ids={note.id: fingerprint(note)})
            stored = store.add(note)
            notes.append(stored)
            log.commit(op="add", ids={stored.id: fingerprint(stored)})
        elif step == 2:
            threat = Threat(id=new_id(), case_id=case.id, received=PartialDate(2024, 3, 1 + i),
                            target_ids=[person.id], words=f"Мы вас найдём {i}")
            log.begin(op="add", ids={threat.id: fingerprint(threat)})
            stored_threat = store.add(threat)
            log.commit(op="add", ids={stored_threat.id: fingerprint(stored_threat)})
        elif step == 3 and notes:
            edited = Note(id=notes[-1].id, case_id=case.id, title=f"edited {i}",
                          text=f"Өзгертілген {i} " * 60, created=notes[-1].created)
            log.begin(op="update", ids={edited.id: fingerprint(edited)})
            stored = store.update(edited)
            notes[-1] = stored
            log.commit(op="update", ids={stored.id: fingerprint(stored)})
        elif step == 4 and len(notes) > 1:
            victim = notes.pop(0)
            log.begin(op="delete", ids={victim.id: None})
            store.delete(victim.id)
            log.commit(op="delete", ids={victim.id: None})
        else:
            batch = [Note(id=new_id(), case_id=case.id, title=f"batch {i}.{j}",
                          text=f"Бірге {i}.{j} " * 50) for j in range(3)]
            log.begin(op="add_many", ids={n.id: fingerprint(n) for n in batch})
            stored_batch = store.add_many(list(batch))
            log.commit(op="add_many", ids={n.id: fingerprint(n) for n in stored_batch})
    store.close()


EVIDENCE_SIZES = (300_000, 1_500_000, 64, 2_300_000, 700_000, 1_048_576)


def evidence_bytes(i: int) -> bytes:
    """The deterministic content of the i-th evidence file of the scenario."""
    seed = hashlib.sha256(f"evidence {i}".encode()).digest()
    size = EVIDENCE_SIZES[i % len(EVIDENCE_SIZES)]
    return (seed * (size // len(seed) + 1))[:size]


def scenario_evidence(work: Path, log: Log, started: Callable[[], None]) -> None:
    """Evidence intake, one file after another (1 to 3 chunks each)."""
    store = Store.open(work / VAULT, PASSPHRASE)
    case, _ = _case_and_person(store)
    started()
    for i in range(len(EVIDENCE_SIZES)):
        data = evidence_bytes(i)
        sha = hashlib.sha256(data).hexdigest()
        log.begin(op="evidence", sha256=sha)
        item = store.add_evidence(case.id, io.BytesIO(data), original_name=f"фото {i}.jpg")
        log.commit(op="evidence", id=item.id, sha256=item.sha256)
    store.close()


PASSWD_CHANGES = 8


def scenario_passwd(work: Path, log: Log, started: Callable[[], None]) -> None:
    """Passphrase changes, one after another: passphrase(0) -> passphrase(1) -> …"""
    store = Store.open(work / VAULT, PASSPHRASE)
    started()
    for i in range(1, PASSWD_CHANGES + 1):
        log.begin(op="passwd", to=i)
        store.vault.change_passphrase(passphrase(i))
        log.commit(op="passwd", to=i)
    store.close()


ROTATIONS = 4


def scenario_rotate(work: Path, log: Log, started: Callable[[], None]) -> None:
    """Master-key rotations, one after another (each re-encrypts every page)."""
    store = Store.open(work / VAULT, PASSPHRASE)
    started()
    for i in range(1, ROTATIONS + 1):
        log.begin(op="rotate", to=i)
        store.vault.rotate_master_key(PASSPHRASE)
        log.commit(op="rotate", to=i)
    store.close()


def scenario_migrate(work: Path, log: Log, started: Callable[[], None]) -> None:
    """Open a vault one schema version behind (migrating it), then add records."""
    import advocate.store.store as store_module

    store_module.MIGRATIONS = hardening_migrations()  # type: ignore[misc]
    started()
    log.begin(op="migrate")
    store = Store.open(work / VAULT, PASSPHRASE)
    log.commit(op="migrate")
    case, _ = _case_and_person(store)
    for i in range(3):
        note = Note(id=new_id(), case_id=case.id, title=f"after {i}", text="после миграции")
        log.begin(op="add", ids={note.id: fingerprint(note)})
        stored = store.add(note)
        log.commit(op="add", ids={stored.id: fingerprint(stored)})
    store.close()


def scenario_create(work: Path, log: Log, started: Callable[[], None]) -> None:
    """Create a vault (the schema migration included), then add records."""
    started()
    log.begin(op="create")
    store, _ = Store.create(work / VAULT, PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    log.commit(op="create")
    case = Case(id=new_id(), reference="NEW-1", title="Жаңа іс")
    log.begin(op="add", ids={case.id: fingerprint(case)})
    stored = store.add(case)
    log.commit(op="add", ids={stored.id: fingerprint(stored)})
    store.close()


def scenario_backup(work: Path, log: Log, started: Callable[[], None]) -> None:
    """Write a backup of the vault to backup.advocate-backup."""
    from advocate.backup import write_backup

    store = Store.open(work / VAULT, PASSPHRASE)
    started()
    log.begin(op="backup")
    write_backup(store, work / "out" / "backup.advocate-backup", BACKUP_PASSPHRASE)
    log.commit(op="backup")
    store.close()


def scenario_restore(work: Path, log: Log, started: Callable[[], None]) -> None:
    """Restore the template's backup into a new vault."""
    from advocate.backup import restore_backup

    started()
    log.begin(op="restore")
    restore_backup(work / "backup.advocate-backup", BACKUP_PASSPHRASE, work / "restored.advocate",
                   RESTORED_PASSPHRASE, kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True)
    log.commit(op="restore")


SCENARIOS: dict[str, Callable[[Path, Log, Callable[[], None]], None]] = {
    "records": scenario_records,
    "evidence": scenario_evidence,
    "passwd": scenario_passwd,
    "rotate": scenario_rotate,
    "migrate": scenario_migrate,
    "create": scenario_create,
    "backup": scenario_backup,
    "restore": scenario_restore,
}


# --- the hooks that kill -----------------------------------------------------------------------


class Hooks:
    """Counts SQL progress calls and file-system calls; SIGKILLs at the chosen one."""

    def __init__(self, hook: str, n: int, work: Path) -> None:
        self.hook, self.n, self.work = hook, n, str(work)
        self.counts = {"sql": 0, "os": 0}
        self.armed = False

    def _tick(self, kind: str) -> None:
        if not self.armed:
            return
        self.counts[kind] += 1
        if kind == self.hook and self.counts[kind] == self.n:
            os.kill(os.getpid(), signal.SIGKILL)

    def install(self) -> None:
        """Wrap the vault's connections and the os functions the store's writes go through."""
        import advocate.vault.atomic as atomic
        import advocate.vault.database as database

        opened = database.open_database

        def open_database(*args: Any, **kwargs: Any) -> Any:
            db = opened(*args, **kwargs)
            db.connection.set_progress_handler(lambda: self._tick("sql") or 0, SQL_STEP)
            return db

        database.open_database = open_database  # type: ignore[assignment]

        def counted(func: Callable[..., Any], path_arg: bool) -> Callable[..., Any]:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                if not path_arg or (args and str(args[0]).startswith(self.work)):
                    self._tick("os")
                return func(*args, **kwargs)
            return wrapper

        real_open = os.open

        def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> Any:
            if flags & os.O_CREAT and str(path).startswith(self.work):
                self._tick("os")
            return real_open(path, flags, *args, **kwargs)

        os.open = os_open  # type: ignore[assignment]
        os.fsync = counted(os.fsync, False)  # type: ignore[assignment]
        os.replace = counted(os.replace, True)  # type: ignore[assignment]
        os.rename = counted(os.rename, True)  # type: ignore[assignment]
        os.unlink = counted(os.unlink, True)  # type: ignore[assignment]
        atomic.fsync_directory = counted(atomic.fsync_directory, True)  # type: ignore[assignment]


# --- the driver --------------------------------------------------------------------------------


def _run_point(scenario: str, work_dir: Path, point: dict[str, Any]) -> dict[str, Any]:
    dest = work_dir / f"p{point['id']}"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(work_dir / "template", dest, symlinks=True)
    ready_r, ready_w = os.pipe()
    counts_r, counts_w = os.pipe()
    started_at = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the process that gets killed
        code = 0
        try:
            os.close(ready_r)
            os.close(counts_r)
            hooks = Hooks(point["hook"], int(point.get("n", 0)), dest)
            hooks.install()
            log = Log(dest / "log")

            began: list[float] = []

            def started() -> None:
                hooks.armed = True
                began.append(time.monotonic())
                os.write(ready_w, b"R")

            SCENARIOS[scenario](dest, log, started)
            elapsed = time.monotonic() - began[0] if began else 0.0
            os.write(counts_w, json.dumps({**hooks.counts, "us": int(elapsed * 1e6)}).encode())
        except BaseException:
            (dest / "error.txt").write_text(traceback.format_exc())
            code = 3
        finally:
            os._exit(code)
    os.close(ready_w)
    os.close(counts_w)
    if point["hook"] == "timer":
        if os.read(ready_r, 1) == b"R":
            time.sleep(int(point["n"]) / 1e6)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    _, status = os.waitpid(pid, 0)
    raw = b""
    while chunk := os.read(counts_r, 4096):
        raw += chunk
    os.close(ready_r)
    os.close(counts_r)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        result = "killed"
    elif os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        result = "completed"
    else:
        result = "failed"
    return {"id": point["id"], "hook": point["hook"], "n": point.get("n", 0), "status": result,
            "counts": json.loads(raw) if raw else None,
            "seconds": round(time.monotonic() - started_at, 3)}


def main(argv: list[str]) -> int:
    """Run every kill point of one scenario; one JSON line per point on standard output."""
    scenario, work_dir, points = argv[0], Path(argv[1]), json.loads(argv[2])
    for point in points:
        print(json.dumps(_run_point(scenario, work_dir, point)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
