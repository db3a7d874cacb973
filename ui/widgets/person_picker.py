"""Picking a person by typing part of the name: the vault is asked on the worker as the user types.

People are picked, not retyped (issue 10): a person exists once and appears in several cases. A
case may sit in a vault of 20,000 persons, so the picker never holds the vault's list. It is given
the case's own persons (offered at once: Down in the field lists them) and, as the user types,
asks the store for the persons whose name matches (``persons_matching`` on the worker's reader
lane, the case's persons first; "kairat" finds Қайрат). Down and Up move in the list, Enter
picks, Escape closes it; "New person…" beside the field asks for a new person.

A name typed but not picked from the list picks nobody, rather than a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QPushButton, QWidget

from advocate.errors import AdvocateError, Cancelled
from advocate.i18n import _
from advocate.model import Person
from ui.a11y import name_clear_button
from ui.worker import Op, VaultWorker

#: How many persons the list shows for what is typed (type more to narrow it).
LIMIT = 20
#: The typing pause before the vault is asked (a fast typist's keys are not each a question).
PAUSE_MS = 120
_ID = Qt.ItemDataRole.UserRole


def person_name(person: Person) -> str:
    """How a person is listed: full name, else pseudonym."""
    return person.full_name or person.pseudonym


class PersonFinder:
    """Asks the vault, on the worker's reader lane, for persons whose name matches what was
    typed, the persons of ``first`` (the case's own) before the others."""

    def __init__(self, worker: VaultWorker, first: Collection[str] = ()) -> None:
        self.worker = worker
        self.first = tuple(first)

    def find(self, text: str, owner: QObject, done: Callable[[list[Person]], None],
             failed: Callable[[BaseException], None]) -> None:
        """Call ``done`` with at most ``LIMIT`` matching persons (on the UI thread)."""
        first = self.first
        Op(self.worker, lambda store, _t: store.persons_matching(text, limit=LIMIT, first=first),
           parent=owner).reading().success(done).failure(failed).run()

    def prepare(self, owner: QObject) -> None:
        """Have the vault read the persons' names now (the user is about to type)."""
        Op(self.worker, lambda store, _t: store.read_person_names(), parent=owner).reading() \
            .failure(lambda _e: None).run()

    def fetch(self, person_id: str, owner: QObject, done: Callable[[list[Person]], None]) -> None:
        """Call ``done`` with the person of this id (a list of it, or empty when gone)."""
        Op(self.worker, lambda store, _t: [p for p in store.get_many([person_id])
                                           if isinstance(p, Person)],
           parent=owner).reading().success(done).failure(lambda _e: done([])).run()


class PersonPicker(QWidget):
    """A field that finds a person by name as the user types, and a "New person…" button."""

    #: The user pressed "New person…" (the form opens the person form).
    new_person_requested = Signal()
    #: The chosen person changed (id, "" for none).
    person_changed = Signal(str)
    #: The list for what was typed arrived and is shown (tests and the benchmark wait on it).
    matches_shown = Signal()

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False,
                 finder: PersonFinder | None = None) -> None:
        super().__init__(parent)
        self._optional = optional
        self._finder = finder
        self._offered: list[Person] = []   # the case's persons, by name
        self._known: dict[str, Person] = {}
        self._chosen = ""                   # the chosen person's id
        self._chosen_text = ""              # what the field showed when chosen
        self._asked = 0                     # the last question asked (older answers are dropped)
        self._prepared = False              # the vault was asked to read the names
        self.line = QLineEdit(self)
        self.line.setObjectName("personPickerText")
        self.line.setClearButtonEnabled(True)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newPerson")
        self.new_button.clicked.connect(self.new_person_requested)
        self.matches = QStandardItemModel(self)
        self.completer = QCompleter(self.matches, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(self.line)
        self.completer.activated[QModelIndex].connect(self._picked)  # type: ignore[index]
        self.popup = self.completer.popup()
        self.popup.setObjectName("personMatches")
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self._ask)
        self.line.textEdited.connect(self._typed)
        self.line.installEventFilter(self)
        self.setFocusProxy(self.line)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.new_button)
        self.retranslate()

    # --- what the form calls --------------------------------------------------------------------

    def setAccessibleName(self, name: str) -> None:
        """Name the field after the form's label; the button and the list say what they do."""
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)

    def set_finder(self, finder: PersonFinder) -> None:
        """Where the picker asks for persons as the user types."""
        self._finder = finder
        self._prepared = False

    def set_persons(self, persons: list[Person], selected: str = "") -> None:
        """The persons offered before anything is typed (the case's own), and a person chosen
        by id ("" for none)."""
        self._offered = sorted(persons, key=lambda p: person_name(p).casefold())
        self._known.update((p.id, p) for p in persons)
        self.set_person(selected)

    def remember(self, person: Person) -> None:
        """A person the picker can show by id (one just added through "New person…")."""
        self._known[person.id] = person

    def set_person(self, person_id: str) -> None:
        """Choose a person by id ("" for none); one the picker does not know is asked for."""
        person = self._known.get(person_id)
        if person_id and person is None and self._finder is not None:
            self._finder.fetch(person_id, self, lambda found: self._fetched(person_id, found))
        self._choose(person_id, person_name(person) if person is not None else "")

    def person_id(self) -> str:
        """The chosen person's id, or "" (also when the text was changed since)."""
        return self._chosen if self.line.text() == self._chosen_text else ""

    def person(self) -> Person | None:
        """The chosen person, or None."""
        return self._known.get(self.person_id())

    def text(self) -> str:
        """What the field shows."""
        return self.line.text()

    def retranslate(self) -> None:
        """Texts in the UI language."""
        self.line.setPlaceholderText(_("Type part of a name") if not self._optional
                                     else _("Nobody (type a name)"))
        self.line.setAccessibleDescription(_(
            "Type part of a name, then choose with the Down arrow and Enter."))
        self.new_button.setText(_("New person…"))
        self.new_button.setAccessibleName(_("Add a new person"))
        self.popup.setAccessibleName(_("People whose name matches"))
        name_clear_button(self.line)

    # --- typing and choosing ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down (or Alt+Down) in the field opens the list without typing more; the focus
        coming in has the vault read the names (the first key typed is then answered at once:
        20,000 names take about 70 ms to read the first time after a change)."""
        if watched is self.line and event.type() == QEvent.Type.FocusIn \
                and self._finder is not None and not self._prepared:
            self._prepared = True
            self._finder.prepare(self)
        if (watched is self.line and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
                and not self.popup.isVisible()):
            self._pause.stop()
            self._ask()
            return True
        return super().eventFilter(watched, event)

    def _typed(self, _text: str) -> None:
        if self._chosen:
            self._choose("", "", show=False)
        self._asked += 1  # an answer on its way is for older text now
        self.matches.clear()
        self._pause.start()

    def _ask(self) -> None:
        """The list for what is typed: the case's persons when nothing is, else the vault's."""
        self._asked += 1
        asked, text = self._asked, self.line.text().strip()
        if not text or self._finder is None:
            self._show(asked, self._offered if not text else
                       [p for p in self._offered if text.casefold() in person_name(p).casefold()])
            return
        self._finder.find(text, self, lambda found: self._show(asked, found),
                          lambda exc: self._failed(asked, exc))

    def _show(self, asked: int, persons: list[Person]) -> None:
        if asked != self._asked or not self.isVisible():
            return
        self.matches.clear()
        for person in persons:
            self._known[person.id] = person
            item = QStandardItem(person_name(person))
            item.setData(person.id, _ID)
            item.setEditable(False)
            self.matches.appendRow(item)
        if not persons:
            self._note(_("Nobody of that name. Use New person… to add one.")
                       if self.line.text().strip() else _("No people in this case yet."))
        self.completer.complete()
        if persons:
            self.popup.setCurrentIndex(self.matches.index(0, 0))
        self.matches_shown.emit()

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked or isinstance(exc, Cancelled):
            return
        self.matches.clear()
        # note: never the exception's own text: it may quote case data
        self._note(exc.text() if isinstance(exc, AdvocateError)
                   else _("The people could not be searched. Please try again."))
        self.completer.complete()

    def _note(self, words: str) -> None:
        """A line in the list that says why there is nothing to choose (it cannot be chosen)."""
        item = QStandardItem(words)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.matches.appendRow(item)

    def _picked(self, index: QModelIndex) -> None:
        person_id = str(index.data(_ID) or "")
        person = self._known.get(person_id)
        if person is None:
            return
        self.line.setText(person_name(person))
        self._choose(person.id, person_name(person))

    def _fetched(self, person_id: str, found: list[Person]) -> None:
        if not found or self._chosen != person_id:
            return
        self._known[person_id] = found[0]
        self._choose(person_id, person_name(found[0]))

    def _choose(self, person_id: str, words: str, *, show: bool = True) -> None:
        changed = person_id != self._chosen
        self._chosen, self._chosen_text = person_id, words
        if show and self.line.text() != words:
            self.line.setText(words)
        if changed:
            self.person_changed.emit(person_id)
