"""What every screen of the unlocked app shares: the worker, the prompts, the preferences.

One ``Session`` per app, passed to each screen (never a global, unlike Anki's ``aqt.mw``). It
turns the core's change notices into a Qt signal on the UI thread, so a list refreshes only what
changed, and tells every screen when the vault is locked (each screen that showed case data is then
destroyed by its owner).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from advocate.store.vault_facts import save_drafts
from ui.prompts import Prompts
from ui.safety.drafts import DraftBook
from ui.worker import VaultWorker


class Session(QObject):
    """The open app: one vault at a time, one worker that owns it."""

    #: A change notice from the core (which kinds, ids and cases a write touched), UI thread.
    changed = Signal(object)
    #: The vault was locked: drop everything that showed case data.
    locked = Signal()
    #: The vault was opened (after unlock or create).
    unlocked = Signal()
    #: The UI language changed (screens retranslate in place).
    language_changed = Signal(str)

    _notice = Signal(object)

    def __init__(self, prompts: Prompts, worker: VaultWorker | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.worker = worker or VaultWorker(self)
        self.vault_path: Path | None = None
        #: Forms with unsaved input register here; their state is kept in the vault at lock.
        self.drafts = DraftBook()
        #: How new vaults are made, (path, passphrase, with_recovery_key) -> (store, key);
        #: None: ``Store.create`` with the KDF calibrated here (tests give a cheap one).
        self.vault_factory: Callable[[Path, str, bool], Any] | None = None
        self._notice.connect(self._on_notice, Qt.ConnectionType.QueuedConnection)

    def adopt(self, lane: Any, store: Any) -> None:
        """On the worker, right after a vault was opened or created there: the lane owns the
        store from now on, and its change notices reach the screens (``changed``).

        note: one place for both, so no way of opening a vault (unlock, create, restore and
        open) leaves the dashboard and the case list deaf to changes.
        """
        lane.resource = store
        store.subscribe(self.notify_from_worker)

    def notify_from_worker(self, notice: Any) -> None:
        """Called by the store on the worker thread after a commit; re-emitted on the UI thread."""
        self._notice.emit(notice)

    @Slot(object)
    def _on_notice(self, notice: Any) -> None:
        self.changed.emit(notice)

    @property
    def is_open(self) -> bool:
        """Whether a vault is unlocked."""
        return self.vault_path is not None

    def opened(self, path: Path) -> None:
        """The worker has just opened the vault at ``path``: tell every screen."""
        self.vault_path = path
        self.unlocked.emit()

    def lock(self) -> None:
        """Lock now: the worker keeps the open forms' drafts in the vault, then drops the keys,
        on its thread; screens are told at once and nothing waits."""
        if self.vault_path is None:
            return
        self.vault_path = None
        drafts = self.drafts.collect()

        def keep_drafts(store: Any) -> None:
            if drafts and store is not None and not store.vault.read_only:
                save_drafts(store, drafts)

        self.worker.lock(before_close=keep_drafts)
        self.locked.emit()
