"""Pages of a tab widget built the first time they are shown or asked for.

A case opens on its overview; the other ten parts of the workspace (tables, a timeline, the
evidence intake, the complaint drafts) were all built and filled at every open, though most
visits look at two or three of them. Each page starts as an empty stand-in; the first time its
tab is chosen, or code asks for the page (``pages.get("threats")``), the real page is made,
takes the stand-in's place at the same index with the same title, and is handed the case file.
The tab titles (with their counts) are set on the tab bar at once, built or not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from PySide6.QtWidgets import QTabWidget, QWidget

W = TypeVar("W", bound=QWidget)


class LazyPages:
    """The pages of ``tabs``, in order, each made by its maker on first need."""

    def __init__(self, tabs: QTabWidget, makers: list[tuple[str, Callable[[], QWidget]]],
                 built: Callable[[str, QWidget], None]) -> None:
        self._tabs = tabs
        self._names = [name for name, _make in makers]
        self._makers = dict(makers)
        self._built = built
        self._pages: dict[str, QWidget] = {}
        for name in self._names:
            stand_in = QWidget(tabs)
            stand_in.setObjectName(f"{name}Pending")
            tabs.addTab(stand_in, "")
        tabs.currentChanged.connect(self._shown)

    @property
    def names(self) -> list[str]:
        """The pages' names, in tab order."""
        return list(self._names)

    def built(self) -> Iterator[tuple[str, QWidget]]:
        """(name, page) of each page built so far, in tab order."""
        return ((name, self._pages[name]) for name in self._names if name in self._pages)

    def get(self, name: str) -> QWidget:
        """The page called ``name``, built now if it was not yet."""
        page = self._pages.get(name)
        if page is not None:
            return page
        page = self._makers[name]()
        page.setObjectName(f"{name}Tab")
        self._pages[name] = page
        index = self._names.index(name)
        tabs = self._tabs
        stand_in, title, current = tabs.widget(index), tabs.tabText(index), tabs.currentIndex()
        # note: signals held while the stand-in is swapped out, so removing the current tab
        # does not "show" (and build) its neighbour
        held = tabs.blockSignals(True)
        try:
            tabs.removeTab(index)
            tabs.insertTab(index, page, title)
            tabs.setCurrentIndex(current)
        finally:
            tabs.blockSignals(held)
        stand_in.deleteLater()
        self._built(name, page)
        return page

    def _shown(self, index: int) -> None:
        if 0 <= index < len(self._names):
            self.get(self._names[index])


class LazyPage(Generic[W]):
    """A workspace attribute that is one of its lazy pages (``workspace.threats``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, owner: object, cls: type | None = None) -> W:
        pages: LazyPages = owner.pages  # type: ignore[attr-defined]
        return pages.get(self.name)  # type: ignore[return-value]
