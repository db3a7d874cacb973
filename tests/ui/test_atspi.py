"""End to end through the real accessibility interface: the app under Xvfb with AT-SPI.

The test starts a private D-Bus session bus, Xvfb, the AT-SPI bus launcher and
``python -m advocate --demo`` (Qt's xcb platform, ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``), then
runs ``tools/atspi_probe.py`` under Debian's ``/usr/bin/python3`` (``python3-pyatspi``), which
unlocks, opens a case and locks as a screen reader would, and reports JSON (see the probe).

It skips when those programs are missing, except under ``CI=1`` or ``ADVOCATE_REQUIRE_ATSPI=1``
(``.ci/run`` installs them): there a missing program fails the test. Every process it starts
runs in a process group of its own, killed at the end; HOME, TMPDIR and XDG_RUNTIME_DIR point
into the test's temporary folder, and the test checks that nothing is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from advocate.demo_run import DEMO_PASSPHRASE
from advocate.i18n import _, set_language

ROOT = Path(__file__).resolve().parents[2]
PROBE = ROOT / "tools" / "atspi_probe.py"
SYSTEM_PYTHON = Path("/usr/bin/python3")
LAUNCHERS = (Path("/usr/libexec/at-spi-bus-launcher"),
             Path("/usr/lib/at-spi2-core/at-spi-bus-launcher"))
#: The demo's main case and words of it that must be gone from the tree after the lock: the
#: victim's name, his mother's, and the case's reference and title.
CASE = "АҚТ-2023-01"
SECRET_WORDS = ["Арман Ерланұлы", "Айгерім Сейітқызы", CASE, "Дело мальчика А."]
START_TIMEOUT = 30.0


def required() -> bool:
    """Whether a missing program fails the test instead of skipping it (CI)."""
    return os.environ.get("CI") == "1" or os.environ.get("ADVOCATE_REQUIRE_ATSPI") == "1"


def missing_programs() -> list[str]:
    """What this test needs and this machine lacks (with the Debian package that has it)."""
    missing = [f"{name} ({package})" for name, package in (
        ("Xvfb", "xvfb"), ("dbus-daemon", "dbus-daemon"), ("dbus-send", "dbus-bin"),
        ("xdotool", "xdotool")) if shutil.which(name) is None]
    if not any(p.exists() for p in LAUNCHERS):
        missing.append("at-spi-bus-launcher (at-spi2-core)")
    if not SYSTEM_PYTHON.exists():
        missing.append("/usr/bin/python3 (python3)")
    else:
        check = subprocess.run([str(SYSTEM_PYTHON), "-c", "import pyatspi"],
                               capture_output=True, timeout=30, check=False)
        if check.returncode != 0:
            missing.append("pyatspi for /usr/bin/python3 (python3-pyatspi gir1.2-atspi-2.0)")
    return missing


class Processes:
    """The processes of one run, each the leader of its own process group."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, argv: list[str], env: dict[str, str],
              **kwargs: object) -> subprocess.Popen[bytes]:
        log = (self.scratch / f"{name}.log").open("wb")
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=log,
                                   stdin=subprocess.DEVNULL, start_new_session=True,
                                   **kwargs)  # type: ignore[call-overload]
        log.close()
        self.started.append((name, process))
        return process

    def log(self, name: str) -> str:
        path = self.scratch / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> list[str]:
        """TERM each group, newest first (the app first: it removes its demo folder), then
        KILL what is left; returns the groups that needed KILL."""
        killed = []
        for name, process in reversed(self.started):
            for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                end = time.monotonic() + wait
                while time.monotonic() < end and group_alive(process.pid):
                    process.poll()
                    time.sleep(0.05)
                if not group_alive(process.pid):
                    break
                killed.append(name)
            process.poll()
        return killed


def group_alive(pgid: int) -> bool:
    """Whether any process of the group still runs (zombies of our own children reaped)."""
    try:
        os.waitpid(-pgid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_until(what: str, condition: Callable[[], bool], timeout: float = START_TIMEOUT,
               log: Callable[[], str] = str) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}\n{log()}")
        time.sleep(0.1)


def x_answers(env: dict[str, str]) -> bool:
    """Whether an X client can connect to the display (xdotool asks for the screen's size)."""
    result = subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True,
                            text=True, timeout=10, check=False)
    return result.returncode == 0


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[tuple[Processes, dict[str, str], str]]:
    """A session bus, Xvfb and the AT-SPI bus; yields the processes, the environment and the
    X display; stops them all afterwards and checks nothing is left."""
    missing = missing_programs()
    if missing:
        message = "the AT-SPI check needs: " + ", ".join(missing)
        if required():
            pytest.fail(message + " (CI=1 or ADVOCATE_REQUIRE_ATSPI=1: required here)")
        pytest.skip(message)
    home, run, tmp = tmp_path / "home", tmp_path / "run", tmp_path / "tmp"
    for folder in (home, run, tmp):
        folder.mkdir(mode=0o700)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "XDG_RUNTIME_DIR": str(run), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache"),
           "TMPDIR": str(tmp), "LANG": "C.UTF-8", "LANGUAGE": "en"}
    processes = Processes(tmp_path)
    display = ""
    try:
        bus = run / "bus"
        processes.start("dbus", ["dbus-daemon", "--session", "--nofork", "--nopidfile",
                                 f"--address=unix:path={bus}"], env)
        wait_until("the D-Bus session bus", bus.exists)
        env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={bus}"
        reader, writer = os.pipe()
        try:
            processes.start("xvfb", ["Xvfb", "-displayfd", str(writer), "-screen", "0",
                                     "1366x768x24", "-nolisten", "tcp"], env, pass_fds=(writer,))
            os.close(writer)
            display = ":" + read_line(reader, "Xvfb to choose a display")
        finally:
            os.close(reader)
        env["DISPLAY"] = display
        wait_until(f"Xvfb to accept connections on {display}", lambda: x_answers(env),
                   log=lambda: processes.log("xvfb"))
        launcher = next(p for p in LAUNCHERS if p.exists())
        processes.start("atspi", [str(launcher), "--launch-immediately"], env)
        wait_until("the AT-SPI bus (org.a11y.Bus)", lambda: a11y_bus_up(env))
        yield processes, env, display
    finally:
        killed = processes.stop()
        # note: Xvfb removes its lock and socket when TERMinated; an X server KILLed would not
        leftovers = [p for p in (Path(f"/tmp/.X{display[1:]}-lock"),
                                 Path(f"/tmp/.X11-unix/X{display[1:]}")) if display and p.exists()]
        assert not killed, f"needed SIGKILL: {killed}"
        assert not leftovers, f"left in /tmp: {leftovers}"


def read_line(fd: int, what: str) -> str:
    end = time.monotonic() + START_TIMEOUT
    data = b""
    os.set_blocking(fd, False)
    while not data.endswith(b"\n"):
        try:
            data += os.read(fd, 64)
        except BlockingIOError:
            time.sleep(0.05)
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
    return data.decode().strip()


def a11y_bus_up(env: dict[str, str]) -> bool:
    result = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/",
         "org.freedesktop.DBus.NameHasOwner", "string:org.a11y.Bus"], env=env,
        capture_output=True, text=True, timeout=10, check=False)
    return "boolean true" in result.stdout


def accessible_names(lang: str) -> dict[str, str]:
    """The names the probe looks for, from the catalogue in ``lang`` (menu items without their
    '&': the accessible name has none)."""
    set_language(lang)
    try:
        return {"passphrase": _("Passphrase"), "unlock": _("Unlock"),
                "search": _("Search the vault"), "go_cases": _("&Cases").replace("&", ""),
                "cases_table": _("Cases"), "find_case": _("Find a case"),
                "back": _("Back to cases"), "lock": _("&Lock").replace("&", "")}
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_unlock_open_a_case_and_lock_through_atspi(
        desktop: tuple[Processes, dict[str, str], str], tmp_path: Path, lang: str) -> None:
    processes, env, _display = desktop
    # note: a fresh HOME has no preferences, so the app takes the system's language
    app_env = dict(env, LANGUAGE=lang, QT_QPA_PLATFORM="xcb",
                   QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", PYTHONPATH=str(ROOT))
    app = processes.start("app", [sys.executable, "-m", "advocate", "--demo"], app_env, cwd=ROOT)
    request = {"pid": app.pid, "passphrase": DEMO_PASSPHRASE, "case": CASE,
               "secret_words": SECRET_WORDS, "names": accessible_names(lang), "timeout": 40,
               "overall_timeout": 200}
    probe = subprocess.Popen([str(SYSTEM_PYTHON), str(PROBE)], env=env, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = probe.communicate(json.dumps(request), timeout=1)
    except subprocess.TimeoutExpired:
        out = err = ""
        end = time.monotonic() + 240
        # note: an app that dies (a crash, no display) fails the test at once, with its log
        while probe.poll() is None and app.poll() is None and time.monotonic() < end:
            time.sleep(0.2)
        if probe.poll() is None:
            os.killpg(probe.pid, signal.SIGKILL)
        out, err = probe.communicate()
    assert app.poll() is None, f"the app exited ({app.returncode}):\n{processes.log('app')}"
    lines = out.strip().splitlines()
    assert lines, f"the probe printed nothing:\n{err[-3000:]}"
    report = json.loads(lines[-1])
    steps = "\n".join(f"  {'ok ' if s['ok'] else 'BAD'} {s['step']} ({s['seconds']} s): "
                      f"{s['detail']}" for s in report["steps"])
    print(steps)  # shown with pytest -s: what was found, and how long each step took
    assert report["ok"], (f"{report['failure']}\nsteps:\n{steps}\nunnamed: {report['unnamed']}"
                          f"\nprobe stderr:\n{err[-2000:]}\napp:\n"
                          f"{processes.log('app')}")
    assert [s["step"] for s in report["steps"]] == [
        "find the app", "give the window the focus", "unlock", "open a case", "lock"]
    assert report["unnamed"] == [] and report["leaks"] == []
    # the app quits on TERM, locks, and removes its demo folder (TMPDIR is the test's)
    app.send_signal(signal.SIGTERM)
    assert app.wait(timeout=30) == 0, processes.log("app")
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_clear_button_has_a_name_in_the_ui_language(
        qtbot: Any, qapp: Any, tmp_path: Path, prompts: Any, demo_vault: Path,
        lang: str) -> None:
    """What the AT-SPI run found first: a line edit's clear button (shown once the field holds
    text, so the widget walk of test_shell_access never saw it) had no name."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QLineEdit, QToolButton

    from tests.ui.shell_helpers import close_app, make_app, unlock
    from ui.widgets.partial_date_edit import PartialDateEdit

    made = make_app(qapp, tmp_path, prompts, lang=lang)
    try:
        made.window.show()
        unlock(qtbot, made, demo_vault)
        work = made.window.work
        work.show_screen(1)
        qtbot.waitUntil(lambda: work.cases.model.rowCount() > 0, timeout=15_000)
        work.open_case(work.cases.model.case_id(0))
        date = PartialDateEdit(made.window)
        edits = [e for e in made.window.findChildren(QLineEdit) if e.isClearButtonEnabled()]
        assert len(edits) >= 4  # quick search, find a case, search, a date field
        for edit in edits:
            edit.setText("x")
            buttons = edit.findChildren(QToolButton)
            assert buttons, edit.objectName()
            for button in buttons:
                name = QAccessible.queryAccessibleInterface(button).text(QAccessible.Text.Name)
                assert name == _("Clear the field"), (edit.objectName(), name)
        assert lang == "en" or _("Clear the field") != "Clear the field"
        date.deleteLater()
    finally:
        close_app(made)
