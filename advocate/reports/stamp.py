"""The verification code and QR code printed on every report.

The payload commits to the case, the moment of generation, the audit chain head the caller
passed in and a hash over the numbered attachment list; the code is the first 50 bits of the
SHA-256 of the payload's canonical JSON, in Crockford base 32 ('K7QM-2XHD-9F'): short enough to
type from paper, and recomputable by the vault from the stored payload (:func:`code_for_payload`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from advocate.model.casefile import CaseFile
from advocate.model.records import Evidence
from advocate.reports.request import ReportRequest, ReportStamp, canonical_json

PAYLOAD_FORMAT = "advocate-report/1"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_CHARS = 10
_QR_REFERENCE_LIMIT = 64  # the QR holds the start of a very long reference; the payload all of it


@dataclass(frozen=True, slots=True)
class Attachment:
    """One numbered attachment: an evidence file as the report lists it."""

    number: int
    evidence: Evidence


def attachments_of(case_file: CaseFile) -> list[Attachment]:
    """The case's evidence files, numbered from 1 in intake order (ties by id): every report
    lists and hashes the same list."""
    ordered = sorted(case_file.evidence, key=lambda e: (e.intake_at, e.id))
    return [Attachment(i, e) for i, e in enumerate(ordered, start=1)]


def attachments_hash(attachments: list[Attachment]) -> str:
    """SHA-256 over the canonical JSON list of [number, original name, size, sha256]."""
    rows = [[a.number, a.evidence.original_name, a.evidence.size, a.evidence.sha256]
            for a in attachments]
    return hashlib.sha256(canonical_json(rows).encode("utf-8")).hexdigest()


def stamp_for(case_file: CaseFile, request: ReportRequest) -> ReportStamp:
    """The stamp of a report: the same case file and request always give the same stamp."""
    case = case_file.case
    attachments = attachments_of(case_file)
    payload = {
        "format": PAYLOAD_FORMAT,
        "case_id": case.id,
        "case_reference": case.reference,
        "kind": request.kind.value,
        "lang": request.lang,
        "profile": request.profile.value,
        "redacted": "yes" if request.redacts else "no",
        "generated_at": request.generated_utc().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "audit_head": request.audit_head_hex(),
        "attachments": str(len(attachments)),
        "attachments_sha256": attachments_hash(attachments),
    }
    code = code_for_payload(payload)
    return ReportStamp(code=code, payload=payload, qr_text=_qr_text(code, payload))


def code_for_payload(payload: Mapping[str, str]) -> str:
    """The verification code of a payload (what the vault recomputes to check a code)."""
    digest = hashlib.sha256(canonical_json(dict(payload)).encode("utf-8")).digest()
    bits = int.from_bytes(digest[:8], "big") >> (64 - 5 * _CODE_CHARS)
    chars = "".join(_CROCKFORD[(bits >> (5 * i)) & 31] for i in reversed(range(_CODE_CHARS)))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise_code(typed: str) -> str:
    """A code as a person typed it, in canonical form: case, spaces and dashes do not matter,
    and the letters Crockford base 32 leaves out read as the digits they resemble (O→0, I/L→1).
    Returns '' when it cannot be a code."""
    chars = "".join(c for c in typed.upper() if c.isalnum())
    chars = chars.translate(str.maketrans("OIL", "011"))
    if len(chars) != _CODE_CHARS or any(c not in _CROCKFORD for c in chars):
        return ""
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def _qr_text(code: str, payload: Mapping[str, str]) -> str:
    # Control characters and line breaks would break the line structure of the QR text.
    reference = "".join(c if c.isprintable() else " " for c in payload["case_reference"])
    if len(reference) > _QR_REFERENCE_LIMIT:
        reference = reference[: _QR_REFERENCE_LIMIT - 1] + "…"
    return "\n".join((
        f"ADVOCATE-REPORT {code}",
        f"case: {reference}",
        f"at: {payload['generated_at']}",
        f"audit: {payload['audit_head'] or '-'}",
        f"attachments: {payload['attachments']} {payload['attachments_sha256']}",
    ))
