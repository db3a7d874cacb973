"""What happened and what was done: incidents, threats, actions, proceedings and hearings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from advocate.model.base import Record
from advocate.model.dates import PartialDate
from advocate.model.deadlines import PeriodUnit
from advocate.model.enums import (
    ActionKind,
    ActionStatus,
    Channel,
    ProceedingKind,
    ProceedingStatus,
    Severity,
    ThreatSource,
)

_TIME = re.compile(r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9]", re.ASCII)

@dataclass(kw_only=True, slots=True)
class Incident(Record):
    """Something that happened to the victim: the original abuse, later assaults."""

    KIND: ClassVar[str] = "incident"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",), "person_ids": ("person",), "evidence_ids": ("evidence",)
    }

    case_id: str = ""
    title: str = ""
    date: PartialDate | None = None
    place: str = ""
    description: str = ""
    person_ids: list[str] = field(default_factory=list)
    evidence_ids: list[str] = field(default_factory=list)

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("title")

    def sort_key(self) -> str:
        return self.date.sort_key() if self.date else "9999"


@dataclass(kw_only=True, slots=True)
class Threat(Record):
    """A threat received by the victim, the family, the lawyer or a journalist."""

    KIND: ClassVar[str] = "threat"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",),
        "target_ids": ("person",),
        "source_person_id": ("person",),
        "evidence_ids": ("evidence",),
    }

    case_id: str = ""
    received: PartialDate | None = None
    target_ids: list[str] = field(default_factory=list)
    source: ThreatSource = ThreatSource.UNKNOWN
    source_person_id: str = ""  # when the source is a known person
    source_description: str = ""  # "a man who said he was from the akimat"
    channel: Channel = Channel.OTHER
    words: str = ""  # the exact words, as remembered or recorded
    severity: Severity = Severity.MEDIUM
    reported: bool = False
    reported_to: str = ""
    report_number: str = ""  # the police registration number (КУИ/ЕРДР)
    report_date: PartialDate | None = None
    response: str = ""
    evidence_ids: list[str] = field(default_factory=list)

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        if self.received is None:
            self._fail("received", "a threat needs a date, even an approximate year.", "required")
        if not self.target_ids:
            self._fail("target_ids", "a threat needs at least one person it targeted.", "required")
        if self.source is ThreatSource.KNOWN_PERSON and not self.source_person_id:
            self._fail("source_person_id", "name the known person the threat came from.",
                       "required")
        if self.report_date and self.received and (
            self.report_date.latest() < self.received.earliest()
        ):
            self._fail("report_date", "a threat cannot be reported before it was received.",
                       "before_received")

    def sort_key(self) -> str:
        return self.received.sort_key() if self.received else "9999"


@dataclass(kw_only=True, slots=True)
class Action(Record):
    """Something the lawyer or advocate did, and how the addressee answered."""

    KIND: ClassVar[str] = "action"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",),
        "proceeding_id": ("proceeding",),
        "evidence_ids": ("evidence",),
    }

    case_id: str = ""
    kind: ActionKind = ActionKind.COMPLAINT
    title: str = ""
    addressee: str = ""  # the authority written to
    description: str = ""
    filed: PartialDate | None = None
    reference_number: str = ""  # the incoming number the authority gave
    response_days: int | None = None  # the term for an answer
    response_unit: PeriodUnit = PeriodUnit.CALENDAR
    due: date | None = None  # computed from filed + term, or set by hand
    status: ActionStatus = ActionStatus.DRAFT
    response: str = ""
    response_date: PartialDate | None = None
    proceeding_id: str = ""
    evidence_ids: list[str] = field(default_factory=list)

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("title")
        if self.response_days is not None and not 1 <= self.response_days <= 3650:
            self._fail("response_days", "the term must be between 1 and 3650 days.",
                       "out_of_range", min=1, max=3650)
        if self.status is not ActionStatus.DRAFT and self.filed is None:
            self._fail("filed", f"an action that is {self.status.value} needs a filing date.",
                       "required")
        if self.due and self.filed and self.due < self.filed.earliest():
            self._fail("due", "the answer cannot be due before the action was filed.",
                       "before_filed")
        if self.response_date and self.filed and (
            self.response_date.latest() < self.filed.earliest()
        ):
            self._fail("response_date", "the answer cannot come before the action was filed.",
                       "before_filed")

    def sort_key(self) -> str:
        return self.filed.sort_key() if self.filed else "9999"

    def deadline(self) -> str | None:
        waiting = self.status in (ActionStatus.FILED, ActionStatus.AWAITING)
        return self.due.isoformat() if self.due and waiting else None


@dataclass(kw_only=True, slots=True)
class Proceeding(Record):
    """A criminal case, a civil or libel suit, or an administrative case."""

    KIND: ClassVar[str] = "proceeding"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {"case_id": ("case",)}

    case_id: str = ""
    kind: ProceedingKind = ProceedingKind.CRIMINAL
    title: str = ""
    court: str = ""  # or the investigating body
    judge: str = ""
    case_number: str = ""
    parties: str = ""
    against_advocates: bool = False  # a suit brought against the lawyer or journalist
    opened: PartialDate | None = None
    status: ProceedingStatus = ProceedingStatus.PENDING
    decisions: str = ""

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("title")

    def sort_key(self) -> str:
        return self.opened.sort_key() if self.opened else "9999"


@dataclass(kw_only=True, slots=True)
class Hearing(Record):
    """A hearing in a proceeding."""

    KIND: ClassVar[str] = "hearing"
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_id": ("case",), "proceeding_id": ("proceeding",)
    }

    case_id: str = ""
    proceeding_id: str = ""
    date: PartialDate | None = None
    time: str = ""  # "10:30", local time of the court
    place: str = ""
    outcome: str = ""
    notes: str = ""

    def validate(self) -> None:
        Record.validate(self)
        self._require("case_id")
        self._require("proceeding_id")
        self._require("date")
        if self.time:
            if _TIME.fullmatch(self.time) is None:
                self._fail("time", f"'{self.time[:20]}' is not a time; write 10:30.", "not_a_time")

    def sort_key(self) -> str:
        return (self.date.sort_key() if self.date else "9999") + (self.time or "")

    def deadline(self) -> str | None:
        return self.date.sort_key() if self.date and not self.outcome else None
