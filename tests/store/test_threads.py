"""One owner of the write connection, and readers that see only committed data (real threads).

The bug these protect against (issue 9): a ``Store.add`` from a second thread while the owner's
evidence intake held a transaction open became a savepoint inside it, and cancelling the intake
silently lost the note that ``add`` had already returned.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest

from advocate.backup import write_backup
from advocate.errors import Cancelled, ReaderClosedError, WrongThreadError
from advocate.model import Note
from advocate.store import ListQuery, Store

from ..conftest import PASSPHRASE
from .factories import Factory

T = TypeVar("T")
WAIT = 20.0  # seconds: generous on a shared machine, never reached when things work


@pytest.fixture
def owner(store: Store) -> Iterator[ThreadPoolExecutor]:
    """A single worker thread that owns the store, as the desktop app's worker does."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-owner")
    store.release_thread()
    pool.submit(store.bind_to_current_thread).result(WAIT)
    yield pool
    pool.submit(store.release_thread).result(WAIT)
    pool.shutdown()
    store.bind_to_current_thread()  # back to this thread, which closes it


def on_thread(fn: Callable[[], T]) -> T:
    """Run ``fn`` on a new thread and return what it returned (or raise what it raised)."""
    result: Future[T] = Future()

    def run() -> None:
        try:
            result.set_result(fn())
        except BaseException as exc:
            result.set_exception(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(WAIT)
    return result.result(0)


class PausingSource(io.RawIOBase):
    """A file that gives one chunk, then waits until released (evidence intake mid-way)."""

    def __init__(self) -> None:
        self.reading = threading.Event()
        self.release = threading.Event()
        self._sent = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self._sent += 1
        if self._sent == 1:
            return b"%PDF-1.4 first chunk"
        if self._sent > 2:
            return b""
        self.reading.set()
        self.release.wait(WAIT)
        return b"more bytes"


def note(case_id: str, title: str = "Звонок из акимата") -> Note:
    return Note(case_id=case_id, title=title, text="Перезвонили в 10:30.")


def test_a_call_from_another_thread_raises_instead_of_nesting(store: Store, make: Factory) -> None:
    case = make.case()
    with pytest.raises(WrongThreadError) as raised:
        on_thread(lambda: store.add(note(case.id)))
    assert raised.value.code == "store.wrong_thread" and raised.value.params == {"action": "add"}
    with pytest.raises(WrongThreadError):
        on_thread(lambda: store.vault.transaction().__enter__())
    assert store.count(Note) == 0


def test_reads_from_another_thread_are_refused_too(store: Store, make: Factory) -> None:
    case = make.case()
    with pytest.raises(WrongThreadError):
        on_thread(lambda: store.get(case.id, type(case)))


def test_a_note_written_during_a_cancelled_intake_is_kept(
        store: Store, make: Factory, owner: ThreadPoolExecutor) -> None:
    case = owner.submit(make.case).result(WAIT)
    source, cancel = PausingSource(), threading.Event()
    intake = owner.submit(store.add_evidence, case.id, source, cancel=cancel)
    assert source.reading.wait(WAIT)  # the intake's transaction is open now
    # A direct call from this thread cannot slip into that transaction ...
    with pytest.raises(WrongThreadError):
        store.add(note(case.id))
    # ... a call through the owner waits its turn and commits on its own.
    added = owner.submit(store.add, note(case.id))
    cancel.set()
    source.release.set()
    with pytest.raises(Cancelled):
        intake.result(WAIT)
    kept = added.result(WAIT)
    assert owner.submit(store.get, kept.id, Note).result(WAIT) == kept
    counts = owner.submit(store.counts).result(WAIT)
    assert counts["note"] == 1 and counts["evidence"] == 0


def test_concurrent_writers_through_the_owner_lose_nothing(
        store: Store, make: Factory, owner: ThreadPoolExecutor) -> None:
    case = owner.submit(make.case).result(WAIT)
    futures: list[Future[Note]] = []
    lock = threading.Lock()

    def producer(n: int) -> None:
        for i in range(15):
            future = owner.submit(store.add, note(case.id, f"Заметка {n}-{i}"))
            with lock:
                futures.append(future)

    threads = [threading.Thread(target=producer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    ids = {f.result(WAIT).id for f in futures}
    stored = owner.submit(store.list_ids, ListQuery(kind="note"), limit=100).result(WAIT)
    assert len(ids) == 60 and set(stored) == ids


def test_a_reader_never_sees_uncommitted_rows(store: Store, make: Factory) -> None:
    case = make.case()
    query = ListQuery(kind="note", case_id=case.id)
    opened = threading.Event()
    ask, answers = threading.Semaphore(0), list[int]()
    done = threading.Event()

    def ui() -> None:  # the reader lives on its own thread, as the UI's does
        with store.reader() as reader:
            opened.set()
            while not done.is_set():
                if ask.acquire(timeout=0.05):
                    answers.append(reader.count_ids(query))

    thread = threading.Thread(target=ui)
    thread.start()
    assert opened.wait(WAIT)

    def count_seen() -> int:
        before = len(answers)
        ask.release()
        for _ in range(int(WAIT / 0.01)):
            if len(answers) > before:
                break
            threading.Event().wait(0.01)
        return answers[-1]

    with store.batch():
        store.add(note(case.id))
        assert count_seen() == 0  # added, not committed
    assert count_seen() == 1
    done.set()
    thread.join(WAIT)


def test_a_reader_belongs_to_the_thread_that_opened_it(store: Store, make: Factory) -> None:
    make.case()
    reader = on_thread(store.reader)
    with pytest.raises(WrongThreadError):
        reader.cases()
    reader.close()
    with pytest.raises(ReaderClosedError):
        reader.cases()


def test_a_reader_is_not_blocked_by_a_backup_or_an_intake(
        store: Store, make: Factory, owner: ThreadPoolExecutor, tmp_path: Path) -> None:
    case = owner.submit(make.case).result(WAIT)
    owner.submit(store.add, note(case.id)).result(WAIT)
    reader = store.reader()
    try:
        # A backup holds a read transaction on the owner's connection for its whole run.
        in_backup, go_on = threading.Event(), threading.Event()

        def progress(done: int, total: int) -> None:
            in_backup.set()
            go_on.wait(WAIT)

        backup = owner.submit(write_backup, store, tmp_path / "b.bak", "backup passphrase 1",
                              progress=progress)
        assert in_backup.wait(WAIT)
        (row,) = reader.cases()
        assert row.id == case.id and reader.count_ids(ListQuery(kind="note")) == 1
        go_on.set()
        backup.result(WAIT)
        # Evidence being taken in holds a write transaction open.
        source = PausingSource()
        intake = owner.submit(store.add_evidence, case.id, source)
        assert source.reading.wait(WAIT)
        assert reader.get_many([case.id])[0].id == case.id
        assert reader.counts()["evidence"] == 0
        source.release.set()
        intake.result(WAIT)
        assert reader.counts()["evidence"] == 1  # committed: seen now
    finally:
        reader.close()


def test_handing_the_store_over_is_refused_during_a_transaction(store: Store) -> None:
    with store.batch(), pytest.raises(WrongThreadError):
        store.release_thread()


def test_ownership_is_handed_over_never_taken(store: Store, make: Factory) -> None:
    with pytest.raises(WrongThreadError):  # this thread is alive and has not let go
        on_thread(store.bind_to_current_thread)
    with pytest.raises(WrongThreadError):
        on_thread(store.release_thread)
    store.release_thread()
    with pytest.raises(WrongThreadError):  # released: nobody may use it until bound
        make.case()
    on_thread(store.bind_to_current_thread)  # that thread owned it, then ended
    store.bind_to_current_thread()
    assert make.case().title


def test_locking_the_store_closes_its_readers(store: Store, make: Factory) -> None:
    make.case()
    reader = store.reader()
    store.close()
    with pytest.raises(ReaderClosedError):
        reader.cases()


def test_a_read_only_store_has_readers_too(store: Store, make: Factory) -> None:
    case = make.case()
    path = store.vault.path
    store.close()
    with Store.open(path, PASSPHRASE, read_only=True) as read_only, read_only.reader() as reader:
        assert [r.id for r in reader.cases()] == [case.id]


def test_a_reader_shows_evidence_from_memory(store: Store, make: Factory) -> None:
    case = make.case()
    evidence = store.add_evidence(case.id, io.BytesIO(b"%PDF-1.4 a scanned complaint"))
    with store.reader() as reader:
        assert reader.evidence_bytes(evidence.id) == b"%PDF-1.4 a scanned complaint"
