"""Nothing of a record reaches the disk in the clear: not the vault folder, not the temp folder."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest

from advocate.model import Case, Note, PartialDate, Person, Threat
from advocate.model.text import search_fold
from advocate.store import Store
from advocate.vault import KdfParams

from ..conftest import PASSPHRASE

SENTINELS = ["SENTINEL-Ақжол-7731", "ZZQXSENTINELWORD", "Сентинелқызы Әлия"]


def _encodings(text: str) -> list[bytes]:
    forms = {text, text.lower(), text.upper(), search_fold(text)}
    return [f.encode(enc) for f in forms for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def test_no_sentinel_in_vault_folder_or_temp(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    vault = tmp_path / "s.advocate"
    store, _ = Store.create(vault, PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store:
        case = store.add(Case(reference=SENTINELS[0], title=SENTINELS[1],
                              summary=" ".join(SENTINELS) * 2000))
        person = store.add(Person(full_name=SENTINELS[2], address=SENTINELS[0]))
        store.add(Threat(case_id=case.id, received=PartialDate(2024), target_ids=[person.id],
                         words=SENTINELS[1]))
        store.add(Note(case_id=case.id, text=SENTINELS[2] * 10_000))
        store.add_evidence(case.id, io.BytesIO(SENTINELS[1].encode() * 100_000),
                           original_name=SENTINELS[0] + ".txt")
        assert store.search(SENTINELS[1])
        assert store.verify().ok
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "vault.db" for p in files)
    for path in files:
        data = path.read_bytes()
        for needle in (n for s in SENTINELS for n in _encodings(s)):
            assert needle not in data, f"{needle!r} found in {path.name}"
