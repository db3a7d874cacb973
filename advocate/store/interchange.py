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
import contextlib
import hashlib
import io
import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from advocate import __version__
from advocate.errors import (
    ConflictError,
    ImportFormatError,
    StorageError,
    ValidationError,
    os_reason,
)
from advocate.i18n import N_
from advocate.model.codec import from_dict, to_dict
from advocate.model.records import Evidence, Person, Record, Relation
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
) -> int:
    """Write the document to ``out`` atomically; returns the number of records."""
    records = export_records(store, case_id)
    temp = out.parent / f".{out.name}.{os.getpid()}.partial"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            _write_document(store, records, handle, progress, cancel)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, out)
    except OSError as exc:
        _remove_partial(temp)
        raise StorageError.from_os(out, exc, "write") from exc
    except BaseException:
        _remove_partial(temp)
        raise
    return len(records)


def _remove_partial(temp: Path) -> None:
    """Remove a partial export; a failure to do so must not hide the error that caused it.

    note: found by tests/hardening/test_hard_full_disk.py: on a read-only destination ``unlink``
    fails (EROFS even for a missing file) and its bare OSError replaced the StorageError.
    """
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


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
    """Parse and check the envelope of a document; ImportFormatError says what is wrong."""
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise ImportFormatError(
                "import.too_large",
                N_("The file is larger than {limit}; it is not an Advocate export."),
                limit="4 GiB")
        with path.open("rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise ImportFormatError("import.unreadable", N_("{path} could not be read: {reason}."),
                                path=path, reason=os_reason(exc)) from exc
    return parse_document(raw)


def parse_document(raw: bytes) -> dict[str, Any]:
    """Parse document bytes and check the envelope."""
    try:
        doc = json.loads(raw.decode("utf-8"))
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
    records = decode_records(doc)
    files = _decode_files(doc, records)
    added = skipped = 0
    with store.vault.transaction():
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
