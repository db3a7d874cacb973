"""Property-based fuzzing (hypothesis) of every parser reading what a user or attacker hands in.

- the JSON import: ``parse_document``, ``decode_records``, ``import_document`` raise nothing but
  ``ImportFormatError`` / ``ConflictError``, and a refused import leaves the vault as it was;
- the vault header parser: nothing but ``HeaderDamagedError`` / ``NotAVaultError`` /
  ``VaultTooNewError``, from raw bytes and from valid headers with fields replaced;
- ``PartialDate.parse``: a date or ``ValidationError``, and what parses round-trips;
- search: any string is a query (no FTS5 syntax error, no exception).

Inputs are both unstructured (bytes, text) and structured (the real field names with values of any
JSON type), so the checks run deep into the parsers and not only their first line.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from advocate.errors import (
    ConflictError,
    HeaderDamagedError,
    ImportFormatError,
    NotAVaultError,
    ValidationError,
    VaultTooNewError,
)
from advocate.model import Case, Note, PartialDate, Person, Threat
from advocate.model.codec import to_dict
from advocate.model.records import RECORD_TYPES
from advocate.model.text import fts_match_expression, normalize_text, search_fold
from advocate.store import Store
from advocate.store.interchange import (
    decode_records,
    import_document,
    parse_document,
    write_export,
)
from advocate.vault import KdfParams, Vault
from advocate.vault.header import parse_header

from .conftest import PASSPHRASE, make_store

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")

FUZZ = settings(max_examples=400, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
HEADER_ERRORS = (HeaderDamagedError, NotAVaultError, VaultTooNewError)
WHERE = Path("fuzz.advocate/vault.json")

# --- strategies ------------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["", "\x00", "\ud800", "2024-13-40", "2024-02-30", "1899", "2201", "2024/2023", "9" * 400,
     "Ақжол", "İ", "ﬁ", "\u202egpj.exe", "../../etc/passwd", "CON", "0", "true", "null", "NaN",
     str(uuid.uuid4())])
JSON_SCALAR = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | TEXT
JSON = st.recursive(JSON_SCALAR, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(TEXT, inner, max_size=4), max_leaves=12)


@st.composite
def record_dict(draw: st.DrawFn) -> dict[str, Any]:
    """A record-shaped dict: a real type and real field names, values of any JSON type."""
    kind = draw(st.sampled_from([*RECORD_TYPES, "bogus"]))
    cls = RECORD_TYPES.get(kind, Case)
    names = [f for f in cls.__dataclass_fields__ if not f.startswith("_")]
    data: dict[str, Any] = {"type": kind}
    for name in draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names))):
        data[name] = draw(JSON | st.just(str(uuid.uuid4())))
    if draw(st.booleans()):
        data["id"] = str(uuid.uuid4())
    if draw(st.integers(0, 9)) == 0:
        data[draw(TEXT)] = draw(JSON)
    return data


@st.composite
def document(draw: st.DrawFn) -> Any:
    """An interchange document: mostly the right envelope, any records and files in it."""
    if draw(st.integers(0, 9)) == 0:
        return draw(JSON)
    doc: dict[str, Any] = {
        "format": draw(st.sampled_from(["advocate-interchange"] * 5 + ["other", 1])),
        "version": draw(st.sampled_from([1, 1, 1, 0, 2, True, "1", -1, 2**64])),
        "app_version": "fuzz",
        "records": draw(st.lists(record_dict(), max_size=6) | JSON),
        "files": draw(st.lists(st.fixed_dictionaries(
            {"id": TEXT, "sha256": TEXT, "base64": TEXT | st.just("AAAA")}), max_size=2)
            | JSON),
    }
    for key in draw(st.lists(st.sampled_from(list(doc)), max_size=2, unique=True)):
        del doc[key]
    return doc


# --- the interchange parser ------------------------------------------------------------------


@FUZZ
@given(raw=st.binary(max_size=600))
def test_parse_document_bytes(raw: bytes) -> None:
    try:
        doc = parse_document(raw)
    except ImportFormatError:
        return
    try:
        decode_records(doc)
    except ImportFormatError:
        pass


@FUZZ
@given(doc=document())
def test_parse_and_decode_structured(doc: Any) -> None:
    raw = json.dumps(doc, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")
    try:
        records = decode_records(parse_document(raw))
    except ImportFormatError as exc:
        assert exc.message
        return
    for record in records:
        record.validate()  # what decoded is a valid record


def test_deeply_nested_document_is_a_format_error() -> None:
    with pytest.raises(ImportFormatError):
        parse_document(b"[" * 100_000 + b"]" * 100_000)
    nested: Any = "x"
    for _ in range(50):
        nested = [nested]
    doc = {"format": "advocate-interchange", "version": 1, "records": [
        {"type": "case", "title": nested}], "files": []}
    with pytest.raises(ImportFormatError):
        decode_records(parse_document(json.dumps(doc).encode()))


ORIGINALS: list[dict[str, Any]] = []  # the fuzz store's own records (person, case, threat)


@pytest.fixture
def fuzz_store(tmp_path: Path) -> Iterator[Store]:
    """A store with a few records an import may collide with."""
    with make_store(tmp_path / "fuzz.advocate") as store:
        case = store.add(Case(reference="F-1", title="Fuzz"))
        person = store.add(Person(full_name="Ерлан"))
        threat = store.add(Threat(case_id=case.id, received=PartialDate(2024),
                                  target_ids=[person.id], words="угроза"))
        ORIGINALS[:] = [to_dict(person), to_dict(case), to_dict(threat)]
        yield store


def _state(store: Store) -> tuple[Any, ...]:
    conn = store.vault.connection
    return (conn.execute("SELECT count(*) FROM records").fetchone()[0],
            conn.execute("SELECT count(*) FROM evidence_chunks").fetchone()[0],
            store.audit_head())


def _valid_records(case_id: str, person_id: str) -> list[dict[str, Any]]:
    """Fresh, valid records (a new case with a person, note and threat) as dicts."""
    case = Case(reference=f"N-{uuid.uuid4().hex[:6]}", title="Новое дело")
    person = Person(full_name="Сәуле")
    return [to_dict(r) for r in (
        case, person,
        Note(case_id=case.id, title="жазба", text="мәтін"),
        Threat(case_id=case.id, received=PartialDate(2023, 5), target_ids=[person.id],
               words="сөздер"),
        Threat(case_id=case_id, received=PartialDate(2022), target_ids=[person_id], words="w"))]


@FUZZ
@given(data=st.data())
def test_import_is_all_or_nothing(fuzz_store: Store, tmp_path: Path, data: st.DataObject) -> None:
    """Any document: imported whole, or refused with a format/conflict error and nothing kept."""
    existing = ORIGINALS
    if data.draw(st.integers(0, 3)) == 0:
        doc = data.draw(document())
    else:
        # mostly valid: new records, the vault's own (identical ones are skipped, edited ones
        # conflict), a few fields replaced by anything
        case_id, person_id = existing[1]["id"], existing[0]["id"]
        records = data.draw(st.lists(st.sampled_from(_valid_records(case_id, person_id)
                                                     + existing), max_size=7,
                                     unique_by=lambda item: str(item["id"])))
        records = json.loads(json.dumps(records))
        ours = {str(item["id"]) for item in existing}
        for item in records:
            if str(item["id"]) in ours and data.draw(st.integers(0, 2)) == 0:
                text_field = next(f for f in ("title", "full_name", "words") if f in item)
                item[text_field] = "изменено в другом хранилище"  # a conflict
            if data.draw(st.integers(0, 6)) == 0:
                field = data.draw(st.sampled_from(sorted(item)))
                item[field] = data.draw(JSON | TEXT)
        doc = {"format": "advocate-interchange", "version": 1, "records": records, "files": []}
    path = tmp_path / "doc.json"
    path.write_bytes(json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    before = _state(fuzz_store)
    try:
        added, skipped = import_document(fuzz_store, path)
        event(f"imported {min(added, 2)} skipped {min(skipped, 2)}")
    except (ImportFormatError, ConflictError) as exc:
        event(type(exc).__name__)
        assert exc.message
        assert _state(fuzz_store) == before, "a refused import left something behind"
        return
    count, _, head = _state(fuzz_store)
    assert count == before[0] + added
    assert (head != before[2]) == (added > 0)


def test_import_fuzz_kept_the_vault_valid(fuzz_store: Store) -> None:
    assert fuzz_store.verify().ok


def test_exported_documents_import_cleanly(tmp_path: Path) -> None:
    """The parser accepts what the writer writes (a fuzzer must not make the strict side lax)."""
    with make_store(tmp_path / "a.advocate") as store:
        case = store.add(Case(reference="R-1", title="Round trip"))
        store.add(Note(case_id=case.id, text="<script>&amp;\u202e"))
        write_export(store, tmp_path / "doc.json")
    with make_store(tmp_path / "b.advocate") as other:
        assert import_document(other, tmp_path / "doc.json")[0] == 2


# --- the vault header ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def valid_header(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("header") / "h.advocate"
    vault, _ = Vault.create(path, PASSPHRASE, kdf=KdfParams.cheap(), with_recovery_key=True,
                            _allow_weak_kdf_for_tests=True)
    vault.close()
    return dict(json.loads((path / "vault.json").read_text()))


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_header_bytes(raw: bytes) -> None:
    try:
        parse_header(raw, WHERE)
    except HEADER_ERRORS:
        pass


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@FUZZ
@given(data=st.data())
def test_header_with_fields_replaced(valid_header: dict[str, Any], data: st.DataObject) -> None:
    header = json.loads(json.dumps(valid_header))
    paths = [p for p in _paths(header) if p]
    for path in data.draw(st.lists(st.sampled_from(paths), min_size=1, max_size=3)):
        target = header
        try:
            for key in path[:-1]:
                target = target[key]
            if data.draw(st.integers(0, 4)) == 0 and isinstance(target, dict):
                target.pop(path[-1], None)
            else:
                target[path[-1]] = data.draw(JSON)
        except (KeyError, IndexError, TypeError):
            continue
    raw = json.dumps(header, ensure_ascii=False).encode("utf-8", "surrogatepass")
    try:
        parse_header(raw, WHERE)
    except HEADER_ERRORS:
        pass


def test_valid_header_parses(valid_header: dict[str, Any]) -> None:
    parse_header(json.dumps(valid_header).encode(), WHERE)


# --- dates, text and search ------------------------------------------------------------------


DATE_LIKE = r"\A\s*\d{4}(-\d{2}(-\d{2})?)?~?(/\d{4}(-\d{2}(-\d{2})?)?~?)?\s*\Z"


@FUZZ
@given(text=TEXT | st.from_regex(DATE_LIKE))
def test_partial_date_parse(text: str) -> None:
    try:
        parsed = PartialDate.parse(text)
    except ValidationError as exc:
        assert exc.message
        return
    assert PartialDate.parse(parsed.to_text()) == parsed
    assert parsed.earliest() <= parsed.latest()


@FUZZ
@given(text=st.text(max_size=200))
def test_text_normalisation_and_fold(text: str) -> None:
    try:
        normalize_text(text)
    except ValidationError:
        assume(False)
    search_fold(text)
    fts_match_expression(text)


@pytest.fixture
def search_store(tmp_path: Path) -> Iterator[Store]:
    with make_store(tmp_path / "search.advocate") as store:
        case = store.add(Case(reference="S-1", title="Қайрат Нұрланұлы AND OR NOT NEAR"))
        store.add(Note(case_id=case.id, text='"quoted" * ^ : ( ) {col} -minus +plus'))
        yield store


QUERY = st.text(max_size=80) | st.sampled_from(
    ['"', '*', 'AND', 'NEAR(', 'title:x', '^a', '-x', '"a" OR "b"', 'a*b*', '{body}: x', '\x00',
     "Қайрат", "kairat", ")(", "🙂" * 100, "x" * 10_000])


@FUZZ
@given(query=QUERY)
def test_search_accepts_any_string(search_store: Store, query: str) -> None:
    hits = search_store.search(query)
    assert isinstance(hits, list)
    search_store.search(query, case_id="not-a-case", limit=-5)
