"""The payload parsers on attacker-controlled plaintext: any split, any mutation, no surprise.

Somebody who knows a backup passphrase (or made a backup with their own) controls everything
inside data.age, so the tar and SQL parsers must give either the right result or one of our
clear errors, whatever the bytes.
"""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocate.backup import BackupError, verify_backup
from advocate.backup.reader import NullLoader, PayloadChecker
from advocate.backup.tarstream import TarStreamParser

from .conftest import BACKUP_PASSPHRASE, Filled, assemble, read_inner


class Collector:
    """A sink that keeps each member's name and SHA-256."""

    def __init__(self) -> None:
        self.members: list[tuple[str, str]] = []
        self._digest = hashlib.sha256()
        self._name = ""

    def begin(self, info: tarfile.TarInfo) -> None:
        self._name, self._digest = info.name, hashlib.sha256()

    def data(self, piece: memoryview) -> None:
        self._digest.update(piece)

    def end(self) -> None:
        self.members.append((self._name, self._digest.hexdigest()))


@pytest.fixture
def inner(backup: Path) -> bytes:
    return read_inner(backup)


@pytest.mark.parametrize("piece", [1, 7, 511, 512, 513, 4096, 65536, 10**9])
def test_any_split_gives_the_same_members(inner: bytes, piece: int) -> None:
    expected = Collector()
    whole = TarStreamParser(expected, max_member_size=len(inner), what="test")
    whole.feed(inner)
    whole.close()
    split = Collector()
    parser = TarStreamParser(split, max_member_size=len(inner), what="test")
    for start in range(0, len(inner), piece):
        parser.feed(inner[start:start + piece])
    parser.close()
    assert split.members == expected.members
    assert [name for name, _ in split.members][:2] == ["manifest.json", "records.sql"]


def test_checker_accepts_the_real_payload_in_small_pieces(inner: bytes, filled: Filled) -> None:
    checker = PayloadChecker(NullLoader(), len(inner), None)
    parser = TarStreamParser(checker, max_member_size=len(inner), what="test")
    for start in range(0, len(inner), 333):
        parser.feed(inner[start:start + 333])
    parser.close()
    manifest = checker.finish()
    assert manifest.audit_head == filled.store.audit_head()
    assert checker.problems == []


mutations = st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert", "zero"]),
                               st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=3)


def _mutate(data: bytes, steps: list[tuple[str, float, int]]) -> bytes:
    out = bytearray(data)
    for kind, where, value in steps:
        at = min(int(where * len(out)), max(len(out) - 1, 0))
        if kind == "flip" and out:
            out[at] ^= value or 1
        elif kind == "cut":
            del out[at:]
        elif kind == "insert":
            out[at:at] = bytes([value]) * (value % 7 + 1)
        elif kind == "zero":
            out[at:at + 512] = bytes(len(out[at:at + 512]))
    return bytes(out)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=mutations)
def test_mutated_payload_is_accepted_only_if_intact_or_refused_clearly(
        inner: bytes, tmp_path: Path, steps: list[tuple[str, float, int]]) -> None:
    mutated = _mutate(inner, steps)
    path = tmp_path / "mutated.bak"
    path.write_bytes(assemble(mutated))
    try:
        info = verify_backup(path, BACKUP_PASSPHRASE)
    except BackupError as exc:
        assert exc.message
        return
    # Accepted: then what was read is what the manifest promised (zeros after the end, say).
    assert info.records > 0
