"""The evidence tab: take files in (file dialog or drag and drop), view, export, copy the hash.

Intake runs on the worker (``Store.add_evidence`` with progress and cancel): a bar shows how far a
large file is, Cancel stops it and the core leaves nothing behind. Export is an explicit act: a
save dialog, then ``Store.export_evidence``, which checks the bytes against the SHA-256 first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton

from advocate.errors import Cancelled
from advocate.i18n import N_, _
from advocate.model import CaseFile, Evidence, Person
from advocate.store.evidence import safe_filename
from ui.forms.record_form import calm_error
from ui.views.workspace.tabs import RecordTab
from ui.widgets.evidence_viewer import EvidenceViewer, copy_hash
from ui.widgets.person_picker import PersonFinder, PersonPicker
from ui.worker import Op

if TYPE_CHECKING:
    from ui.views.case_workspace import CaseWorkspace


class EvidenceTab(RecordTab):
    """Evidence files of the case."""

    #: An intake or export finished (ok, cancelled or failed); tests wait on it.
    transfer_finished = Signal()

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__(workspace, "evidence", extra=[
            ("viewEvidence", N_("View…"), self.view),
            ("exportEvidence", N_("Export…"), self.export),
            ("copyEvidenceHash", N_("Copy SHA-256"), self.copy_sha),
        ])
        self.setAcceptDrops(True)
        self._queue: list[Path] = []
        self._op: Op[Any] | None = None
        self.viewer: EvidenceViewer | None = None
        self.progress = QProgressBar(self)
        self.progress.setObjectName("evidenceProgress")
        self.progress.hide()
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelIntake")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.status = QLabel(self)
        self.status.setObjectName("evidenceStatus")
        self.status.setWordWrap(True)
        # Provenance for the files taken in next (the record can be edited afterwards too).
        self.source_label = QLabel(self)
        self.source = QLineEdit(self)
        self.source.setObjectName("intakeSource")
        self.source_label.setBuddy(self.source)
        self.provided_label = QLabel(self)
        self.provided_by = PersonPicker(self, optional=True)
        self.provided_by.setObjectName("intakeProvidedBy")
        self.provided_label.setBuddy(self.provided_by)
        self.provided_by.new_person_requested.connect(self._new_provider)
        intake = QHBoxLayout()
        intake.addWidget(self.source_label)
        intake.addWidget(self.source, 2)
        intake.addWidget(self.provided_label)
        intake.addWidget(self.provided_by, 1)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = self.layout()
        layout.addLayout(intake)  # type: ignore[union-attr]
        layout.addWidget(self.status)  # type: ignore[union-attr]
        layout.addLayout(row)  # type: ignore[union-attr]
        self.table.doubleClicked.disconnect()
        self.table.doubleClicked.connect(lambda _i: self.view())
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the UI language."""
        super().retranslate()
        button = self.buttons[f"add_{self.kind}"][0]
        button.setText(_("Add files…"))
        button.setAccessibleName(_("Add evidence files"))
        if hasattr(self, "cancel_button"):
            self.cancel_button.setText(_("Cancel"))
            self.cancel_button.setAccessibleName(_("Cancel taking the file in"))
            self.progress.setAccessibleName(_("Progress of taking the file in"))
            if not self.status.text():
                self.status.setText(_("Drop files here, or use Add files…"))
            self.source_label.setText(_("Where the next files came from:"))
            self.source.setAccessibleName(_("Where the next files came from"))
            self.source.setPlaceholderText(_("e.g. WhatsApp screenshots sent by the mother"))
            self.provided_label.setText(_("Provided by:"))
            self.provided_by.setAccessibleName(_("Who provided the next files"))
            self.provided_by.retranslate()

    def set_case_file(self, cf: CaseFile) -> None:
        """Show the case's evidence; the provider is picked from the case's persons, or found
        among the vault's by typing."""
        super().set_case_file(cf)
        self.provided_by.set_finder(PersonFinder(self.workspace.session.worker, cf.persons))
        self.provided_by.set_persons(list(cf.persons.values()), self.provided_by.person_id())

    def _new_provider(self) -> None:
        dialog = self.workspace.new_record("person")

        def added(_old: object, person: Person) -> None:
            self.provided_by.remember(person)
            self.provided_by.set_person(person.id)

        dialog.record_saved.connect(added)

    # --- intake -------------------------------------------------------------------------------

    def add(self) -> None:
        """Choose files to take in."""
        paths = self.workspace.session.prompts.open_files(self, _("Add evidence files"))
        self.take_in(paths)

    def take_in(self, paths: list[Path]) -> None:
        """Take files in one after the other, with progress."""
        self._queue.extend(p for p in paths if p.is_file())
        if self._op is None:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self._op = None
            self.progress.hide()
            self.cancel_button.hide()
            self.workspace.reload()
            self.transfer_finished.emit()
            return
        path = self._queue.pop(0)
        case_id = self.workspace.case_id
        provenance, provider = self.source.text().strip(), self.provided_by.person_id()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.status.setText(_("Taking in {name}…").format(name=path.name))

        def intake(store: Any, task: Any) -> Evidence:
            evidence: Evidence = store.add_evidence(
                case_id, path, provenance=provenance, provided_by_id=provider,
                progress=task.progress, cancel=task.cancel)
            return evidence

        self._op = Op(self.workspace.session.worker, intake, parent=self) \
            .progress(self._progress).success(self._taken).failure(self._intake_failed).run()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(done * 1000 / total))

    def _taken(self, evidence: Evidence) -> None:
        self.status.setText(_("Taken in: {name}. Say where it came from with Edit…").format(
            name=evidence.original_name))
        self._next()

    def _intake_failed(self, exc: BaseException) -> None:
        self._queue.clear()
        if isinstance(exc, Cancelled):
            self.status.setText(_("Cancelled; nothing was taken in."))
        else:
            self.status.setText(calm_error(exc))
        self._next()

    def cancel(self) -> None:
        """Stop the intake that runs (the core undoes it) and drop the queue."""
        self._queue.clear()
        if self._op is not None:
            self._op.cancel()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept local files."""
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Take the dropped files in."""
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.take_in(paths)

    # --- viewing, export, hash ----------------------------------------------------------------

    def view(self) -> None:
        """Show the selected file inside the app, from memory."""
        evidence = self.selected()
        if evidence is None:
            return
        self.viewer = EvidenceViewer(self.workspace.session, evidence, self)
        self.viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer.open()

    def copy_sha(self) -> None:
        """Copy the selected file's SHA-256."""
        evidence = self.selected()
        if evidence is not None:
            copy_hash(evidence.sha256)
            self.status.setText(_("SHA-256 copied."))

    def export(self) -> None:
        """Write the selected file out where the user says, checked against its hash."""
        evidence = self.selected()
        if evidence is None:
            return
        prompts = self.workspace.session.prompts
        target = prompts.save_file(self, _("Export evidence file"),
                                   safe_filename(evidence.original_name))
        if target is None:
            return
        # OUTPUT-RULE: check `target` with advocate.outputs (never into a vault, over a vault's
        # or backup's file, through a symlink, onto a device) here when it lands.
        evidence_id = evidence.id

        def export(store: Any, task: Any) -> Path:
            written: Path = store.export_evidence(evidence_id, target, progress=task.progress,
                                                  cancel=task.cancel)
            return written

        self.progress.setRange(0, 0)
        self.progress.show()
        self._op = Op(self.workspace.session.worker, export, parent=self) \
            .progress(self._progress).success(self._exported).failure(self._export_failed).run()

    def _exported(self, path: Path) -> None:
        self._op = None
        self.progress.hide()
        self.status.setText(_("Exported and checked against its SHA-256: {name}").format(
            name=path.name))
        self.transfer_finished.emit()

    def _export_failed(self, exc: BaseException) -> None:
        self._op = None
        self.progress.hide()
        self.status.setText(_("Cancelled; nothing was written.") if isinstance(exc, Cancelled)
                            else calm_error(exc))
        self.transfer_finished.emit()
