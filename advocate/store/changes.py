"""Change notices: what each committed write changed, for a front end to refresh only that.

Every record written, replaced or deleted is noted by the repository as it happens; the notes of
one transaction (a single ``add``, or everything inside ``store.batch()``) are delivered together,
after COMMIT, to every subscriber, as one :class:`ChangeSet`. A transaction that rolls back
delivers nothing, and the notes of a nested part that rolled back (a savepoint) are dropped with
it. Subscribers are plain callables (no Qt): the app turns a notice into a signal. They are called
on the thread that owns the store, after the data is committed, so a reader opened afterwards sees
it; an exception in a subscriber does not undo the write (it is already committed) and does not
stop the others from being told.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlcipher3

from advocate.model.records import utc_now
from advocate.store.listing import refresh_case_rows


@dataclass(frozen=True, slots=True)
class Change:
    """One record added, updated or deleted."""

    op: str  # "add", "update" or "delete"
    kind: str  # a record kind, or "issued_report" (id = its verification code)
    id: str
    case_id: str | None


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Everything one committed transaction changed."""

    changes: tuple[Change, ...]

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of record that changed."""
        return frozenset(c.kind for c in self.changes)

    @property
    def ids(self) -> frozenset[str]:
        """The ids of the records that changed."""
        return frozenset(c.id for c in self.changes)

    @property
    def case_ids(self) -> frozenset[str]:
        """The cases a change touched (a case's own change included)."""
        return frozenset(c.case_id for c in self.changes if c.case_id)

    def of(self, op: str) -> tuple[Change, ...]:
        """The changes of one kind of operation."""
        return tuple(c for c in self.changes if c.op == op)


Subscriber = Callable[[ChangeSet], None]


@dataclass
class ChangeTracker:
    """Collects a transaction's changes and delivers them after COMMIT (the vault's hooks).

    It also keeps the case list up to date: before COMMIT, the rows of the cases touched are
    recomputed once (not once per record, which would slow an import of thousands).
    """

    conn: sqlcipher3.Connection
    pending: list[Change] = field(default_factory=list)
    subscribers: list[Subscriber] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, op: str, kind: str, record_id: str, case_id: str | None) -> None:
        """Note one change (the repository calls this inside the transaction)."""
        self.pending.append(Change(op, kind, record_id, case_id))

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback(changes)`` after every commit that changed records; returns the
        function that unsubscribes."""
        with self._lock:
            self.subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self.subscribers:
                    self.subscribers.remove(callback)
        return unsubscribe

    # --- the vault's transaction hooks -------------------------------------------------------

    def begin(self) -> None:
        """A transaction starts: nothing pending."""
        self.pending.clear()

    def mark(self) -> int:
        """A savepoint starts: where its changes begin."""
        return len(self.pending)

    def rewind(self, mark: int) -> None:
        """A savepoint rolled back: forget its changes."""
        del self.pending[mark:]

    def before_commit(self) -> None:
        """Recompute the case-list rows of the cases touched (inside the transaction)."""
        touched = sorted({c.case_id for c in self.pending if c.case_id})
        if touched:
            refresh_case_rows(self.conn, touched, utc_now())

    def committed(self) -> None:
        """Deliver the changes to every subscriber."""
        changes, self.pending = tuple(self.pending), []
        if not changes:
            return
        notice = ChangeSet(changes)
        with self._lock:
            subscribers = list(self.subscribers)
        for callback in subscribers:
            try:
                callback(notice)
            except Exception as exc:
                # note: kept for the owner to inspect (tests do); a subscriber's bug must not
                # make a committed write look failed to the caller.
                self.errors.append(exc)

    def rolled_back(self) -> None:
        """The transaction rolled back: nothing to tell."""
        self.pending.clear()
