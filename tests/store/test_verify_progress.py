"""``verify`` reports progress and can be cancelled like the other long operations."""

from __future__ import annotations

import io
import threading

import pytest

from advocate.errors import Cancelled
from advocate.store import Store

from .factories import Factory


def test_verify_reports_progress_up_to_its_total(store: Store, make: Factory) -> None:
    case = make.case()
    store.add_evidence(case.id, io.BytesIO(b"%PDF-1.4 a scan"))
    steps: list[tuple[int, int]] = []
    assert store.verify(progress=lambda done, total: steps.append((done, total))).ok
    total = 1 + 2 + 1  # the database check, two records, one evidence file
    assert steps[0] == (1, total) and steps[-1] == (total, total)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)


def test_verify_stops_when_cancelled(store: Store, make: Factory) -> None:
    case = make.case()
    for n in range(3):
        store.add_evidence(case.id, io.BytesIO(b"file %d" % n))
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 1 + 4:  # after the records, before the second evidence file
            cancel.set()

    checked: list[int] = []
    with pytest.raises(Cancelled):
        store.verify(progress=lambda d, t: (checked.append(d), progress(d, t)), cancel=cancel)
    assert max(checked) < 1 + 4 + 3  # it did not run to the end
    cancel.clear()
    assert store.verify(cancel=cancel).ok  # nothing was changed by the cancelled run
