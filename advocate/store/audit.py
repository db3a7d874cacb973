"""The audit chain: an append-only log of every change, each entry hashed onto the previous.

``hash = SHA-256(bytes.fromhex(prev) || canonical_entry)`` where the canonical entry is the JSON of
``seq, at, action, kind, record_id, fields, record_hash`` with sorted keys, no spaces, UTF-8.
``record_hash`` is the SHA-256 of the record's canonical JSON after the change (empty for a
deletion), so the chain commits to the content of every record, and ``verify`` can tell a record
edited behind the store's back. Reports print the head hash: a filed complaint commits to the state
of the case file at that moment.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from advocate.errors import Problem
from advocate.i18n import N_
from advocate.model.records import utc_now

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of the chain."""

    seq: int
    at: str
    action: str  # create, update, delete, import, evidence-export, report, passphrase, …
    kind: str
    record_id: str
    fields: tuple[str, ...]
    record_hash: str
    prev: str
    hash: str

    def canonical(self) -> bytes:
        """The bytes the entry's hash covers (after the previous hash)."""
        return canonical_json({
            "seq": self.seq, "at": self.at, "action": self.action, "kind": self.kind,
            "record_id": self.record_id, "fields": list(self.fields),
            "record_hash": self.record_hash,
        })

    def expected_hash(self) -> str:
        """The hash this entry must carry given its content and predecessor."""
        return hashlib.sha256(bytes.fromhex(self.prev) + self.canonical()).hexdigest()


def canonical_json(value: Any) -> bytes:
    """JSON with sorted keys, no spaces and unescaped Unicode, as UTF-8 bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    """SHA-256 of bytes, lowercase hex."""
    return hashlib.sha256(data).hexdigest()


class AuditLog:
    """Appends to and reads the chain; the caller holds the transaction."""

    def __init__(self, conn: sqlcipher3.Connection) -> None:
        self._conn = conn

    def head(self) -> str:
        """The hash of the last entry, or the genesis hash of an empty chain."""
        row = self._conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        return str(row[0]) if row else GENESIS

    def append(
        self, action: str, kind: str, record_id: str,
        fields: Sequence[str] = (), record_hash: str = "",
    ) -> AuditEntry:
        """Add an entry after the current head (inside the caller's transaction)."""
        row = self._conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (int(row[0]) + 1, str(row[1])) if row else (1, GENESIS)
        entry = AuditEntry(seq, utc_now(), action, kind, record_id, tuple(fields), record_hash,
                           prev, "")
        entry = _with_hash(entry)
        self._conn.execute(
            "INSERT INTO audit (seq, at, action, kind, record_id, fields, record_hash, prev, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.seq, entry.at, entry.action, entry.kind, entry.record_id,
             json.dumps(list(entry.fields), ensure_ascii=False), entry.record_hash, entry.prev,
             entry.hash),
        )
        return entry

    def entries(self, record_id: str | None = None) -> Iterator[AuditEntry]:
        """The entries in order, all or those of one record."""
        sql = "SELECT seq, at, action, kind, record_id, fields, record_hash, prev, hash FROM audit"
        params: tuple[str, ...] = ()
        if record_id is not None:
            sql += " WHERE record_id = ?"
            params = (record_id,)
        for row in self._conn.execute(sql + " ORDER BY seq", params):
            yield _entry(row)

    def contains_hash(self, head: str) -> bool:
        """Whether a hash was ever the head of this chain."""
        return self._conn.execute("SELECT 1 FROM audit WHERE hash = ?", (head,)).fetchone() \
            is not None

    def verify(self) -> list[Problem]:
        """Recompute the chain; a list of problems, empty when every link holds."""
        problems: list[Problem] = []
        prev, expected_seq = GENESIS, 1
        for entry in self.entries():
            if entry.seq != expected_seq:
                problems.append(Problem("audit.entry_missing",
                                        N_("Audit entry {seq} is missing (the next is {next})."),
                                        seq=expected_seq, next=entry.seq))
            if entry.prev != prev:
                problems.append(Problem(
                    "audit.broken_link",
                    N_("Audit entry {seq} does not follow the entry before it."), seq=entry.seq))
            if entry.hash != entry.expected_hash():
                problems.append(Problem(
                    "audit.entry_altered",
                    N_("Audit entry {seq} was altered (its hash does not match)."), seq=entry.seq))
            prev, expected_seq = entry.hash, entry.seq + 1
            if len(problems) >= 100:
                problems.append(Problem(
                    "audit.more", N_("More problems in the audit chain were not listed.")))
                break
        return problems

    def last_record_hashes(self) -> dict[str, str]:
        """For every record id, the record hash of its latest entry ('' once deleted)."""
        rows = self._conn.execute(
            "SELECT a.record_id, a.record_hash FROM audit a JOIN ("
            " SELECT record_id, MAX(seq) AS seq FROM audit"
            " WHERE action IN ('create', 'update', 'delete', 'import') GROUP BY record_id"
            ") last ON a.seq = last.seq"
        )
        return {str(r[0]): str(r[1]) for r in rows}


def _with_hash(entry: AuditEntry) -> AuditEntry:
    return AuditEntry(entry.seq, entry.at, entry.action, entry.kind, entry.record_id,
                      entry.fields, entry.record_hash, entry.prev, entry.expected_hash())


def _entry(row: Sequence[Any]) -> AuditEntry:
    fields = json.loads(row[5])
    return AuditEntry(int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]),
                      tuple(str(f) for f in fields), str(row[6]), str(row[7]), str(row[8]))
