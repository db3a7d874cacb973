"""The demo case history loads through the store, is rich enough to show, and is reproducible."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advocate.demo import build_demo
from advocate.demo_data.files import pdf_document, png_image
from advocate.errors import ValidationError
from advocate.model import Case, Person, RoleKind
from advocate.model.codec import to_dict
from advocate.model.records import Record
from advocate.store import Store
from advocate.vault import KdfParams

# Fields that differ between two builds of the same demo (ids, references, timestamps).
_VOLATILE = ("id", "created", "updated", "intake_at")


def _new_store(path: Path) -> Store:
    store, _ = Store.create(path, "demo pass", kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    return store


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, int]]]:
    """One demo vault shared by the read-only tests of this module."""
    store = _new_store(tmp_path_factory.mktemp("demo") / "d.advocate")
    with store:
        yield store, build_demo(store)


def _main_case(store: Store) -> Case:
    return store.find_case("АҚТ-2023-01")


def test_demo_counts_match_what_the_vault_holds(demo: tuple[Store, dict[str, int]]) -> None:
    store, counts = demo
    assert counts["cases"] >= 4
    assert counts["cases"] == len(store.cases())
    assert counts["persons"] == len(store.persons())
    assert counts["threats"] == sum(c.threats for c in store.cases())


def test_main_case_has_the_story_of_the_design(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    cf = store.case_file(_main_case(store).id)
    assert len(cf.threats) >= 30
    assert len(cf.actions) >= 10
    assert len([p for p in cf.proceedings if p.against_advocates]) >= 2
    assert cf.people_with_role(RoleKind.LAWYER) and cf.people_with_role(RoleKind.JOURNALIST)
    (victim,) = cf.people_with_role(RoleKind.VICTIM)
    first_incident = cf.incidents[0]
    assert first_incident.date is not None and first_incident.date.end is not None  # a range
    assert victim.age_on(first_incident.date.earliest()) == 7
    years = {t.received.earliest().year for t in cf.threats if t.received}
    assert {2023, 2024, 2025} <= years
    assert any(t.reported and t.report_number for t in cf.threats)
    assert any(t.evidence_ids for t in cf.threats)


def test_main_case_words_are_in_russian_and_kazakh(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    threats = store.case_file(_main_case(store).id).threats
    kazakh = set("әғқңөұүһі")
    assert kazakh - {"һ"} <= set(" ".join(t.words for t in threats).lower())
    assert sum(1 for t in threats if kazakh & set(t.words.lower())) >= 10
    assert sum(1 for t in threats if not kazakh & set(t.words.lower())) >= 10  # Russian


def test_due_dates_are_computed_for_filed_actions_with_a_term(
        demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    actions = store.case_file(_main_case(store).id).actions
    with_term = [a for a in actions if a.response_days and a.filed and a.filed.exact()]
    assert with_term and all(a.due is not None for a in with_term)
    assert any(a.status.value == "draft" and a.filed is None for a in actions)


def test_consents_include_a_withdrawn_one_and_a_child_assent(
        demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    cf = store.case_file(_main_case(store).id)
    assert any(c.withdrawn_on is not None for c in cf.consents)
    assert any(c.child_assent and c.given_by_id != c.person_id for c in cf.consents)
    witness_purposes = {c.purpose.value for c in cf.consents
                        if cf.person_name(c.person_id) == "Зинаида Лукьяненко"}
    assert witness_purposes == {"keep_record"}  # she has not agreed to any sharing


def test_evidence_is_stored_with_hashes_that_match_its_bytes(
        demo: tuple[Store, dict[str, int]]) -> None:
    store, counts = demo
    evidence = [e for c in store.cases() for e in store.case_file(c.id).evidence]
    assert len(evidence) == counts["evidence"] >= 5
    kinds = {e.media_type.split(";")[0] for e in evidence}
    assert {"image/png", "text/plain", "application/pdf"} <= kinds
    for item in evidence:
        assert hashlib.sha256(store.evidence_bytes(item.id)).hexdigest() == item.sha256


def test_search_finds_a_kazakh_name_typed_in_latin(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    hits = store.search("Aigerim")
    assert any(h.kind == "person" and "Айгерім" in h.label for h in hits)
    assert any(h.kind == "person" and "Күләш" in h.label for h in store.search("kulash"))


def test_demo_vault_verifies(demo: tuple[Store, dict[str, int]]) -> None:
    store, _ = demo
    report = store.verify()
    assert report.ok, report.problems


def test_demo_refuses_a_vault_that_already_has_records(tmp_path: Path) -> None:
    with _new_store(tmp_path / "full.advocate") as store:
        store.add(Person(full_name="Бауыржан Ермеков"))
        with pytest.raises(ValidationError):
            build_demo(store)
        assert len(store.persons()) == 1


def _texts(store: Store) -> list[str]:
    """Every record of the vault as text, without ids, references and timestamps, sorted."""
    out: list[str] = []
    for summary in store.cases():
        cf = store.case_file(summary.id)
        records: list[Record] = [cf.case, *cf.persons.values(), *cf.roles, *cf.relations,
                                 *cf.incidents, *cf.threats, *cf.actions, *cf.proceedings,
                                 *cf.hearings, *cf.consents, *cf.notes, *cf.evidence]
        out.extend(repr(_stable(to_dict(r))) for r in records)
    return sorted(out)


def _stable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items()
            if k not in _VOLATILE and not k.endswith("_id") and not k.endswith("_ids")}


def test_same_seed_gives_the_same_demo(tmp_path: Path,
                                       demo: tuple[Store, dict[str, int]]) -> None:
    store, counts = demo
    with _new_store(tmp_path / "again.advocate") as again:
        assert build_demo(again) == counts
        assert _texts(again) == _texts(store)
    with _new_store(tmp_path / "other.advocate") as other:
        build_demo(other, seed=8)
        assert _texts(other) != _texts(store)


def test_generated_evidence_files_are_valid_png_and_pdf() -> None:
    image_module = pytest.importorskip("PIL.Image")
    png = png_image(12, 8, "ffffff", [(2, 2, 4, 3, "ff0000")])
    with image_module.open(io.BytesIO(png)) as image:
        image.load()
        assert image.size == (12, 8)
        assert image.getpixel((3, 3)) == (255, 0, 0)
        assert image.getpixel((0, 0)) == (255, 255, 255)
    pdf = pdf_document(["Reply (demo)", "second line"])
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf.startswith(b"%PDF-1.4") and pdf[xref_at:].startswith(b"xref")
    assert b"(Reply \\(demo\\)) Tj" in pdf
