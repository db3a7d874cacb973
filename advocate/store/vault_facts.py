"""Small facts about a vault as a whole, kept inside it (encrypted): when the last backup was made.

The dashboard shows the age of the last backup and reminds the user when it is old; the time is
kept in the vault's ``meta`` table (not in the app's settings, which must never reveal anything
about a vault), written by the app after a backup was written and verified.
"""

from __future__ import annotations

from datetime import UTC, datetime

from advocate.store.store import Store

LAST_BACKUP_KEY = "last_backup_at"


def record_backup_made(store: Store, when: datetime) -> None:
    """Remember that a complete backup was made at ``when`` (an aware time; stored in UTC)."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("the backup time needs a time zone")
    text = when.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    with store.vault.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     (LAST_BACKUP_KEY, text))


def last_backup(store: Store) -> datetime | None:
    """When the last backup was made (UTC), or None when none was recorded in this vault."""
    row = store.vault.connection.execute(
        "SELECT value FROM meta WHERE key = ?", (LAST_BACKUP_KEY,)).fetchone()
    if row is None:
        return None
    try:
        return datetime.strptime(str(row[0]), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None  # a value this version did not write: as if no backup was recorded
