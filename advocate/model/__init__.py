"""The records of a case file: dataclasses, enumerations, partial dates, validation, due dates.

The model imports nothing of storage: it can be used from a script or a test as it is.
"""

from advocate.model.casefile import CaseFile
from advocate.model.dates import PartialDate, Precision
from advocate.model.enums import (
    ActionKind,
    ActionStatus,
    AuthorityKind,
    CaseStatus,
    Channel,
    ConsentMethod,
    ConsentPurpose,
    Gender,
    ProceedingKind,
    ProceedingStatus,
    RoleKind,
    Severity,
    ThreatSource,
)
from advocate.model.records import (
    RECORD_TYPES,
    Action,
    Case,
    ComplaintDraft,
    Consent,
    Evidence,
    Hearing,
    Incident,
    Note,
    Person,
    Proceeding,
    Record,
    Relation,
    Role,
    Threat,
    new_id,
    utc_now,
)

__all__ = [
    "Action", "ActionKind", "ActionStatus", "AuthorityKind", "Case", "CaseFile", "CaseStatus",
    "Channel", "ComplaintDraft", "Consent", "ConsentMethod", "ConsentPurpose", "Evidence",
    "Gender", "Hearing", "Incident", "Note", "PartialDate", "Person", "Precision", "Proceeding",
    "ProceedingKind", "ProceedingStatus", "RECORD_TYPES", "Record", "Relation", "Role", "RoleKind",
    "Severity", "Threat", "ThreatSource", "new_id", "utc_now",
]
