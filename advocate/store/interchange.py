"""The JSON interchange format: one case or the whole vault as a readable, versioned document.

The document (docs/interchange.md describes it field by field)::

    {"format": "advocate-interchange", "version": 1, "app_version": "…",
     "records": [{"type": "person", "id": "…", …}, …],
     "files": [{"id": "<evidence id>", "sha256": "…", "base64": "…"}, …]}

Records come in dependency order (persons, cases, evidence, proceedings, then the rest) and, within
a kind, by id, so the same vault always exports the same bytes: export → import into a new vault →
export gives an identical document. Import trusts nothing: every field is type-checked, every error
names its place (``records[12].received``), and the whole import is one transaction — on any error
nothing is imported.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from advocate import __version__
from advocate.errors import ConflictError, ImportFormatError, ValidationError
from advocate.i18n import N_
from advocate.inputs import open_regular, read_limited
from advocate.model.codec import from_dict, to_dict
from advocate.model.deadlines import due_date
from advocate.model.records import Action, Evidence, Person, Record, Relation
from advocate.outputs import open_output
from advocate.progress import ProgressCallback, check_cancel, report
from advocate.store.repository import load_record
from advocate.store.store import Store

FORMAT = "advocate-interchange"
VERSION = 1
KIND_ORDER = ("person", "relation", "case", "evidence", "proceeding", "role", "incident",
              "threat", "action", "hearing", "consent", "note", "complaint")
MAX_DOCUMENT_BYTES = 4 * 1024**3


def export_records(store: Store, case_id: str | None = None) -> list[Record]:
    """The records an export holds: one case (with its persons and their relations) or all."""
    if case_id is None:
        records = [r for kind in KIND_ORDER for r in _all_of(store, kind)]
    else:
        cf = store.case_file(case_id)
        records = [*cf.persons.values(), *cf.relations, cf.case, *cf.evidence, *cf.proceedings,
                   *cf.roles, *cf.incidents, *cf.threats, *cf.actions, *cf.hearings,
                   *cf.consents, *cf.notes, *cf.complaints]
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(records, key=lambda r: (order[r.KIND], r.id))


def _all_of(store: Store, kind: str) -> Iterable[Record]:
    rows = store.vault.connection.execute("SELECT data FROM records WHERE kind = ?", (kind,))
    for (data,) in rows:
        yield load_record(data)


def write_export(
    store: Store, out: Path, case_id: str | None = None, *,
    progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
    overwrite: bool = False,
) -> int:
    """Write the document to ``out`` atomically; returns the number of records.

    ``out`` follows the rule of ``advocate.outputs`` (never into a vault folder, never over a
    vault's file or a backup, an existing file only with ``overwrite``).
    """
    records = export_records(store, case_id)
    with open_output(Path(out), overwrite=overwrite) as raw:
        handle = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        try:
            _write_document(store, records, handle, progress, cancel)
            handle.flush()
        finally:
            handle.detach()  # the atomic writer fsyncs and closes the file itself
    return len(records)


def _write_document(store: Store, records: list[Record], handle: IO[str],
                    progress: ProgressCallback | None, cancel: threading.Event | None) -> None:
    """Stream the JSON out: one record per line, evidence bytes base64 in 3 MiB pieces."""
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    handle.write(f'{{"format": {dump(FORMAT)}, "version": {VERSION}, '
                 f'"app_version": {dump(__version__)},\n"records": [')
    for i, record in enumerate(records):
        check_cancel(cancel)
        handle.write(("," if i else "") + "\n" + dump(to_dict(record)))
        report(progress, i + 1, len(records))
    handle.write('\n],\n"files": [')
    evidence = [r for r in records if isinstance(r, Evidence)]
    for i, item in enumerate(evidence):
        handle.write(("," if i else "") + f'\n{{"id": {dump(item.id)}, '
                     f'"sha256": {dump(item.sha256)}, "base64": "')
        pending = b""
        for chunk in store.chunks.iter_chunks(item.id):
            check_cancel(cancel)
            pending += chunk
            cut = len(pending) - len(pending) % 3  # base64 pieces join only on 3-byte bounds
            handle.write(base64.b64encode(pending[:cut]).decode("ascii"))
            pending = pending[cut:]
        handle.write(base64.b64encode(pending).decode("ascii") + '"}')
    handle.write("\n]}\n")


def read_document(path: Path) -> dict[str, Any]:
    """Parse and check the envelope of a document; ImportFormatError says what is wrong.

    Only an ordinary file is read (never a device or a pipe: ``advocate.inputs``), and the size
    limit counts the bytes read, not what ``stat`` says (``InputError`` otherwise).
    """
    with open_regular(path) as handle:
        raw = read_limited(handle, MAX_DOCUMENT_BYTES, path)
    return parse_document(raw)


def parse_document(raw: bytes) -> dict[str, Any]:
    """Parse document bytes and check the envelope."""
    try:
        doc = json.loads(raw.decode("utf-8"), object_pairs_hook=_unique_keys,
                         parse_int=_bounded_int)
    except UnicodeDecodeError as exc:
        raise ImportFormatError("import.not_utf8", N_("The file is not UTF-8 text (byte {byte})."),
                                byte=exc.start) from None
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            "import.not_json", N_("The file is not valid JSON (line {line}, column {column})."),
            line=exc.lineno, column=exc.colno, detail=exc.msg) from None
    except RecursionError:
        raise ImportFormatError(
            "import.too_deep",
            N_("The JSON is nested too deeply to be an Advocate export.")) from None
    except _DuplicateKeyError as exc:
        raise ImportFormatError("import.duplicate_key",
                                N_("The key {key} appears twice in one object."),
                                key=exc.key) from None
    except _LongNumberError as exc:
        raise ImportFormatError(
            "import.number_too_long",
            N_("A number of {digits} digits is far too long for any field of an Advocate "
               "export."), digits=exc.digits) from None
    except ValueError as exc:
        # note: int() of more than 4,300 digits raises ValueError, not JSONDecodeError;
        # _bounded_int catches those first (issue 15), this is the last guard.
        raise ImportFormatError("import.bad_value",
                                N_("The file holds a value that cannot be read."),
                                detail=str(exc)) from None
    if not isinstance(doc, dict):
        raise ImportFormatError("import.not_an_object", N_("Expected a JSON object here."), "$")
    if doc.get("format") != FORMAT:
        raise ImportFormatError("import.not_advocate",
                                N_("This is not an Advocate interchange document."), "format")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFormatError("import.bad_version", N_("The version must be a whole number."),
                                "version")
    if version > VERSION:
        raise ImportFormatError(
            "import.too_new",
            N_("The document has format version {found}; this Advocate reads up to {supported}. "
               "Update Advocate to import it."),
            "version", found=version, supported=VERSION)
    for key in ("records", "files"):
        if not isinstance(doc.get(key), list):
            raise ImportFormatError("import.not_a_list", N_("Expected a list here."), key)
    return doc


#: Longest whole number a document may hold (no field needs more: sizes fit in 20 digits).
MAX_INT_DIGITS = 30


class _DuplicateKeyError(ValueError):
    """A key seen twice in one JSON object (``key``: its first 80 characters, quoted)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _LongNumberError(ValueError):
    """A JSON integer longer than ``MAX_INT_DIGITS`` (``digits``: how long it is)."""

    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different (else the last one would silently win)."""
    doc: dict[str, Any] = {}
    for key, value in pairs:
        if key in doc:
            raise _DuplicateKeyError(json.dumps(key, ensure_ascii=False)[:80])
        doc[key] = value
    return doc


def _bounded_int(text: str) -> int:
    """A JSON integer of at most MAX_INT_DIGITS digits."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _LongNumberError(len(text.lstrip("-")))
    return int(text)


def decode_records(doc: dict[str, Any]) -> list[Record]:
    """Every record of a parsed document, checked; ImportFormatError names the place."""
    records: list[Record] = []
    seen: set[str] = set()
    for i, item in enumerate(doc["records"]):
        where = f"records[{i}]"
        try:
            record = from_dict(item, where)
        except ValidationError as exc:
            raise ImportFormatError.from_validation(exc) from None
        if record.id in seen:
            raise ImportFormatError("import.duplicate_id", N_("The id {record_id} appears twice."),
                                    f"{where}.id", record_id=record.id)
        seen.add(record.id)
        records.append(record)
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(records, key=lambda r: order[r.KIND])


def import_document(
    store: Store, path: Path, *, progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> tuple[int, int]:
    """Import a document in one transaction: (records added, identical records skipped)."""
    doc = read_document(path)
    records = [_with_due_date(store, r) for r in decode_records(doc)]
    files = _decode_files(doc, records)
    added = skipped = 0
    with store.vault.transaction():
        check_cases_whole(store, records)
        for i, record in enumerate(records):
            check_cancel(cancel)
            if _already_there(store, record):
                skipped += 1
                continue
            if isinstance(record, Evidence):
                _write_file(store, record, files)
            try:
                store.records.add(record, keep_timestamps=True, action="import")
            except ValidationError as exc:
                raise ImportFormatError.from_validation(exc, f"records (id {record.id})") from None
            added += 1
            report(progress, i + 1, len(records))
    return added, skipped


def _with_due_date(store: Store, record: Record) -> Record:
    """An action's due date computed from its filing day and term, never taken from the file."""
    if isinstance(record, Action) and record.response_days and record.filed:
        filed = record.filed.exact()
        if filed is not None:
            try:
                due = due_date(filed, record.response_days, record.response_unit, store.calendar)
            except ValidationError as exc:
                raise ImportFormatError.from_validation(
                    exc, f"records (id {record.id}).filed") from None
            return replace(record, due=due)
    return record


#: Kinds a record of one case may share with other cases.
SHARED_KINDS = frozenset({"person"})


def check_cases_whole(store: Store, records: list[Record]) -> None:
    """Refuse records that refer to a record of another case (persons are shared).

    Targets are looked up in the document first, then in the vault. A missing target is left to
    the repository, which names it. ImportFormatError names the record and the field.
    """
    in_document = {r.id: r for r in records}
    for record in records:
        own_case = record.case_of() if record.KIND != "case" else None
        if not own_case:
            continue
        for name, kinds in record.REFERENCES.items():
            if name == "case_id" or set(kinds) <= SHARED_KINDS:
                continue
            value = getattr(record, name)
            for target_id in value if isinstance(value, list) else [value]:
                target = _target(store, in_document, target_id)
                other_case = target.case_of() if target is not None else None
                if target is not None and other_case and other_case != own_case:
                    raise ImportFormatError(
                        "import.other_case",
                        N_("This record of case {case_id} refers to {target_id} of another case "
                           "({other_case_id}); a case's records may refer only to records of "
                           "the same case."),
                        f"records (id {record.id}).{name}", kind=record.KIND, case_id=own_case,
                        target_kind=target.KIND, target_id=target_id,
                        other_case_id=other_case)


def _target(store: Store, in_document: dict[str, Record], target_id: str) -> Record | None:
    """The record ``target_id`` names: from the document, else from the vault, else None."""
    if not target_id:
        return None
    if target_id in in_document:
        return in_document[target_id]
    return store.records.get(target_id) if store.records.exists(target_id) else None


def _already_there(store: Store, record: Record) -> bool:
    """True for an identical record already in the vault; ConflictError for a different one."""
    kind = store.records.exists(record.id)
    if kind is None:
        return False
    existing: Record = store.records.get(record.id)
    if to_dict(existing) == to_dict(record):
        return True
    if isinstance(record, Person | Relation) and kind == record.KIND:
        # note: a person shared by two exported cases may have been edited in between; the
        # vault's version wins, the document's is not silently merged over it.
        raise ConflictError(record.id, record.KIND)
    raise ConflictError(record.id, kind)


def _decode_files(doc: dict[str, Any], records: list[Record]) -> dict[str, str]:
    expected = {r.id: r for r in records if isinstance(r, Evidence)}
    files: dict[str, str] = {}
    for i, item in enumerate(doc["files"]):
        where = f"files[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) \
                or not isinstance(item.get("base64"), str):
            raise ImportFormatError("import.bad_file_entry",
                                    N_("Expected an object with an id and base64 content."), where)
        if item["id"] not in expected:
            raise ImportFormatError("import.file_without_evidence",
                                    N_("No evidence record has this id."), f"{where}.id")
        files[item["id"]] = item["base64"]
    missing = sorted(set(expected) - set(files))
    if missing:
        raise ImportFormatError("import.evidence_without_file",
                                N_("The evidence {evidence_id} has no file content."), "files",
                                evidence_id=missing[0])
    return files


def _write_file(store: Store, evidence: Evidence, files: dict[str, str]) -> None:
    try:
        data = base64.b64decode(files[evidence.id], validate=True)
    except (binascii.Error, ValueError):
        raise ImportFormatError("import.bad_base64", N_("The file content is not valid base64."),
                                f"files (id {evidence.id})") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != evidence.sha256 or len(data) != evidence.size:
        raise ImportFormatError("import.file_mismatch",
                                N_("The file content does not match its SHA-256 and size."),
                                f"files (id {evidence.id})")
    store.chunks.write(evidence.id, io.BytesIO(data))
