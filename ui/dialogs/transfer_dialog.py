"""Export to and import from the JSON interchange format (docs/interchange.md), from the app.

``ExportDialog(session, case_id, parent)`` writes one case (or, with ``case_id`` None, the whole
vault) as a readable JSON document, after warning that the file is not encrypted.
``ImportDialog(session, parent)`` reads one back: all or nothing, and an error names the place
in the document (``records[12].received``). Both run on the worker with progress and cancel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from advocate.i18n import _
from advocate.store.interchange import import_document, write_export
from ui.dialogs.ops_base import FileField, OperationDialog, today_iso
from ui.session import Session


class ExportDialog(OperationDialog):
    """Write a case, or the whole vault, to a JSON document."""

    def __init__(self, session: Session, case_id: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(session.prompts, session.worker, parent, "exportDialog")
        self._case_id = case_id
        self.file = FileField(self, "exportFile", self.choose_file)
        self._file_label = self.label_row(self.file)
        self.records = 0
        self.retranslate()
        self._update()
        self.follow(session)

    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.heading.setText(_("Export this case") if self._case_id else
                             _("Export the whole vault"))
        self.explain.setText(_(
            "Writes a readable JSON file that another Advocate can import. The file is NOT "
            "encrypted: anyone who gets it can read every name and every note in it. Keep it on "
            "an encrypted disk and delete it when it has served its purpose."))
        self._file_label.setText(_("Export &file:"))
        self.file.retranslate(_("Export file"))
        self.go_button.setText(_("&Export"))
        self.go_button.setAccessibleName(_("Export"))

    def choose_file(self) -> None:
        """Ask where to write the document (the name says nothing about the case)."""
        suggested = _("advocate-export-{date}.json").format(date=today_iso())
        path = self.prompts.save_file(self, _("Where to write the export"), suggested,
                                      _("JSON documents (*.json)"))
        # OUTPUTS: check `path` with advocate.outputs' rule for output paths here once it lands
        # on this branch (never into a vault, over a vault or backup file, through a symlink).
        self.file.set_path(path)
        self._update()

    def _update(self) -> None:
        self.go_button.setEnabled(not self.busy and self.file.path is not None)

    def go(self) -> None:
        """Confirm the plain file, then write it on the worker."""
        out, case_id = self.file.path, self._case_id
        if out is None or self.busy:
            return
        if not self.prompts.confirm(self, "Advocate", _("The export will not be encrypted."),
                                    detail=_("Anyone who gets the file can read it."),
                                    ok_label=_("Export anyway")):
            return
        if out.exists() and not self.prompts.confirm(
                self, "Advocate", _("A file with this name already exists. Replace it?"),
                ok_label=_("Replace"), destructive=True):
            return
        self.run(_("Exporting…"),
                 lambda store, task: write_export(store, out, case_id, progress=task.progress,
                                                  cancel=task.cancel),
                 lambda n: self._done(n, out), needs_store=True)

    def _done(self, records: int, out: Path) -> None:
        self.records = records
        self.result_label.setText(_("Exported {records} records to {path}. The file is not "
                              "encrypted: keep it safe.").format(records=records, path=str(out)))
        self.result_label.setAccessibleName(self.result_label.text())


class ImportDialog(OperationDialog):
    """Read a JSON document into the open vault: everything or nothing."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session.prompts, session.worker, parent, "importDialog")
        self.file = FileField(self, "importFile", self.choose_file)
        self._file_label = self.label_row(self.file)
        self.added = self.skipped = 0
        self.retranslate()
        self._update()
        self.follow(session)

    def retranslate(self) -> None:
        """Texts in the current language."""
        super().retranslate()
        self.heading.setText(_("Import from a JSON file"))
        self.explain.setText(_(
            "Reads a file exported by Advocate. Either everything in it is imported or, if "
            "anything is wrong, nothing is, and the message says where the problem is. Records "
            "already here unchanged are skipped."))
        self._file_label.setText(_("&File to import:"))
        self.file.retranslate(_("File to import"))
        self.go_button.setText(_("&Import"))
        self.go_button.setAccessibleName(_("Import"))

    def choose_file(self) -> None:
        """Ask for the document."""
        self.file.set_path(self.prompts.open_file(
            self, _("Choose a file to import"), _("JSON documents (*.json);;All files (*)")))
        self._update()

    def _update(self) -> None:
        self.go_button.setEnabled(not self.busy and self.file.path is not None)

    def go(self) -> None:
        """Import on the worker, in one transaction."""
        path = self.file.path
        if path is None or self.busy:
            return
        self.run(_("Importing…"),
                 lambda store, task: import_document(store, path, progress=task.progress,
                                                     cancel=task.cancel),
                 self._done, needs_store=True)

    def _done(self, counts: tuple[int, int]) -> None:
        self.added, self.skipped = counts
        if self.skipped:
            words = _("Imported {added} records; {skipped} were already here.").format(
                added=self.added, skipped=self.skipped)
        else:
            words = _("Imported {added} records.").format(added=self.added)
        self.result_label.setText(words)
        self.result_label.setAccessibleName(words)
