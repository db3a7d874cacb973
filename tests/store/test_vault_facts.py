"""The last backup time kept inside the vault (for the dashboard's reminder)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from advocate.store import Store
from advocate.store.vault_facts import last_backup_at, record_backup
from tests.conftest import PASSPHRASE


def test_no_backup_is_known_in_a_new_vault(store: Store) -> None:
    assert last_backup_at(store) is None


def test_the_backup_time_survives_closing_the_vault(store: Store, vault_path: Path) -> None:
    almaty = timezone(timedelta(hours=5))
    record_backup(store, datetime(2025, 3, 14, 14, 26, 53, 999, tzinfo=almaty))
    record_backup(store, datetime(2025, 3, 15, 10, 0, tzinfo=almaty))  # the newest wins
    store.close()
    with Store.open(vault_path, PASSPHRASE) as again:
        assert last_backup_at(again) == datetime(2025, 3, 15, 5, 0, tzinfo=UTC)


def test_a_time_without_a_zone_is_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        record_backup(store, datetime(2025, 3, 14, 9, 0))
    assert last_backup_at(store) is None
