"""The model's additions for the reports stay compatible with stored records and older
interchange documents: new fields have defaults, old values still read."""

from __future__ import annotations

from advocate.model import (
    AuthorityKind,
    ComplaintDraft,
    ConsentPurpose,
    Evidence,
    Role,
    RoleKind,
    new_id,
)
from advocate.model.codec import from_dict, to_dict

K, P, X = (new_id() for _ in range(3))


def test_an_old_complaint_draft_reads_with_empty_choices() -> None:
    old = {"type": "complaint", "id": X, "created": "", "updated": "", "case_id": K,
           "addressee_preset": "ombudsman", "authority_kind": "power_of_attorney"}
    draft = from_dict(old)
    assert isinstance(draft, ComplaintDraft)
    assert draft.official_ids == [] and draft.event_ids == []
    assert draft.authority_kind is AuthorityKind.POWER_OF_ATTORNEY


def test_new_fields_and_values_round_trip() -> None:
    draft = ComplaintDraft(case_id=K, official_ids=[P], event_ids=[X],
                           authority_kind=AuthorityKind.ADVOCATE_ORDER, authority="№ 1")
    assert from_dict(to_dict(draft)) == draft
    role = Role(case_id=K, person_id=P, role=RoleKind.UNDERAGE_NOT_PROSECUTED)
    assert from_dict(to_dict(role)) == role
    assert ConsentPurpose("share_international") is ConsentPurpose.SHARE_INTERNATIONAL


def test_the_old_perpetrator_role_still_reads() -> None:
    old = {"type": "role", "id": X, "created": "", "updated": "", "case_id": K,
           "person_id": P, "role": "perpetrator"}
    role = from_dict(old)
    assert isinstance(role, Role) and role.role is RoleKind.PERPETRATOR


def test_evidence_pages_and_duration_default_to_unknown() -> None:
    old = {"type": "evidence", "id": X, "created": "", "updated": "", "case_id": K,
           "original_name": "a.pdf", "sha256": "0" * 64, "size": 10}
    evidence = from_dict(old)
    assert isinstance(evidence, Evidence)
    assert evidence.pages == 0 and evidence.duration_seconds == 0
