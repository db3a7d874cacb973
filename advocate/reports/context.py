"""Everything one report needs, worked out once: texts, who is named how, the complaint's
parties, the attachments and the stamp. Both the completeness check and the builders use it,
so what the check warns about is exactly what the document will do."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime

from advocate.errors import RecordNotFoundError
from advocate.model.casefile import CaseFile
from advocate.model.enums import RoleKind
from advocate.model.records import Person
from advocate.progress import check_cancel
from advocate.reports.people import PersonNamer
from advocate.reports.request import (
    ComplaintOptions,
    Profile,
    ReportKind,
    ReportRequest,
    ReportStamp,
)
from advocate.reports.stamp import Attachment, attachments_of, stamp_for
from advocate.reports.texts import AddresseePreset, ReportTexts, addressee_preset, texts_for

# A relation or family role that makes someone a child's legal representative, in the three
# languages people type them in.
_REPRESENTS = re.compile(
    r"(?<!\w)(?:представ|опекун|попечит|мать|мама|отец|папа|өкіл|"
    r"қорғаншы|ана|әке|representative|guardian|mother|father|parent)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class ComplaintParties:
    """Who a complaint goes to, who files it, for whom, and who signs."""

    options: ComplaintOptions
    preset: AddresseePreset
    addressee_block: str
    applicant: Person | None
    representative: Person | None
    signatory: Person | None
    victims: list[Person]
    place: str


@dataclass(slots=True)
class ReportContext:
    """The case file and request of one report, with what is derived from them."""

    case_file: CaseFile
    request: ReportRequest
    texts: ReportTexts
    namer: PersonNamer
    stamp: ReportStamp
    attachments: list[Attachment]
    local_time: datetime
    parties: ComplaintParties | None
    cancel: threading.Event | None = None
    evidence_numbers: dict[str, int] = field(default_factory=dict)

    def check_cancel(self) -> None:
        """Raise Cancelled when the caller asked to stop."""
        check_cancel(self.cancel)

    def attachment_refs(self, evidence_ids: list[str]) -> str:
        """'приложения № 3, 5' for the evidence a record cites ('' when none is attached)."""
        numbers = sorted({self.evidence_numbers[e] for e in evidence_ids
                          if e in self.evidence_numbers})
        if not numbers:
            return ""
        return self.texts("label.evidence_refs", numbers=", ".join(map(str, numbers)))


def make_context(case_file: CaseFile, request: ReportRequest,
                 cancel: threading.Event | None = None) -> ReportContext:
    """Work out everything a report of ``request`` on ``case_file`` needs."""
    texts = texts_for(request.lang)
    local_time = request.generated_local()
    parties = (resolve_parties(case_file, request, texts)
               if request.kind is ReportKind.COMPLAINT else None)
    addressee: list[str] = [request.recipient]
    party_ids: list[str] = []
    required: list[str] = []
    if parties is not None:
        addressee += [parties.addressee_block, *parties.preset.names.values()]
        party_ids = [p.id for p in (parties.applicant, parties.representative, parties.signatory)
                     if p is not None]
        if (parties.applicant is not None and request.profile is Profile.OMBUDSMAN
                and parties.preset.profile is Profile.OMBUDSMAN):
            required.append(parties.applicant.id)
    namer = PersonNamer(case_file, profile=request.profile, redact=request.redacts, texts=texts,
                        day=local_time.date(), addressee_texts=addressee, parties=party_ids,
                        required=required)
    attachments = attachments_of(case_file)
    return ReportContext(
        case_file=case_file, request=request, texts=texts, namer=namer,
        stamp=stamp_for(case_file, request), attachments=attachments, local_time=local_time,
        parties=parties, cancel=cancel,
        evidence_numbers={a.evidence.id: a.number for a in attachments},
    )


def resolve_parties(case_file: CaseFile, request: ReportRequest,
                    texts: ReportTexts) -> ComplaintParties:
    """The complaint's addressee and persons, with the defaults ComplaintOptions describes."""
    options = request.complaint_options()
    preset = addressee_preset(options.addressee_preset)
    victims = case_file.people_with_role(RoleKind.VICTIM)
    applicant = (_person(case_file, options.applicant_id) if options.applicant_id
                 else _default_applicant(case_file, victims))
    representative = (_person(case_file, options.representative_id)
                      if options.representative_id else _first_lawyer(case_file, applicant))
    signatory = (_person(case_file, options.signatory_id) if options.signatory_id
                 else representative or applicant)
    block = options.addressee_text if options.addressee_text.strip() else preset.block(texts.lang)
    return ComplaintParties(
        options=options, preset=preset, addressee_block=block, applicant=applicant,
        representative=representative, signatory=signatory, victims=victims,
        place=options.place.strip() or case_file.case.place.strip(),
    )


def _person(case_file: CaseFile, person_id: str) -> Person:
    person = case_file.persons.get(person_id)
    if person is None:
        raise RecordNotFoundError(person_id, "person")
    return person


def _default_applicant(case_file: CaseFile, victims: list[Person]) -> Person | None:
    applicants = case_file.people_with_role(RoleKind.APPLICANT)
    if applicants:
        return applicants[0]
    if not victims:
        return None
    victim = victims[0]
    for relation in case_file.relations:
        if (relation.other_person_id == victim.id and _REPRESENTS.search(relation.kind)
                and relation.person_id in case_file.persons):
            return case_file.persons[relation.person_id]
    for role in case_file.roles:
        if (role.role is RoleKind.FAMILY and _REPRESENTS.search(role.relation_to_victim)
                and role.person_id in case_file.persons):
            return case_file.persons[role.person_id]
    return victim


def _first_lawyer(case_file: CaseFile, applicant: Person | None) -> Person | None:
    for lawyer in case_file.people_with_role(RoleKind.LAWYER):
        if applicant is None or lawyer.id != applicant.id:
            return lawyer
    return None
