"""Store test fixtures."""

from __future__ import annotations

import pytest

from advocate.store import Store

from .factories import Factory


@pytest.fixture
def make(store: Store) -> Factory:
    """A record factory bound to the test's store."""
    return Factory(store)
