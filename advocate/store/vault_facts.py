"""Facts about the vault itself, kept inside it (encrypted): the last backup, unsaved drafts.

They live in the ``meta`` table (key, value) that every vault has since schema 1, so no migration
is needed; keys of this module start with ``app.`` or ``draft.``.

- ``app.last_backup_at``: when the last backup of this vault was written (UTC, ISO 8601), so the
  dashboard can remind the user when it is older than the days they chose. Preferences never hold
  it: it would reveal that a vault exists, and it belongs to the vault, not to the computer.
- ``draft.<n>``: what the user was typing in open forms when the vault was locked. The app saves
  them on the worker thread just before the keys are dropped, and offers them back after unlock
  (:func:`take_drafts` reads and removes them in one transaction). The vault is encrypted, so a
  draft never touches the disk in the clear.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from advocate.store.store import Store

LAST_BACKUP_KEY = "app.last_backup_at"
DRAFT_PREFIX = "draft."


@dataclass(frozen=True, slots=True)
class Draft:
    """Unsaved state of one form: which form (a name it chooses), for which case, its fields."""

    form: str
    case_id: str | None = None
    state: dict[str, Any] = field(default_factory=dict)
    saved_at: str = ""


def _get(store: Store, key: str) -> str | None:
    row = store.vault.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def last_backup_at(store: Store) -> datetime | None:
    """When the last backup of this vault was written, or None if never (or not known)."""
    value = _get(store, LAST_BACKUP_KEY)
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def record_backup(store: Store, when: datetime | None = None) -> None:
    """Remember that a backup was just written (call after it was verified).

    ``when`` must carry its time zone (a naive time could be hours off); it is kept in UTC.
    """
    if when is not None and when.utcoffset() is None:
        raise ValueError("the backup time needs a time zone")
    stamp = (when or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    with store.vault.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     (LAST_BACKUP_KEY, stamp))


def backup_age_days(store: Store, now: datetime | None = None) -> int | None:
    """Whole days since the last backup, or None if there was none."""
    last = last_backup_at(store)
    if last is None:
        return None
    now = now or datetime.now(UTC)
    return max(0, (now - last).days)


def save_drafts(store: Store, drafts: list[Draft]) -> int:
    """Keep the drafts in the vault (added to any already kept); returns how many are kept."""
    if not drafts:
        return 0
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.vault.transaction() as conn:
        rows = conn.execute("SELECT key FROM meta WHERE key LIKE ?", (DRAFT_PREFIX + "%",))
        taken = {str(r[0]) for r in rows}
        n = 0
        for draft in drafts:
            while f"{DRAFT_PREFIX}{n}" in taken:
                n += 1
            doc = {"form": draft.form, "case_id": draft.case_id, "state": draft.state,
                   "saved_at": draft.saved_at or now}
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                         (f"{DRAFT_PREFIX}{n}", json.dumps(doc, ensure_ascii=False)))
            taken.add(f"{DRAFT_PREFIX}{n}")
        return len(taken)


def take_drafts(store: Store) -> list[Draft]:
    """The drafts kept at the last lock, removed from the vault (the caller now holds them)."""
    with store.vault.transaction() as conn:
        rows = conn.execute("SELECT key, value FROM meta WHERE key LIKE ? ORDER BY key",
                            (DRAFT_PREFIX + "%",)).fetchall()
        conn.execute("DELETE FROM meta WHERE key LIKE ?", (DRAFT_PREFIX + "%",))
    out = []
    for _key, value in rows:
        try:
            doc = json.loads(value)
            out.append(Draft(form=str(doc["form"]), case_id=doc.get("case_id"),
                             state=dict(doc.get("state") or {}),
                             saved_at=str(doc.get("saved_at", ""))))
        except (ValueError, KeyError, TypeError):
            continue  # a draft that cannot be read is dropped, never shown half
    return out
