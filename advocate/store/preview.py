"""What deleting a record would take with it, counted by kind, before anything is deleted.

The app says this before it asks "Delete?" (DESIGN.md section 10). The rules are the repository's
(``advocate.store.repository``, module docstring): the same closure over owned records, the same
references that would refuse the deletion. Nothing is written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from advocate.errors import RecordNotFoundError
from advocate.store.repository import OWNED_BY_TARGET, RecordRepository


@dataclass(frozen=True, slots=True)
class DeletePreview:
    """The record to delete, what goes with it, and what would refuse the deletion."""

    record_id: str
    kind: str
    #: Records deleted with it, by kind (the record itself not counted).
    also: dict[str, int] = field(default_factory=dict)
    #: Ids deleted, owned records first and the record itself last (the order deletion uses).
    ids: tuple[str, ...] = ()
    #: (kind, id) of records outside the deletion that still refer to it; non-empty = refused.
    blocked_by: tuple[tuple[str, str], ...] = ()
    #: Whether evidence bytes go with it (those cannot be restored by an undo).
    drops_evidence: bool = False

    @property
    def allowed(self) -> bool:
        """Whether the deletion would go through."""
        return not self.blocked_by


def delete_preview(records: RecordRepository, record_id: str) -> DeletePreview:
    """What ``RecordRepository.delete(record_id)`` would delete or refuse, without deleting."""
    kind = records.exists(record_id)
    if kind is None:
        raise RecordNotFoundError(record_id)
    doomed: dict[str, str] = {record_id: kind}
    queue = [record_id]
    while queue:
        current = queue.pop()
        for ref_kind, from_id, ref_field in records.referrers(current):
            if (ref_kind, ref_field) in OWNED_BY_TARGET and from_id not in doomed:
                doomed[from_id] = ref_kind
                queue.append(from_id)
    blocking = sorted({(k, i) for to_id in doomed for k, i, _ in records.referrers(to_id)
                       if i not in doomed})
    also = Counter(k for i, k in doomed.items() if i != record_id)
    order = (*(i for i in doomed if i != record_id), record_id)
    return DeletePreview(record_id=record_id, kind=kind, also=dict(sorted(also.items())),
                         ids=order, blocked_by=tuple(blocking),
                         drops_evidence="evidence" in doomed.values())
