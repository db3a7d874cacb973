"""Evidence chunks read on a connection of their own, for a backup that reads with several.

A backup holds one read transaction on the store's connection (``Store.read_snapshot``); the
evidence bytes, most of a backup, are read beside it by worker threads, each with a
:class:`ChunkReader` opened in that thread (a SQLite connection belongs to the thread that
opened it). Made for ``advocate.backup.writer`` (issue 14).
"""

from __future__ import annotations

from advocate.store.evidence import EvidenceChunks
from advocate.vault import Vault


class ChunkReader:
    """A read-only connection to the vault that fetches evidence chunks; close it when done."""

    def __init__(self, vault: Vault) -> None:
        self._db = vault.open_reader()
        self._chunks = EvidenceChunks(self._db.connection)

    def chunk(self, evidence_id: str, seq: int) -> bytes | None:
        """Chunk ``seq`` of an evidence file, None past its end."""
        return self._chunks.chunk(evidence_id, seq)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()
