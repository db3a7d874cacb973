"""The JSON interchange format: round trips, and hostile documents refused whole."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocate.errors import ConflictError, ImportFormatError
from advocate.model import Case, Evidence, Person, Threat
from advocate.store import Store
from advocate.store.interchange import import_document, parse_document, write_export

from ..conftest import PASSPHRASE
from .factories import Factory


def _filled(store: Store, make: Factory) -> Case:
    case = make.case()
    mother = make.person(address="ул. Абая 1", phones=["+7 700 000 00 00"])
    make.threat(case, mother, when="2024-03~")
    make.action(case)
    make.consent(case, mother)
    ev = store.add_evidence(case.id, io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40),
                            original_name="скрин.png")
    make.threat(case, mother, evidence_ids=[ev.id])
    return case


def _second_store(tmp_path: Path) -> Store:
    from advocate.vault import KdfParams

    store, _ = Store.create(tmp_path / "second.advocate", PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    return store


def test_round_trip_gives_the_same_document(store: Store, make: Factory, tmp_path: Path) -> None:
    case = _filled(store, make)
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    write_export(store, first, case.id)
    with _second_store(tmp_path) as other:
        added, skipped = import_document(other, first)
        assert (added, skipped) == (7, 0)
        assert other.verify().ok
        write_export(other, second, case.id)
        (ev,) = other.list_records(Evidence)
        assert other.evidence_bytes(ev.id).startswith(b"\x89PNG")
    assert first.read_bytes() == second.read_bytes()


def test_importing_twice_skips_identical_records(store: Store, make: Factory,
                                                 tmp_path: Path) -> None:
    _filled(store, make)
    doc = tmp_path / "all.json"
    write_export(store, doc)
    assert import_document(store, doc) == (0, 7)


def test_conflicting_record_imports_nothing(store: Store, make: Factory, tmp_path: Path) -> None:
    case = _filled(store, make)
    doc = tmp_path / "all.json"
    write_export(store, doc)
    data = json.loads(doc.read_text())
    for record in data["records"]:
        if record["type"] == "case":
            record["title"] = "changed"
    doc.write_text(json.dumps(data))
    with _second_store(tmp_path) as other:
        other.add(Person(full_name="someone else"))
        import_document(other, doc)  # into an empty vault: fine
        before = len(list(other.audit.entries()))
        write_export(store, tmp_path / "orig.json", case.id)
        with pytest.raises(ConflictError):
            import_document(other, tmp_path / "orig.json")
        assert len(list(other.audit.entries())) == before


def _doc_with(records: list[object], files: list[object] | None = None) -> bytes:
    return json.dumps({"format": "advocate-interchange", "version": 1,
                       "records": records, "files": files or []}).encode()


CASE_ID = "11111111-1111-4111-8111-111111111111"
PERSON_ID = "22222222-2222-4222-8222-222222222222"


@pytest.mark.parametrize(("raw", "where"), [
    (b"\xff\xfe", "UTF-8"),
    (b"[1, 2", "not valid JSON"),
    (b"[]", "JSON object"),
    (b'{"format": "other"}', "format"),
    (b'{"format": "advocate-interchange", "version": 99, "records": [], "files": []}',
     "version 99"),
    (b'{"format": "advocate-interchange", "version": "1", "records": [], "files": []}',
     "version"),
    (b'{"format": "advocate-interchange", "version": 1, "records": {}, "files": []}', "records"),
    (b"[" * 100_000 + b"]" * 100_000, "nested"),
    (_doc_with([{"type": "case", "id": CASE_ID, "title": 5}]), "records[0].title"),
    (_doc_with([{"type": "spaceship", "id": CASE_ID}]), "records[0].type"),
    (_doc_with([{"type": "case", "id": CASE_ID, "title": "x", "evil": 1}]), "evil"),
    (_doc_with([{"type": "case", "id": CASE_ID, "title": "x", "status": "burnt"}]),
     "records[0].status"),
    (_doc_with([{"type": "case", "id": CASE_ID, "title": "x", "opened": "2024-13"}]),
     "records[0].opened"),
    (_doc_with([{"type": "case", "id": "../../etc", "title": "x"}]), "id"),
    (_doc_with([{"type": "case", "id": CASE_ID, "title": "a\u0000b"}]), "NUL"),
    (_doc_with([{"type": "case", "id": CASE_ID, "title": "x"},
                {"type": "case", "id": CASE_ID, "title": "y"}]), "appears twice"),
    (_doc_with([{"type": "case", "id": CASE_ID, "title": "x", "tags": [1]}]), "tags[0]"),
    (_doc_with([{"type": "person", "id": PERSON_ID, "full_name": "x", "phones": "123"}]),
     "phones"),
])
def test_malformed_documents_name_the_place(raw: bytes, where: str) -> None:
    with pytest.raises(ImportFormatError, match=where.replace("[", r"\[").replace("]", r"\]")):
        from advocate.store.interchange import decode_records

        decode_records(parse_document(raw))


def test_threat_with_unknown_target_imports_nothing(store: Store, tmp_path: Path) -> None:
    doc = tmp_path / "d.json"
    doc.write_bytes(_doc_with([
        {"type": "case", "id": CASE_ID, "title": "x"},
        {"type": "threat", "id": PERSON_ID, "case_id": CASE_ID, "received": "2024",
         "target_ids": ["33333333-3333-4333-8333-333333333333"]},
    ]))
    with pytest.raises(ImportFormatError) as caught:
        import_document(store, doc)
    assert caught.value.code == "record.dangling_reference"
    assert caught.value.params["target"] == "33333333-3333-4333-8333-333333333333"
    assert store.list_records(Case) == [] and store.list_records(Threat) == []


def test_evidence_whose_bytes_do_not_match_imports_nothing(store: Store, make: Factory,
                                                           tmp_path: Path) -> None:
    _filled(store, make)
    doc = tmp_path / "all.json"
    write_export(store, doc)
    data = json.loads(doc.read_text())
    data["files"][0]["base64"] = "AAAA"
    doc.write_text(json.dumps(data))
    with _second_store(tmp_path) as other:
        with pytest.raises(ImportFormatError, match="SHA-256"):
            import_document(other, doc)
        assert other.list_records(Case) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20))
def test_any_json_value_as_a_record_is_refused_cleanly(value: object) -> None:
    """Whatever sits where a record should be, decoding fails with ImportFormatError only."""
    from advocate.store.interchange import decode_records

    try:
        decode_records(parse_document(_doc_with([value])))
    except ImportFormatError:
        pass
