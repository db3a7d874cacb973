"""A read view of the vault for a UI while the store's owner runs long work.

``store.reader()`` opens a second SQLCipher connection to the same database with the same key and
``PRAGMA query_only``. In WAL mode it sees what was committed when each of its statements began,
never the owner's open transaction, and the two never wait for each other: evidence being taken
in, a backup or a report reading the vault does not block the list the user scrolls. A reader is
owned by the thread that opened it (``WrongThreadError`` from any other) and offers the store's
read methods (``advocate.store.reads``). Close it (or use it as a context manager) before the
store is closed.
"""

from __future__ import annotations

import threading
from types import TracebackType

from advocate.errors import ReaderClosedError, WrongThreadError
from advocate.store.reads import RecordReads
from advocate.store.repository import RecordRepository
from advocate.store.threads import owned_by_one_thread
from advocate.vault.database import OpenDatabase


@owned_by_one_thread(exempt=frozenset({"close"}))
class StoreReader(RecordReads):
    """Read-only access to a vault's committed records, for one thread."""

    def __init__(self, db: OpenDatabase) -> None:
        self._db: OpenDatabase | None = db
        self._conn = db.connection
        self.records = RecordRepository(self._conn)
        self._owner = threading.get_ident()

    def _check_thread(self, action: str) -> None:
        if self._db is None:
            raise ReaderClosedError()
        if threading.get_ident() != self._owner:
            raise WrongThreadError(action=action)

    def close(self) -> None:
        """Close the reader's connection; safe to call twice (and from the thread that locks)."""
        db, self._db = self._db, None
        if db is not None:
            db.close()

    def __enter__(self) -> StoreReader:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
