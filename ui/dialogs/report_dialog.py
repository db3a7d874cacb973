"""Reports of a case: choose, check, preview from memory, then save as PDF or print.

``ReportDialog(session, case_id, parent)``: the kind of report, its language (independent of the
app's), the addressee and who will read it (the redaction profile), and for a complaint the
draft's texts and choices (the officials complained of, the events told), edited here and saved
in the vault. What the report still lacks and whose consent is missing are listed before
anything is rendered, each with a way to fix it: a field of this dialog is focused, anything
else is asked of the case workspace through ``fix_requested``.
The worker loads the case file; the pages are laid out in a child process
(``advocate.report_process``, started when the dialog opens), with progress and cancel; they are
shown from memory.

``CheckCodeDialog(session, parent)`` checks a verification code typed from paper, as ``advocate
verify --report-code`` does.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QWidget,
)

from advocate.i18n import LANGUAGES, NATIVE_NAMES, _, language
from advocate.report_process import ReportProcess
from ui.dialogs import report_jobs as jobs
from ui.dialogs.check_code import CheckCodeDialog
from ui.dialogs.ops_base import follow_session
from ui.dialogs.report_form import ReportForm
from ui.dialogs.report_preview import PagePrinter, ReportPreview
from ui.session import Session
from ui.widgets.progress_panel import ProgressPanel, failure_text
from ui.worker import Op

__all__ = ["CheckCodeDialog", "ReportDialog"]

#: Gaps fixed by a field of this dialog: gap code → objectName of the field.
_DIALOG_FIELDS = {
    "addressee_incomplete": "complaintAddresseeText", "authority": "complaintAuthorityKind",
    "no_complained_of": "complaintComplainedOf", "no_legal_grounds": "complaintLegalGrounds",
    "no_request": "complaintRequest", "no_place": "complaintPlace",
    "no_officials": "complaintOfficials", "authority_document": "complaintAuthority",
}
#: Gaps fixed in the case workspace: gap code → the field (or tab) named in fix_requested.
_WORKSPACE_FIELDS = {
    "applicant_address": "address", "applicant_id_number": "id_number",
    "applicant_minor": "birth_date", "no_applicant": "roles", "no_remedy": "actions",
    "no_consent": "consent", "child_assent": "consent", "no_threats": "threats",
    "no_events": "timeline", "no_evidence": "evidence",
}
_CONSENT_GAPS = {"no_consent", "child_assent"}
_TEXT_FIELDS = ("addressee_text", "complained_of", "legal_grounds", "request")


class ReportDialog(ReportForm):
    """One case's reports: options, gaps, preview, save and print."""

    #: A gap is fixed outside this dialog: (record id, field or tab) for the case workspace.
    fix_requested = Signal(str, str)

    def __init__(self, session: Session, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.setWindowTitle("Advocate")  # never case data in a title
        self._session = session
        self._case_id = case_id
        self._setup: jobs.Setup | None = None
        self._draft_dirty = False
        self._rendered: jobs.Rendered | None = None
        self._issued = False  # the code of what is shown was saved or printed, so it checks
        self._op: Op[Any] | None = None
        self._printer: PagePrinter | None = None
        # note: the pages are laid out in a child process (reportlab on a thread of this one
        # holds the interpreter's lock in long stretches: stalls of 58-206 ms were measured);
        # it is started now, so the first Preview does not wait for it to import reportlab, and
        # stopped when the dialog closes.
        self.renderer = ReportProcess()
        self.renderer.start()
        self._gap_timer = QTimer(self)
        self._gap_timer.setSingleShot(True)
        self._gap_timer.setInterval(400)
        self._gap_timer.timeout.connect(self.refresh_gaps)
        self._list_timer = QTimer(self)  # the case changed: reload the officials and events
        self._list_timer.setSingleShot(True)
        self._list_timer.setInterval(400)
        self._list_timer.timeout.connect(self.refresh_lists)
        self._build()
        self.retranslate()
        self.resize(1280, 720)
        follow_session(self, session, self.retranslate)
        session.changed.connect(self._on_changed)
        Op(session.worker, lambda store, task: jobs.load_setup(store, case_id, language()),
           parent=self).success(self._on_setup).failure(self._on_failure).run()

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("reportHeading")
        self.heading.setStyleSheet("font-weight: bold; font-size: 14pt;")
        self.kind = self._combo("reportKind")
        self.lang = self._combo("reportLanguage")
        for code in LANGUAGES:
            self.lang.addItem(NATIVE_NAMES[code], code)
        self.lang.setCurrentIndex(self.lang.findData("ru"))
        self.addressee = self._combo("reportAddressee")
        self.profile = self._combo("reportProfile")
        self.redact = QCheckBox(self)
        self.redact.setObjectName("reportRedact")
        self.redact.toggled.connect(self._options_changed)
        self.addressee_text = self._text("complaintAddresseeText")
        self.addressee_text.setMaximumHeight(90)
        self.authority_kind = self._combo("complaintAuthorityKind")
        self.authority = self._line("complaintAuthority")
        self.complained_of = self._text("complaintComplainedOf")
        self.officials = self._checklist("complaintOfficials", 6)
        self.events = self._checklist("complaintEvents", 9)
        self.events_hint = QLabel(self)
        self.events_hint.setObjectName("complaintEventsHint")
        self.events_hint.setWordWrap(True)
        self.legal_grounds = self._text("complaintLegalGrounds")
        self.request = self._text("complaintRequest")
        self.place = self._line("complaintPlace")
        self.confidential = QCheckBox(self)
        self.confidential.setObjectName("complaintConfidential")
        self.confidential.toggled.connect(self._texts_changed)
        self.save_draft_button = self._button("saveDraftButton", self.save_draft)
        self.gaps = QListWidget(self)
        self.gaps.setObjectName("reportGaps")
        self.gaps.setWordWrap(True)
        self.gaps.setMinimumHeight(110)
        self.gaps.itemActivated.connect(self._fix)
        self.fix_button = self._button("fixGapButton", lambda: self._fix(self.gaps.currentItem()))
        self.render_button = self._button("renderButton", self.prepare)
        self.progress = ProgressPanel(self)
        self.progress.cancel_requested.connect(self._cancel)
        self.preview = ReportPreview(self)
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("previewPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.preview)
        self.code_label = QLabel(self)
        self.code_label.setObjectName("verificationCode")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_pdf_button = self._button("savePdfButton", self.save_pdf)
        self.print_button = self._button("printButton", self.print_report)
        self.check_code_button = self._button("checkCodeButton", self.check_code)
        self.close_button = self._button("closeButton", self.reject)
        for button in (self.save_pdf_button, self.print_button):
            button.setEnabled(False)
        self._lay_out()

    def retranslate(self) -> None:
        """Set every text in the UI's language (the report's language is its own)."""
        words = {
            "kind": _("&Report:"), "lang": _("&Language of the report:"),
            "addressee": _("&Addressee:"), "profile": _("&Who will read it:"),
            "addressee_text": _("Addressee &block:"), "authority_kind": _("Act&ing as:"),
            "authority": _("Authority &document:"), "complained_of": _("&Complained of:"),
            "officials": _("O&fficials complained of:"), "events": _("&Events told:"),
            "legal_grounds": _("Legal &grounds:"), "request": _("Re&quest:"),
            "place": _("Place &of signing:"),
        }
        for name, label in self._labels.items():
            self.set_label(label, words[name])
            label.buddy().setAccessibleName(words[name].replace("&", "").rstrip(":"))
        self.heading.setText(_("Reports"))
        # note: check boxes do not wrap; the short text keeps the form inside 1366 px in Kazakh.
        self.redact.setText(_("Hide names and contact details"))
        self.redact.setToolTip(_("Hide victims' names, minors, addresses and phone numbers"))
        self.redact.setAccessibleName(_("Redact the report"))
        self.confidential.setText(_("Ask for confidentiality"))
        self.confidential.setToolTip(_("Ask for the applicant's identity to be kept "
                                       "confidential"))
        self.confidential.setAccessibleName(_("Confidentiality request"))
        self.addressee_text.setPlaceholderText(_("Leave empty to use the addressee's usual "
                                                 "block"))
        self.complaint_heading.setText(_("The complaint's texts (kept in the case)"))
        self.gaps_heading.setText(_("Before you print: what is missing"))
        self.placeholder.setText(_("Choose the report on the left, look at what is missing, "
                                   "then press Preview. The pages appear here; nothing is "
                                   "written to the disk until you save."))
        self.gaps.setAccessibleName(_("What the report still lacks"))
        self.events_hint.setText(_("None ticked: the events that concern the officials ticked "
                                   "above, or every event when none do."))
        for button, text in ((self.save_draft_button, _("Save the &texts")),
                             (self.fix_button, _("Go to where it is fi&xed")),
                             (self.render_button, _("&Preview")),
                             (self.save_pdf_button, _("&Save as PDF…")),
                             (self.print_button, _("Pri&nt…")),
                             (self.check_code_button, _("Chec&k a printed code…")),
                             (self.close_button, _("Close"))):
            button.setText(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
        self.progress.retranslate()
        self.preview.retranslate()
        self._show_code()
        if self._setup is not None:
            self._gap_timer.start()

    # --- loading and options -----------------------------------------------------------------

    def _on_setup(self, setup: jobs.Setup) -> None:
        self._setup = setup
        self._filling = True
        for combo, items in ((self.kind, setup.kinds), (self.profile, setup.profiles),
                             (self.authority_kind, [("", _("not stated")), *setup.authorities])):
            combo.clear()
            for value, label in items:
                combo.addItem(label, value)
        self.addressee.clear()
        for key, name, profile in setup.presets:
            self.addressee.addItem(name, (key, profile))
        for listed, rows in ((self.officials, setup.officials), (self.events, setup.events)):
            self._fill_checklist(listed, rows, set())
        self._fill_draft(setup.draft)
        self._filling = False
        self.heading.setText(_("Reports of the case {reference}").format(
            reference=setup.reference))
        self._combo_changed(self.addressee)
        self._draft_dirty = False
        self.refresh_gaps()

    def _fill_draft(self, draft: Any) -> None:
        if draft is None:
            return
        for index in range(self.addressee.count()):
            if self.addressee.itemData(index)[0] == draft.addressee_preset:
                self.addressee.setCurrentIndex(index)
        self.addressee_text.setPlainText(draft.addressee_text)
        value = draft.authority_kind.value if draft.authority_kind else ""
        self.authority_kind.setCurrentIndex(max(0, self.authority_kind.findData(value)))
        self.authority.setText(draft.authority)
        self.complained_of.setPlainText(draft.complained_of)
        self.legal_grounds.setPlainText(draft.legal_grounds)
        self.request.setPlainText(draft.request)
        self.place.setText(draft.place)
        self.confidential.setChecked(draft.confidential)
        for listed, chosen in ((self.officials, draft.official_ids),
                               (self.events, draft.event_ids)):
            ticked = set(chosen)
            for index in range(listed.count()):
                item = listed.item(index)
                item.setCheckState(Qt.CheckState.Checked
                                   if item.data(Qt.ItemDataRole.UserRole) in ticked
                                   else Qt.CheckState.Unchecked)

    _filling = False

    def _combo_changed(self, combo: QComboBox) -> None:
        if self._filling or self._setup is None:
            return
        complaint = self.kind.currentData() == "complaint"
        if combo is self.kind or combo is self.addressee:
            self.complaint_box.setVisible(complaint)
            self.addressee.setEnabled(complaint)
            wanted = self.addressee.currentData()[1] if complaint and self.addressee.count() \
                else "internal"
            self.profile.setCurrentIndex(max(0, self.profile.findData(wanted)))
        if combo is self.profile:
            self.redact.setChecked(self.profile.currentData() == "press")
        if combo in (self.addressee, self.authority_kind):
            self._texts_changed()
        self._options_changed()

    def _options_changed(self) -> None:
        self._forget_rendered()
        self._gap_timer.start()

    def _texts_changed(self) -> None:
        if self._filling:
            return
        self._draft_dirty = True
        self._options_changed()

    def choice(self) -> jobs.Choice:
        """What is chosen now, as plain values for the worker."""
        key = self.addressee.currentData()[0] if self.addressee.count() else "ombudsman"
        texts = {
            "addressee_preset": key, "addressee_text": self.addressee_text.toPlainText(),
            "authority_kind": self.authority_kind.currentData() or "",
            "authority": self.authority.text(), "complained_of": self.complained_of.toPlainText(),
            "legal_grounds": self.legal_grounds.toPlainText(),
            "request": self.request.toPlainText(), "confidential": self.confidential.isChecked(),
            "place": self.place.text(), "official_ids": _ticked(self.officials),
            "event_ids": _ticked(self.events),
        }
        return jobs.Choice(kind=self.kind.currentData() or "complaint",
                           lang=self.lang.currentData(), profile=self.profile.currentData()
                           or "ombudsman", redact=self.redact.isChecked(), texts=texts)

    # --- following the case ------------------------------------------------------------------

    def _on_changed(self, notice: Any) -> None:
        """Something was written: the gaps are checked again, and when the write may have
        touched this case (its records, or people, who belong to no case), the lists too."""
        self._gap_timer.start()
        case_ids = getattr(notice, "case_ids", None)
        if not case_ids or self._case_id in case_ids:
            self._list_timer.start()

    def refresh_lists(self) -> None:
        """Load the case's officials and events again (they follow edits of the case made
        while the dialog is open); the user's ticks are kept where their rows still exist."""
        if self._setup is None:
            return
        case_id, chosen = self._case_id, _ticked(self.officials)
        Op(self._session.worker,
           lambda store, task: jobs.choices(store, case_id, chosen),
           parent=self).success(self._show_lists).failure(self._on_failure).reading().run()

    def _show_lists(self, lists: tuple[list[tuple[str, str]], list[tuple[str, str]]]) -> None:
        before = (_ticked(self.officials), _ticked(self.events))
        self._filling = True
        try:
            for listed, rows, ticked in zip((self.officials, self.events), lists, before,
                                            strict=True):
                self._fill_checklist(listed, rows, set(ticked))
        finally:
            self._filling = False
        if (_ticked(self.officials), _ticked(self.events)) != before:
            self._texts_changed()  # a ticked row went with its record: the choice changed

    # --- gaps --------------------------------------------------------------------------------

    def refresh_gaps(self) -> None:
        """Run the completeness check on what is chosen now."""
        if self._setup is None:
            return
        choice, lang = self.choice(), language()
        Op(self._session.worker,
           lambda store, task: jobs.gaps(store, self._case_id, choice, lang),
           parent=self).success(self._show_gaps).failure(self._on_failure).reading().run()

    def _show_gaps(self, found: list[tuple[str, str, str]]) -> None:
        self.gaps.clear()
        for code, message, record_id in sorted(found, key=lambda g: g[0] in _CONSENT_GAPS):
            prefix = _("Consent:") if code in _CONSENT_GAPS else _("Missing:")
            item = QListWidgetItem(_("{prefix} {message}").format(prefix=prefix,
                                                                  message=message))
            item.setData(Qt.ItemDataRole.UserRole, (code, record_id))
            self.gaps.addItem(item)
        if not found:
            item = QListWidgetItem(_("Nothing is missing."))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.gaps.addItem(item)
        self.fix_button.setEnabled(bool(found))
        if found:
            self.gaps.setCurrentRow(0)

    def _fix(self, item: QListWidgetItem | None) -> None:
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not data:
            return
        code, record_id = data
        if code in _DIALOG_FIELDS:
            widget = self.findChild(QWidget, _DIALOG_FIELDS[code])
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.fix_requested.emit(record_id or self._case_id, _WORKSPACE_FIELDS.get(code, code))

    # --- the draft ---------------------------------------------------------------------------

    def save_draft(self, then: Any = None) -> None:
        """Save the complaint's texts in the case's draft (a new one when there is none)."""
        if self._setup is None:
            return
        texts, draft = self.choice().texts, self._setup.draft
        self.save_draft_button.setEnabled(False)
        Op(self._session.worker,
           lambda store, task: jobs.save_draft(store, self._case_id, draft, texts),
           parent=self).success(lambda saved: self._on_saved(saved, then)).failure(
            self._on_failure).finished(lambda: self.save_draft_button.setEnabled(True)).run()

    def _on_saved(self, saved: Any, then: Any) -> None:
        if self._setup is not None:
            self._setup.draft = saved
        self._draft_dirty = False
        if then is not None:
            then()

    # --- rendering ---------------------------------------------------------------------------

    def prepare(self) -> None:
        """Save changed complaint texts, then render the report in memory and show it."""
        if self._setup is None or self.progress.running:
            return
        if self._draft_dirty and self.kind.currentData() == "complaint":
            self.save_draft(then=self.prepare)
            return
        choice = self.choice()
        self._forget_rendered()
        self.render_button.setEnabled(False)
        self.progress.start(_("Preparing the report…"))
        renderer = self.renderer
        self._op = Op(self._session.worker,
                      lambda store, task: jobs.render(store, self._case_id, choice,
                                                      task.progress, task.cancel, renderer),
                      parent=self).progress(self.progress.set_progress).success(
            self._on_rendered).failure(self._on_render_failed).finished(
            lambda: self.render_button.setEnabled(True)).run()

    def _on_rendered(self, rendered: jobs.Rendered) -> None:
        self._rendered = rendered
        self._issued = False
        pages = self.preview.show_pdf(rendered.pdf)
        self.pages.setCurrentWidget(self.preview)
        self.fit_panes()
        self.progress.finish(_("Ready: {pages} pages. Check them, then save or print.").format(
            pages=pages))
        self.save_pdf_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self._show_code()

    def _on_render_failed(self, exc: BaseException) -> None:
        self.progress.finish(failure_text(exc))

    def _cancel(self) -> None:
        if self._op is not None:
            self._op.cancel()
        if self._printer is not None:
            self._printer.stop()

    def _forget_rendered(self) -> None:
        if self._rendered is None:
            return
        self._rendered = None
        self.preview.clear()
        self.pages.setCurrentWidget(self.placeholder)
        self.fit_panes()
        self.save_pdf_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self._show_code()

    def _show_code(self) -> None:
        if self._rendered is None:
            self.code_label.setText(_("The verification code appears here once the report is "
                                      "prepared."))
        else:
            self.code_label.setText(_("Verification code: {code}").format(
                code=self._rendered.code))
        self.code_label.setAccessibleName(self.code_label.text())

    # --- saving, printing, checking ----------------------------------------------------------

    def save_pdf(self) -> None:
        """Warn that the file is not encrypted, ask where, write it on the worker."""
        rendered, prompts = self._rendered, self._session.prompts
        if rendered is None:
            return
        if not prompts.confirm(self, "Advocate", _("The PDF file will not be encrypted."),
                               detail=_("Anyone who gets the file can read it. Keep it on an "
                                        "encrypted disk or delete it once it is filed."),
                               ok_label=_("Save anyway")):
            return
        suggested = _("report-{code}.pdf").format(code=rendered.code)
        path = prompts.save_file(self, _("Save the report as PDF"), suggested, _("PDF (*.pdf)"))
        if path is None:
            return
        # OUTPUTS: check `path` with advocate.outputs' rule for output paths here once it lands
        # on this branch (never into a vault, over a vault or backup file, through a symlink).
        self.progress.start(_("Saving the PDF…"))
        Op(self._session.worker,
           lambda store, task: jobs.save_pdf(store, self._case_id, rendered, path),
           parent=self).success(lambda _r: self._saved(rendered)).failure(
            self._on_render_failed).run()

    def _saved(self, rendered: jobs.Rendered) -> None:
        self._issued = True
        self.progress.finish(_("Saved. Verification code: {code}").format(code=rendered.code))

    def print_report(self, printer: QPrinter | None = None) -> None:
        """Warn that the spooler keeps a copy, ask for the printer, print page by page."""
        rendered = self._rendered
        if rendered is None:
            return
        if not self._session.prompts.confirm(
                self, "Advocate", _("The printer's queue on this computer keeps a copy."),
                detail=_("The operating system stores print jobs on disk, unencrypted, until "
                         "they are printed and sometimes after. Print only on a computer and "
                         "printer you trust."), ok_label=_("Print anyway")):
            return
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        self.progress.start(_("Printing…"))
        self._printer = PagePrinter(self.preview.document_(), printer,
                                    self.progress.set_progress, self._printed)
        self._printer.start()
        Op(self._session.worker, lambda store, task: jobs.issue(store, self._case_id, rendered),
           parent=self).success(lambda _r: setattr(self, "_issued", True)).failure(
            self._on_failure).run()

    def _printed(self, complete: bool) -> None:
        self._printer = None
        self.progress.finish(_("Sent to the printer.") if complete else
                             _("Printing stopped; some pages may have been sent."))

    def check_code(self) -> None:
        """Open the dialog that checks a printed verification code."""
        dialog = CheckCodeDialog(self._session, self)
        if self._rendered is not None and self._issued:
            dialog.code.setText(self._rendered.code)  # only a saved or printed code is issued
        dialog.open()

    def _on_failure(self, exc: BaseException) -> None:
        # imported here: at the top it would load reportlab on the UI thread (154 ms) when the
        # dialog is first opened; by the time a failure comes, the worker has imported it
        from advocate.reports.errors import UnsupportedLanguageError

        if isinstance(exc, UnsupportedLanguageError) and exc.supported:
            # note: the addressee accepts other languages only (a UN committee: en, ru); the
            # language list follows instead of a warning the user can do nothing else about
            index = self.lang.findData(exc.supported[0])
            if index >= 0 and index != self.lang.currentIndex():
                self.lang.setCurrentIndex(index)
                return
        self._session.prompts.warn(self, "Advocate", failure_text(exc))

    def done(self, result: int) -> None:
        """Closing stops what runs and drops the rendered pages from memory."""
        self._cancel()
        self.renderer.close()
        self.preview.clear()
        self._rendered = None
        super().done(result)


def _ticked(listed: QListWidget) -> list[str]:
    """The ids of the ticked rows of a check list, in the list's order."""
    return [str(item.data(Qt.ItemDataRole.UserRole))
            for item in (listed.item(i) for i in range(listed.count()))
            if item.checkState() == Qt.CheckState.Checked]
