"""Undo and redo of the workspace's edits and deletions (Ctrl+Z, Ctrl+Shift+Z).

Each command is pushed after the store has done the work, so its first ``redo`` (which Qt calls
on push) does nothing; later ones run on the worker like every other write. Undoing a save puts
the previous version back (or deletes a record that was new); undoing a deletion adds the deleted
records back, owners first. Deleting evidence is never put here: its bytes are gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from ui.worker import Op

if TYPE_CHECKING:
    from advocate.model import Record
    from ui.views.case_workspace import CaseWorkspace

#: The order records must be added back in, so references resolve (owners first).
_ADD_BACK_ORDER = {"case": 0, "person": 1, "evidence": 2, "proceeding": 3}


class _StoreCommand(QUndoCommand):
    def __init__(self, workspace: CaseWorkspace, text: str) -> None:
        super().__init__(text)
        self._workspace = workspace
        self._pushed = False

    def _run(self, fn: Callable[[Any, Any], Any]) -> None:
        workspace = self._workspace
        Op(workspace.session.worker, fn, parent=workspace) \
            .success(lambda _r: workspace.reload()) \
            .failure(workspace.show_error).run()

    def redo(self) -> None:
        if not self._pushed:  # the work was done before the push
            self._pushed = True
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.undo_it)

    def do(self, store: Any, _task: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def undo_it(self, store: Any, _task: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class SaveCommand(_StoreCommand):
    """A record was saved: ``old`` is the version before (None when it was new)."""

    def __init__(self, workspace: CaseWorkspace, old: Record | None, new: Record,
                 text: str) -> None:
        super().__init__(workspace, text)
        self.old, self.new = old, new

    def do(self, store: Any, _task: Any) -> None:
        if self.old is None:
            store.add(self.new)
        else:
            store.update(self.new)

    def undo_it(self, store: Any, _task: Any) -> None:
        if self.old is None:
            store.delete(self.new.id)
        else:
            store.update(self.old)


class DeleteCommand(_StoreCommand):
    """Records were deleted together (``records``: the owner and what it owned)."""

    def __init__(self, workspace: CaseWorkspace, record_id: str, records: list[Record],
                 text: str) -> None:
        super().__init__(workspace, text)
        self.record_id = record_id
        self.records = sorted(records, key=lambda r: _ADD_BACK_ORDER.get(r.KIND, 9))

    def do(self, store: Any, _task: Any) -> None:
        store.delete(self.record_id)

    def undo_it(self, store: Any, _task: Any) -> None:
        store.add_many(list(self.records))
