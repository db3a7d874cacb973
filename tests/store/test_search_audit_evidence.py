"""Search in three languages and two alphabets, the audit chain, evidence in and out."""

from __future__ import annotations

import hashlib
import io
import itertools
import os
from pathlib import Path

import pytest

from advocate.errors import EvidenceError, EvidenceHashMismatchError
from advocate.model import Case
from advocate.store import Store
from advocate.store.audit import GENESIS
from advocate.store.evidence import CHUNK_SIZE, safe_filename

from .factories import Factory


@pytest.mark.parametrize("query", ["Айгерім", "айгерім", "AIGERIM", "Aigerim", "Aıgerım", "айгер"])
def test_kazakh_name_found_whichever_alphabet(store: Store, make: Factory, query: str) -> None:
    person = make.person("Айгерім Сейітқызы")
    assert [h.id for h in store.search(query)] == [person.id]


def test_cyrillic_search_is_case_insensitive(store: Store, make: Factory) -> None:
    case = make.case(summary="Жалоба в ПРОКУРАТУРУ области")
    assert [h.id for h in store.search("прокуратуру")] == [case.id]


def test_english_search_and_all_words_must_match(store: Store, make: Factory) -> None:
    a = make.case(summary="Letter to the Ombudsman about threats")
    make.case(reference="B", summary="Letter to the court")
    assert [h.id for h in store.search("ombudsman letter")] == [a.id]


def test_search_hit_has_label_and_excerpt(store: Store, make: Factory) -> None:
    case = make.case()
    make.threat(case, make.person(), words="Если не заберёте заявление, пожалеете")
    (hit,) = store.search("заявление")
    assert hit.kind == "threat" and hit.case_id == case.id
    assert "заявление" in hit.excerpt


def test_search_follows_updates_and_deletes(store: Store, make: Factory) -> None:
    from dataclasses import replace

    case = make.case(summary="старое слово")
    store.update(replace(case, summary="новое слово"))
    assert store.search("старое") == []
    assert len(store.search("новое")) == 1
    store.delete(case.id)
    assert store.search("новое") == []


@pytest.mark.parametrize("query", ['"', "*", "NEAR(a b)", "a OR b", "^x", "col:x", "((", "-",
                                   "AND", "x" * 10_000, ""])
def test_hostile_queries_never_fail(store: Store, make: Factory, query: str) -> None:
    make.case(summary="a b x")
    store.search(query)


def test_search_can_be_limited_to_a_case(store: Store, make: Factory) -> None:
    a, b = make.case(summary="угроза"), make.case(reference="B", summary="угроза")
    assert [h.id for h in store.search("угроза", case_id=b.id)] == [b.id]
    assert len(store.search("угроза")) == 2 and a


def test_audit_chain_links_every_write(store: Store, make: Factory) -> None:
    case = make.case()
    make.threat(case, make.person())
    entries = list(store.audit.entries())
    assert entries[0].prev == GENESIS
    assert all(e.prev == p.hash for p, e in itertools.pairwise(entries))
    assert store.audit.verify() == [] and store.audit_head() == entries[-1].hash


def test_audit_trail_cannot_be_rewritten(store: Store, make: Factory) -> None:
    import sqlcipher3

    make.case()
    with pytest.raises(sqlcipher3.DatabaseError, match="append-only"):
        store.vault.connection.execute("UPDATE audit SET action = 'x'")
    with pytest.raises(sqlcipher3.DatabaseError, match="append-only"):
        store.vault.connection.execute("DELETE FROM audit")


def test_verify_finds_a_record_edited_behind_the_store(store: Store, make: Factory) -> None:
    case = make.case(title="Правда")
    assert store.verify().ok
    store.vault.connection.execute(
        "UPDATE records SET data = replace(data, 'Правда', 'Ложь') WHERE id = ?", (case.id,))
    report = store.verify()
    assert not report.ok and case.id in report.problems[0]


def test_verify_finds_a_damaged_evidence_chunk(store: Store, make: Factory) -> None:
    ev = store.add_evidence(make.case().id, io.BytesIO(b"original bytes"), original_name="a.txt")
    store.vault.connection.execute(
        "UPDATE evidence_chunks SET data = ? WHERE evidence_id = ?", (b"altered bytes!", ev.id))
    report = store.verify()
    assert any(ev.id in p and "SHA-256" in p for p in report.problems)


def test_evidence_streams_in_chunks_and_records_its_facts(store: Store, make: Factory,
                                                          tmp_path: Path) -> None:
    data = os.urandom(CHUNK_SIZE * 2 + 123)
    source = tmp_path / "запись.mp3"
    source.write_bytes(b"ID3" + data)
    ev = store.add_evidence(make.case().id, source, provenance="от матери, WhatsApp")
    assert ev.size == len(data) + 3 and ev.media_type == "audio/mpeg"
    assert ev.sha256 == hashlib.sha256(b"ID3" + data).hexdigest()
    chunks = store.vault.connection.execute(
        "SELECT count(*) FROM evidence_chunks WHERE evidence_id = ?", (ev.id,)).fetchone()[0]
    assert chunks == 3


def test_evidence_export_matches_and_refuses_to_overwrite(store: Store, make: Factory,
                                                          tmp_path: Path) -> None:
    ev = store.add_evidence(make.case().id, io.BytesIO(b"\x89PNG\r\n\x1a\nxx"),
                            original_name="../../etc/passwd\u202egnp.exe")
    out = tmp_path / "out"
    out.mkdir()
    written = store.export_evidence(ev.id, out)
    assert written.parent == out and written.read_bytes() == b"\x89PNG\r\n\x1a\nxx"
    assert "/" not in written.name and "\u202e" not in written.name
    with pytest.raises(EvidenceError, match="already exists"):
        store.export_evidence(ev.id, written)


def test_export_of_altered_evidence_leaves_no_file(store: Store, make: Factory,
                                                   tmp_path: Path) -> None:
    ev = store.add_evidence(make.case().id, io.BytesIO(b"abc"), original_name="a.txt")
    store.vault.connection.execute("UPDATE evidence_chunks SET data = x'00'")
    with pytest.raises(EvidenceHashMismatchError):
        store.export_evidence(ev.id, tmp_path / "a.txt")
    assert list(tmp_path.iterdir()) == [tmp_path / "test.advocate"]


@pytest.mark.parametrize("name", ["CON.txt", "../x", "a/b\\c", ".hidden", "x\x00y", "\u202eabc",
                                  "я" * 300 + ".jpg", "", "...", "nul"])
def test_safe_filename_is_always_a_plain_name(name: str) -> None:
    safe = safe_filename(name)
    assert safe and "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert not safe.startswith(".") and len(safe) <= 120
    assert safe.split(".")[0].casefold() not in {"con", "nul"}


def test_evidence_viewer_bytes_are_hash_checked(store: Store, make: Factory) -> None:
    ev = store.add_evidence(make.case().id, io.BytesIO(b"hello"), original_name="h.txt")
    assert store.evidence_bytes(ev.id) == b"hello"
    assert store.list_records(Case)[0].id == ev.case_id
