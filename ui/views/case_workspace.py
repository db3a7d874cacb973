"""The case workspace: everything about one case, in tabs, for a lawyer's whole working day.

``CaseWorkspace(session, case_id)`` is shown by the main window (which handles "back to cases").
It reads the case file on the worker, shows it in tabs (overview, people, timeline, incidents,
threats, actions, proceedings and hearings, evidence, consent, notes, complaint drafts), and
creates, edits and deletes every kind of record through the record forms. Deleting says first
what else goes with it (the core's ``delete_preview``); Ctrl+Z undoes the last edits and
deletions of the session. Nothing here touches the store on the UI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleOption,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advocate.errors import Cancelled
from advocate.i18n import _
from advocate.model import CaseFile, Person, Record
from advocate.store.preview import DeletePreview, delete_preview
from ui.forms.case_form import CaseDialog
from ui.forms.editors import FormContext
from ui.forms.kinds import count_of, kind_name
from ui.forms.record_form import RecordDialog, calm_error
from ui.session import Session
from ui.views.workspace.complaint import ComplaintTab
from ui.views.workspace.evidence import EvidenceTab
from ui.views.workspace.lazy import LazyPage, LazyPages
from ui.views.workspace.overview import OverviewTab
from ui.views.workspace.people import PeopleTab, ProceedingsTab
from ui.views.workspace.tabs import RecordTab
from ui.views.workspace.timeline import TimelineTab
from ui.views.workspace.undo import DeleteCommand, SaveCommand
from ui.worker import Op


class CaseWorkspace(QWidget):
    """One case, all of its records, editable."""

    #: The case file was (re)loaded and every tab shows it.
    loaded = Signal()
    #: A form was opened (tests and the shell's draft keeper find it here).
    form_opened = Signal(object)
    #: The case itself was deleted (id): the main window goes back to the case list.
    case_deleted = Signal(str)

    def __init__(self, session: Session, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseWorkspace")
        self.session = session
        self.case_id = case_id
        self.case_file: CaseFile | None = None
        self.persons: list[Person] = []
        self.forms: list[RecordDialog] = []
        self.undo_stack = QUndoStack(self)
        self._build()
        self.retranslate()
        session.language_changed.connect(self.retranslate)
        # Changes made elsewhere (search, import, another screen): reload once they settle.
        self._reload_soon = QTimer(self)
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(150)
        self._reload_soon.timeout.connect(self.reload)
        session.changed.connect(self._on_changed)
        self.reload()

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("caseHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.undo_button = QPushButton(self)
        self.undo_button.setObjectName("undoButton")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        # note: tabs a little narrower than the style's, so the eleven parts of a case fit a
        # 1366-pixel screen in Russian and Kazakh (scroll buttons hid the complaint draft)
        self._tab_style = _CompactTabs()
        self.tabs.tabBar().setStyle(self._tab_style)
        # note: a page is built when it is first shown or asked for (``workspace.threats``):
        # building and filling all eleven at every open cost more than the case's own rows
        self.pages = LazyPages(self.tabs, [
            ("overview", lambda: OverviewTab(self)), ("people", lambda: PeopleTab(self)),
            ("timeline", lambda: TimelineTab(self)),
            ("incidents", lambda: RecordTab(self, "incident")),
            ("threats", lambda: RecordTab(self, "threat")),
            ("actions", lambda: RecordTab(self, "action")),
            ("proceedings", lambda: ProceedingsTab(self)), ("evidence", lambda: EvidenceTab(self)),
            ("consent", lambda: RecordTab(self, "consent")),
            ("notes", lambda: RecordTab(self, "note")),
            ("complaint", lambda: ComplaintTab(self)),
        ], self._page_built)
        self.pages.get("overview")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        for keys, slot in (("Ctrl+Z", self.undo_stack.undo), ("Ctrl+Shift+Z", self.undo_stack.redo),
                           ("Ctrl+Y", self.undo_stack.redo)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # The parts of the case, each built on first need (see ``ui.views.workspace.lazy``).
    overview: LazyPage[OverviewTab] = LazyPage("overview")
    people: LazyPage[PeopleTab] = LazyPage("people")
    timeline: LazyPage[TimelineTab] = LazyPage("timeline")
    incidents: LazyPage[RecordTab] = LazyPage("incidents")
    threats: LazyPage[RecordTab] = LazyPage("threats")
    actions_tab: LazyPage[RecordTab] = LazyPage("actions")
    proceedings: LazyPage[ProceedingsTab] = LazyPage("proceedings")
    evidence: LazyPage[EvidenceTab] = LazyPage("evidence")
    consents: LazyPage[RecordTab] = LazyPage("consent")
    notes: LazyPage[RecordTab] = LazyPage("notes")
    complaints: LazyPage[ComplaintTab] = LazyPage("complaint")

    def _page_built(self, _name: str, page: QWidget) -> None:
        """A page just built: its texts, and the case file when it is loaded."""
        page.retranslate()  # type: ignore[attr-defined]
        if self.case_file is not None:
            page.set_case_file(self.case_file)  # type: ignore[attr-defined]

    def retranslate(self) -> None:
        """Every text in the UI language."""
        cf = self.case_file
        n = len
        titles = {
            "overview": _("Overview"), "people": _("People"), "timeline": _("Timeline"),
            "incidents": _("Incidents ({n})").format(n=n(cf.incidents if cf else [])),
            "threats": _("Threats ({n})").format(n=n(cf.threats if cf else [])),
            "actions": _("Actions ({n})").format(n=n(cf.actions if cf else [])),
            # note: the hearings are inside, under their proceedings; the longer title pushed the
            # last tabs off a 1366-pixel screen in Russian and Kazakh
            "proceedings": _("Proceedings ({n})").format(n=n(cf.proceedings if cf else [])),
            "evidence": _("Evidence ({n})").format(n=n(cf.evidence if cf else [])),
            "consent": _("Consent"), "notes": _("Notes ({n})").format(n=n(cf.notes if cf else [])),
            "complaint": _("Complaint draft"),
        }
        for index, name in enumerate(self.pages.names):
            self.tabs.setTabText(index, titles[name])
        for _name, tab in self.pages.built():
            tab.retranslate()  # type: ignore[attr-defined]
        self.tabs.setAccessibleName(_("Parts of the case"))
        self.undo_button.setText(_("Undo"))
        self.undo_button.setAccessibleName(_("Undo the last change"))
        self.undo_button.setToolTip(_("Undo the last change (Ctrl+Z)"))
        self.heading.setText(self._heading_text())

    def _heading_text(self) -> str:
        if self.case_file is None:
            return _("Opening the case…")
        case = self.case_file.case
        return _("{reference} — {title}").format(reference=case.reference or "—",
                                                  title=case.title)

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the case file again on the worker (after every change)."""
        case_id = self.case_id

        def load(store: Any, _task: Any) -> CaseFile:
            case_file: CaseFile = store.case_file(case_id)
            return case_file

        Op(self.session.worker, load, parent=self).reading().success(self._loaded) \
            .failure(self.show_error).run()

    def _on_changed(self, notice: Any) -> None:
        """Reload when a change notice names this case (or does not say which cases).

        INTEGRATOR: written for notices with ``case_ids`` (attribute or key), as the core's
        ``store.subscribe`` is announced; anything else reloads to be safe.
        """
        case_ids = getattr(notice, "case_ids", None)
        if case_ids is None and isinstance(notice, dict):
            case_ids = notice.get("case_ids")
        if case_ids is None or self.case_id in case_ids:
            self._reload_soon.start()

    def _loaded(self, case_file: CaseFile) -> None:
        # note: the case's own persons, never the vault's (20,000 of them took 314 ms to read
        # at every open); the person pickers find the others as the user types
        self.case_file = case_file
        self.persons = sorted(case_file.persons.values(),
                              key=lambda p: (p.full_name or p.pseudonym).casefold())
        for _name, tab in self.pages.built():
            tab.set_case_file(self.case_file)  # type: ignore[attr-defined]
        self.retranslate()
        self.loaded.emit()

    def restore_form(self, state: dict[str, Any]) -> None:
        """Reopen a form kept through a lock, with what was typed, once the case is loaded."""
        if self.case_file is None:
            self.loaded.connect(lambda: self.restore_form(state),
                                Qt.ConnectionType.SingleShotConnection)
            return
        record = _find(self.case_file, str(state.get("record_id", "")))
        dialog = (self.edit_record(record) if record is not None
                  else self.new_record(str(state.get("kind", "note"))))
        dialog.restore_state(state)
        dialog.show()

    def loaded_case_file(self) -> CaseFile:
        """The case file shown (only called once loaded: tables have no rows before)."""
        assert self.case_file is not None
        return self.case_file

    def show_error(self, exc: BaseException) -> None:
        """Tell the user calmly (never the exception's own text unless it is the core's)."""
        if isinstance(exc, Cancelled):
            return
        self.session.prompts.warn(self, "Advocate", calm_error(exc))

    # --- records ------------------------------------------------------------------------------

    def context(self) -> FormContext:
        """What the forms' pickers choose from: the case's records and persons (the vault's
        other persons are found by typing)."""
        return FormContext(self.case_file, list(self.persons))

    def new_record(self, kind: str, defaults: dict[str, Any] | None = None) -> RecordDialog:
        """Open the form for a new record of the case."""
        return self._open(RecordDialog(self.session, kind, case_id=self.case_id,
                                       context=self.context(), defaults=defaults, parent=self))

    def edit_record(self, record: Record) -> RecordDialog:
        """Open the form for an existing record."""
        if record.KIND == "case":
            return self._open(CaseDialog(self.session, record.id, self, case=record))  # type: ignore[arg-type]
        return self._open(RecordDialog(self.session, record.KIND, record=record,
                                       context=self.context(), parent=self))

    def delete_case(self) -> None:
        """Delete the whole case, after saying what goes with it."""
        self.delete_record(self.case_id)

    def edit_case(self) -> None:
        """Open the case's own form."""
        if self.case_file is not None:
            self.edit_record(self.case_file.case)

    def _open(self, dialog: RecordDialog) -> RecordDialog:
        dialog.record_saved.connect(self._record_saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.forms = [f for f in self.forms if _alive(f)] + [dialog]
        dialog.open()
        self.form_opened.emit(dialog)
        return dialog

    def _record_saved(self, old: Record | None, new: Record) -> None:
        words = (_("Add {what}") if old is None else _("Edit {what}")).format(
            what=kind_name(new.KIND))
        self.undo_stack.push(SaveCommand(self, old, new, words))
        self.reload()

    def delete_record(self, record_id: str) -> None:
        """Say what deleting takes with it, ask, then delete (undoable unless evidence goes)."""
        Op(self.session.worker, lambda store, _t: delete_preview(store.records, record_id),
           parent=self).success(self._confirm_delete).failure(self.show_error).run()

    def _confirm_delete(self, preview: DeletePreview) -> None:
        what = kind_name(preview.kind)
        if not preview.allowed:
            refs = ", ".join(count_of(kind, n) for kind, n in _counted(preview.blocked_by))
            self.session.prompts.warn(self, "Advocate", _(
                "This record cannot be deleted while other records refer to it ({refs}). "
                "Remove those references first.").format(refs=refs))
            return
        sentences = [_("Delete this record ({what})?").format(what=what)]
        if preview.also:
            also = ", ".join(count_of(kind, n) for kind, n in preview.also.items())
            sentences.append(_("This also deletes: {list}.").format(list=also))
        else:
            sentences.append(_("Nothing else is deleted with it."))
        undoable = not preview.drops_evidence and preview.kind != "case"
        if preview.drops_evidence:
            sentences.append(_("Evidence files are deleted with their contents; this cannot "
                               "be undone."))
        elif preview.kind == "case":
            sentences.append(_("This cannot be undone."))
        else:
            sentences.append(_("You can undo this with Ctrl+Z."))
        if not self.session.prompts.confirm(self, "Advocate", " ".join(sentences),
                                            ok_label=_("Delete"), destructive=True):
            return

        def delete(store: Any, _task: Any) -> list[Record]:
            records = [store.records.get(i) for i in preview.ids]
            store.delete(preview.record_id)
            return records

        def done(records: list[Record]) -> None:
            if preview.kind == "case":
                self.case_deleted.emit(preview.record_id)
                return
            if undoable:
                self.undo_stack.push(DeleteCommand(
                    self, preview.record_id, records,
                    _("Delete {what}").format(what=what)))
            self.reload()

        Op(self.session.worker, delete, parent=self).success(done).failure(self.show_error).run()

    def make_report(self) -> None:
        """Open the report dialog (built by the reports screen) for this case."""
        try:
            from ui.dialogs.report_dialog import ReportDialog  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:
            self.session.prompts.inform(self, "Advocate",
                                        _("Reports are not available in this version."))
            return
        dialog = ReportDialog(self.session, self.case_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def _counted(pairs: tuple[tuple[str, str], ...]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for kind, _id in pairs:
        counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts.items())


def _alive(widget: QWidget) -> bool:
    import shiboken6
    return shiboken6.isValid(widget)


def _find(case_file: CaseFile, record_id: str) -> Record | None:
    """The record of the case file with this id (the case itself included), or None."""
    if not record_id:
        return None
    if case_file.case.id == record_id:
        return case_file.case
    for records in (case_file.roles, case_file.relations, case_file.incidents,
                    case_file.threats, case_file.actions, case_file.proceedings,
                    case_file.hearings, case_file.consents, case_file.notes,
                    case_file.evidence, case_file.complaints):
        for record in records:
            if record.id == record_id:
                return record
    return case_file.persons.get(record_id)


class _CompactTabs(QProxyStyle):
    """The app's style, with less space beside a tab's title."""

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric == QStyle.PixelMetric.PM_TabBarTabHSpace:
            return max(8, value // 2)
        return value

