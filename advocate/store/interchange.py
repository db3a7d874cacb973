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
    limit counts the bytes read, not what ``stat`` says.
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
        raise ImportFormatError(f"the file is not UTF-8 text (byte {exc.start}).") from None
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"the file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
        ) from None
    except RecursionError:
        raise ImportFormatError("the JSON is nested too deeply to be an Advocate export.") from None
    except ValueError as exc:
        # note: int() of more than 4,300 digits raises ValueError, not JSONDecodeError;
        # _bounded_int turns it into this clearer message first (issue 15).
        raise ImportFormatError(str(exc)) from None
    if not isinstance(doc, dict):
        raise ImportFormatError("expected a JSON object at the top.", "$")
    if doc.get("format") != FORMAT:
        raise ImportFormatError("this is not an Advocate interchange document.", "format")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFormatError("the version must be a whole number.", "version")
    if version > VERSION:
        raise ImportFormatError(
            f"the document has format version {version}; this Advocate reads up to {VERSION}. "
            "Update Advocate to import it.", "version")
    for key in ("records", "files"):
        if not isinstance(doc.get(key), list):
            raise ImportFormatError("expected a list.", key)
    return doc


#: Longest whole number a document may hold (no field needs more: sizes fit in 20 digits).
MAX_INT_DIGITS = 30


class _DuplicateKeyError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different (else the last one would silently win)."""
    doc: dict[str, Any] = {}
    for key, value in pairs:
        if key in doc:
            raise _DuplicateKeyError(f"the key {json.dumps(key, ensure_ascii=False)[:80]} "
                                     "appears twice in one object.")
        doc[key] = value
    return doc


def _bounded_int(text: str) -> int:
    """A JSON integer of at most MAX_INT_DIGITS digits."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a number of {len(text.lstrip('-')):,} digits is far too long "
                         "for any field of an Advocate export.")
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
            raise ImportFormatError(exc.message) from None
        if record.id in seen:
            raise ImportFormatError(f"the id {record.id} appears twice.", f"{where}.id")
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
                raise ImportFormatError(exc.message, f"records (id {record.id})") from None
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
                raise ImportFormatError(exc.message, f"records (id {record.id}).filed") from None
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
                        f"the {record.KIND} of case {own_case} refers to the {target.KIND} "
                        f"{target_id} of another case ({other_case}); a case's records may "
                        "refer only to records of the same case.",
                        f"records (id {record.id}).{name}")


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
        raise ConflictError(
            f"The {record.KIND} {record.id} already exists here with different details; "
            "nothing was imported. Edit one of them so they agree, then import again.",
            record.id)
    raise ConflictError(
        f"A {kind} with id {record.id} already exists here with different content; "
        "nothing was imported.", record.id)


def _decode_files(doc: dict[str, Any], records: list[Record]) -> dict[str, str]:
    expected = {r.id: r for r in records if isinstance(r, Evidence)}
    files: dict[str, str] = {}
    for i, item in enumerate(doc["files"]):
        where = f"files[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) \
                or not isinstance(item.get("base64"), str):
            raise ImportFormatError("expected an object with an id and base64 content.", where)
        if item["id"] not in expected:
            raise ImportFormatError("no evidence record has this id.", f"{where}.id")
        files[item["id"]] = item["base64"]
    missing = sorted(set(expected) - set(files))
    if missing:
        raise ImportFormatError(f"the evidence {missing[0]} has no file content.", "files")
    return files


def _write_file(store: Store, evidence: Evidence, files: dict[str, str]) -> None:
    try:
        data = base64.b64decode(files[evidence.id], validate=True)
    except (binascii.Error, ValueError):
        raise ImportFormatError("the file content is not valid base64.",
                                f"files (id {evidence.id})") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != evidence.sha256 or len(data) != evidence.size:
        raise ImportFormatError("the file content does not match its SHA-256 and size.",
                                f"files (id {evidence.id})")
    store.chunks.write(evidence.id, io.BytesIO(data))
