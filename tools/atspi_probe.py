"""Drive the running app through the real accessibility interface (AT-SPI), as a screen reader.

Runs under Debian's ``/usr/bin/python3`` (``python3-pyatspi``; the app's virtual environment
cannot import ``gi``). ``tests/ui/test_atspi.py`` starts a D-Bus session bus, the AT-SPI bus,
Xvfb and ``advocate --demo``, then runs this script with a JSON request on stdin::

    {"pid": 1234, "passphrase": "...", "case": "АҚТ-2023-01",
     "secret_words": ["Арман Ерланұлы", ...], "timeout": 30}

It finds the app by its process id, then by role and name only: the password field
"Passphrase" (it must have the password-text role, and its text must not read back the
passphrase), the "Unlock" button (pressed through the Action interface after the passphrase is
typed through the EditableText interface), the search box (focused after unlock), the "Cases"
table (filtered by the "Find a case" box to the one case; Tab must move the focus out of it,
then the case is opened with Enter as a keyboard user does: Qt gives table cells no "open"
action, only "Toggle", which selects), the open case ("Back to cases"), the "Lock"
menu item, and the unlock screen again. On each screen it lists the showing interactive
controls without a name; after the lock it walks the whole tree and lists every name,
description or text that holds one of ``secret_words`` (case data left behind).

It prints one JSON object on stdout: ``{"ok": bool, "failure": str | null, "steps": [...],
"unnamed": [...], "leaks": [...]}`` and exits 0 when ok, else 1.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pyatspi  # type: ignore[import-not-found]

#: Roles a user acts on; each showing one must have a name.
INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_TEXT,
    pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_ENTRY, pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_LIST,
    pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_PAGE_TAB_LIST, pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_SLIDER,
}
#: Items of lists, tables and trees, and windows: not controls that take the focus.
ITEMS = {pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_TREE_ITEM,
         pyatspi.ROLE_FRAME, pyatspi.ROLE_APPLICATION}
#: X keysyms of the Return and Tab keys.
KEY_RETURN, KEY_TAB = 0xFF0D, 0xFF09
#: Seconds the tree may take to drop a locked case's objects (their deletion is queued).
LOCK_GRACE = 5.0
#: A walk stops after this many objects (a runaway tree is a failure of its own).
MAX_OBJECTS = 20_000


#: The accessible names the probe looks for, in English; the request's "names" gives them in the
#: app's language.
NAMES = {"passphrase": "Passphrase", "unlock": "Unlock", "search": "Search the vault",
         "go_cases": "Cases", "cases_table": "Cases", "find_case": "Find a case",
         "back": "Back to cases", "lock": "Lock"}


class Failed(Exception):
    """A step did not get where it should; the message says where and what was found."""


class Probe:
    """The steps, their record, and the findings."""

    def __init__(self, request: dict[str, Any]) -> None:
        self.pid = int(request["pid"])
        self.passphrase = str(request["passphrase"])
        self.case = str(request["case"])
        self.secret_words = [str(w) for w in request.get("secret_words", [])]
        self.timeout = float(request.get("timeout", 30))
        self.names = dict(NAMES, **request.get("names", {}))
        self.steps: list[dict[str, Any]] = []
        self.unnamed: list[str] = []
        self.leaks: list[str] = []
        self.app: Any = None

    # --- the tree --------------------------------------------------------------------------

    def walk(self, root: Any, showing_only: bool = False) -> Iterator[Any]:
        """Every object under ``root`` (itself included), breadth first."""
        queue, seen = [root], 0
        while queue:
            node = queue.pop(0)
            if node is None:
                continue
            seen += 1
            if seen > MAX_OBJECTS:
                raise Failed(f"more than {MAX_OBJECTS} accessible objects under {describe(root)}")
            if showing_only and node is not root and not has_state(node, pyatspi.STATE_SHOWING):
                continue
            yield node
            count = attempt(lambda n=node: n.childCount, 0)
            queue.extend(attempt(lambda n=node, i=i: n.getChildAtIndex(i)) for i in range(count))

    def find(self, role: int, name: str | None = None, *, showing: bool = True,
             where: Any = None, match: Callable[[Any], bool] | None = None) -> Any:
        """The first object with ``role`` (and ``name``), or None."""
        def fits(node: Any) -> bool:
            return bool(node.getRole() == role and (name is None or node.name == name)
                        and (match is None or match(node)))
        for node in self.walk(where or self.app, showing_only=showing):
            if attempt(lambda n=node: fits(n), False):
                return node
        return None

    def wait_for(self, what: str, fn: Callable[[], Any], timeout: float | None = None) -> Any:
        """Poll ``fn`` until it returns something true; fail with ``what`` after the timeout."""
        end = time.monotonic() + (timeout or self.timeout)
        last_error = ""
        while True:
            try:
                found = fn()
            except Failed:
                raise
            except Exception as exc:  # the tree changes under us while the app works
                found, last_error = None, f" (last error: {type(exc).__name__}: {exc})"
            if found:
                return found
            if time.monotonic() > end:
                raise Failed(f"timed out after {timeout or self.timeout:g} s waiting for "
                             f"{what}{last_error}")
            time.sleep(0.1)

    def check_names(self, screen: str) -> None:
        """Showing interactive controls without an accessible name, noted under ``screen``."""
        def unnamed(node: Any) -> bool:
            return bool(node.getRole() in INTERACTIVE and not (node.name or "").strip())
        for node in self.walk(self.app, showing_only=True):
            if attempt(lambda n=node: unnamed(n), False):
                self.unnamed.append(f"{screen}: {describe(node)} in {describe(node.parent)}")

    def texts(self, node: Any) -> list[str]:
        """What a screen reader can read of one object: name, description, text."""
        found = [attempt(lambda: node.name, "") or "", attempt(lambda: node.description, "") or ""]
        found.append(attempt(lambda: node.queryText().getText(0, -1), "") or "")
        return found

    def holding_secret_words(self) -> list[str]:
        """Objects anywhere in the app's tree (showing or not) that hold a secret word."""
        hits = []
        for node in self.walk(self.app):
            readable = self.texts(node)
            for word in self.secret_words:
                if any(word in text for text in readable):
                    # note: the word itself is not repeated in the report (it is case data)
                    hits.append(f"{node.getRoleName()} (secret word #"
                                f"{self.secret_words.index(word) + 1})")
        return hits

    # --- steps -----------------------------------------------------------------------------

    def step(self, name: str, fn: Callable[[], str]) -> None:
        """Run one step and record it (a failure stops the run)."""
        started = time.monotonic()
        try:
            detail = fn()
        except Failed as exc:
            self.steps.append({"step": name, "ok": False, "detail": str(exc),
                               "seconds": round(time.monotonic() - started, 2)})
            raise
        self.steps.append({"step": name, "ok": True, "detail": detail,
                           "seconds": round(time.monotonic() - started, 2)})

    def find_app(self) -> str:
        def app_with_pid() -> Any:
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                app = desktop.getChildAtIndex(i)
                if app is not None and app.get_process_id() == self.pid:
                    return app
            return None
        self.app = self.wait_for(f"an application with process id {self.pid} on the AT-SPI "
                                 "bus (is QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 set?)", app_with_pid)
        frame = self.wait_for("the main window (a frame named 'Advocate')",
                              lambda: self.find(pyatspi.ROLE_FRAME, "Advocate"))
        if self.app.name != "Advocate":
            raise Failed(f"the application is named {self.app.name!r} on the bus, not "
                         "'Advocate' (screen readers say this name)")
        return f"application {self.app.name!r}, frame {describe(frame)}"

    def give_focus(self) -> str:
        """Xvfb has no window manager to give the new window the keyboard focus: do it."""
        if shutil.which("xdotool") is None:
            raise Failed("xdotool is missing (Debian: apt-get install xdotool)")
        result = subprocess.run(
            ["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(self.pid), "--name",
             "^Advocate$", "windowfocus", "--sync"],
            capture_output=True, text=True, timeout=self.timeout, check=False)
        if result.returncode != 0:
            raise Failed(f"xdotool could not focus the window: {result.stderr.strip()}")
        frame = self.find(pyatspi.ROLE_FRAME, "Advocate")
        self.wait_for("the main window to be active",
                      lambda: has_state(frame, pyatspi.STATE_ACTIVE))
        return "window focused"

    def unlock(self) -> str:
        n = self.names
        field = self.wait_for(f"a password-text field named {n['passphrase']!r}",
                              lambda: self.find(pyatspi.ROLE_PASSWORD_TEXT, n["passphrase"]))
        self.wait_for("the passphrase field to have the keyboard focus",
                      lambda: has_state(field, pyatspi.STATE_FOCUSED))
        button = self.find(pyatspi.ROLE_PUSH_BUTTON, n["unlock"])
        if button is None:
            raise Failed(f"no push button named {n['unlock']!r} on the unlock screen")
        self.check_names("unlock screen")
        editable = field.queryEditableText()
        if not editable.insertText(0, self.passphrase, len(self.passphrase)):
            raise Failed("the passphrase field refused the text (EditableText.insertText)")
        text = field.queryText()
        if text.characterCount != len(self.passphrase):
            raise Failed(f"the passphrase field holds {text.characterCount} characters after "
                         f"typing {len(self.passphrase)}")
        if self.passphrase in (text.getText(0, -1) or ""):
            raise Failed("the passphrase field reads the passphrase back in clear")
        press(button, "Press")
        search = self.wait_for(f"the search box {n['search']!r} after unlocking",
                               lambda: self.find(pyatspi.ROLE_TEXT, n["search"]))
        self.wait_for("the search box to have the keyboard focus after unlocking",
                      lambda: has_state(search, pyatspi.STATE_FOCUSED))
        self.check_names("dashboard")
        return "unlocked; the search box has the focus"

    def open_case(self) -> str:
        n = self.names
        press(self.menu_item(n["go_cases"]), "Press")
        table = self.wait_for(f"the table {n['cases_table']!r}",
                              lambda: self.find(pyatspi.ROLE_TABLE, n["cases_table"]))
        self.wait_for("rows in the table of cases", lambda: table.queryTable().nRows > 0)
        rows = table.queryTable().nRows
        box = self.find(pyatspi.ROLE_TEXT, n["find_case"])
        if box is None:
            raise Failed(f"no text box named {n['find_case']!r} on the Cases screen")
        box.queryEditableText().setTextContents(self.case)

        def only_the_case() -> bool:
            cells = table.queryTable()
            return cells.nRows == 1 and cells.getAccessibleAt(0, 0).name == self.case
        self.wait_for(f"the table of cases to list only {self.case}", only_the_case)
        self.check_names("cases")
        press(table, "Set Focus")
        self.wait_for("the table of cases to have the keyboard focus",
                      lambda: has_state(table, pyatspi.STATE_FOCUSED))
        # no focus trap: Tab leaves the table for the next control
        pyatspi.Registry.generateKeyboardEvent(KEY_TAB, None, pyatspi.KEY_SYM)
        after_tab = self.wait_for("Tab to move the focus out of the table of cases",
                                  lambda: self.focused_outside(table))
        press(table, "Set Focus")
        self.wait_for("the table of cases to have the keyboard focus again",
                      lambda: has_state(table, pyatspi.STATE_FOCUSED))
        pyatspi.Registry.generateKeyboardEvent(KEY_RETURN, None, pyatspi.KEY_SYM)
        self.wait_for(f"the case to open ({n['back']!r} showing)",
                      lambda: self.find(pyatspi.ROLE_PUSH_BUTTON, n["back"]))
        self.wait_for(f"the case heading starting with {self.case}", lambda: self.find(
            pyatspi.ROLE_LABEL, match=lambda n: (n.name or "").startswith(self.case)))
        tabs = self.wait_for("the parts of the case (a page tab list)",
                             lambda: self.find(pyatspi.ROLE_PAGE_TAB_LIST))
        self.check_names("case workspace")
        held = self.wait_for("the case's people in the tree (before the lock)",
                             self.holding_secret_words)
        return (f"{rows} cases listed; Tab left the table for {describe(after_tab)}; "
                f"{self.case} opened: {tabs.childCount} tabs; "
                f"{len(held)} objects hold case data while it is open")

    def focused_outside(self, table: Any) -> Any:
        """The showing object with the keyboard focus, if it is not ``table`` (or in it)."""
        if has_state(table, pyatspi.STATE_FOCUSED):
            return None
        for node in self.walk(self.app, showing_only=True):
            # note: Qt marks a list's current item "focused" even when the list is not
            if node is not table and attempt(lambda n=node: n.getRole(), None) not in ITEMS \
                    and has_state(node, pyatspi.STATE_FOCUSED):
                return node
        return None

    def lock(self) -> str:
        n = self.names
        press(self.menu_item(n["lock"]), "Press")
        self.wait_for(f"the unlock screen after locking (password text {n['passphrase']!r})",
                      lambda: self.find(pyatspi.ROLE_PASSWORD_TEXT, n["passphrase"]))
        if self.find(pyatspi.ROLE_PUSH_BUTTON, n["back"], showing=False) is not None:
            raise Failed(f"the case's {n['back']!r} button is still in the tree after locking")
        # note: Qt removes the accessible objects of deleted widgets when its event loop runs
        # their deletion (deleteLater), so the tree may hold them a moment after the lock
        end = time.monotonic() + LOCK_GRACE
        while True:
            self.leaks = self.holding_secret_words()
            if not self.leaks or time.monotonic() > end:
                break
            time.sleep(0.2)
        if self.leaks:
            raise Failed(f"{LOCK_GRACE:g} s after locking, {len(self.leaks)} accessible objects "
                         f"still hold case data: {self.leaks[:10]}")
        count = sum(1 for _ in self.walk(self.app))
        self.check_names("unlock screen after lock")
        return f"locked; {count} objects in the tree, none holds case data"

    def menu_item(self, name: str) -> Any:
        item = self.find(pyatspi.ROLE_MENU_ITEM, name, showing=False)
        if item is None:
            raise Failed(f"no menu item named {name!r}")
        return item

    def run(self) -> dict[str, Any]:
        failure = None
        try:
            self.step("find the app", self.find_app)
            self.step("give the window the focus", self.give_focus)
            self.step("unlock", self.unlock)
            self.step("open a case", self.open_case)
            self.step("lock", self.lock)
            if self.unnamed:
                failure = f"{len(self.unnamed)} showing controls have no accessible name"
        except Failed as exc:
            failure = str(exc)
        except Exception as exc:  # reported to the test, with its type
            failure = f"{type(exc).__name__}: {exc}"
        return {"ok": failure is None, "failure": failure, "steps": self.steps,
                "unnamed": self.unnamed, "leaks": self.leaks}


def attempt(fn: Callable[[], Any], default: Any = None) -> Any:
    """``fn()``, or ``default`` when it fails: an object can go away while it is read (the app
    changes its tree as it works), and objects without an interface raise."""
    try:
        return fn()
    except Exception:
        return default


def describe(node: Any) -> str:
    """``role 'name'`` of an accessible object, for messages."""
    try:
        return f"{node.getRoleName()} {node.name!r}"
    except Exception:
        return "(gone)"


def has_state(node: Any, state: int) -> bool:
    """Whether the object has ``state`` now."""
    try:
        return bool(node.getState().contains(state))
    except Exception:
        return False


def press(node: Any, action: str) -> None:
    """Do the named action of an object (the Action interface)."""
    actions = node.queryAction()
    names = [actions.getName(i) for i in range(actions.nActions)]
    if action not in names:
        raise Failed(f"{describe(node)} has no action {action!r} (it has {names})")
    actions.doAction(names.index(action))


def main() -> int:
    request = json.load(sys.stdin)
    overall = int(request.get("overall_timeout", 150))
    probe = Probe(request)

    def too_long(_signum: int, _frame: Any) -> None:
        # note: an AT-SPI call the app never answers would block here forever
        print(json.dumps({"ok": False, "failure": f"the probe ran longer than {overall} s",
                          "steps": probe.steps, "unnamed": probe.unnamed, "leaks": []},
                         ensure_ascii=False), flush=True)
        sys.exit(1)
    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(overall)
    report = probe.run()
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
