"""Checking a printed report's verification code against the vault it was issued from.

What ``advocate verify --report-code`` does, as one function the CLI and the app can share: the
code is typed loosely (case, spaces, dashes, O/0 and I/L/1 do not matter), found among the codes
the vault issued, recomputed from the stored payload, and the audit head the report printed is
looked up in the vault's chain (and the chain itself checked).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from advocate.reports.stamp import code_for_payload, normalise_code
from advocate.store.store import Store


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """The answer for one typed code; ``ok`` when it was issued here and nothing is wrong."""

    typed: str
    code: str  # the canonical form ('' when the text cannot be a code)
    issued: bool
    case_id: str = ""
    issued_at: str = ""
    payload: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Issued from this vault, matching its code, with its audit head in an intact chain."""
        return self.issued and not self.problems


def check_report_code(store: Store, typed: str) -> CodeCheck:
    """Look a printed code up in ``store`` and check what the report committed to."""
    wanted = normalise_code(typed)
    if not wanted:
        return CodeCheck(typed=typed, code="", issued=False)
    found = None
    for stored in store.issued_report_codes():
        if normalise_code(stored) == wanted:
            found = store.issued_report(stored)
            break
    if found is None:
        return CodeCheck(typed=typed, code=wanted, issued=False)
    case_id, at, payload = found
    facts = {str(k): str(v) for k, v in json.loads(payload).items()}
    problems: list[str] = []
    if code_for_payload(facts) != wanted:
        problems.append("the stored report does not match its code")
    if not store.audit.contains_hash(facts.get("audit_head", "")):
        problems.append("the audit head it printed is not in this vault's chain")
    problems.extend(store.audit.verify())
    return CodeCheck(typed=typed, code=wanted, issued=True, case_id=case_id, issued_at=at,
                     payload=facts, problems=tuple(problems))
