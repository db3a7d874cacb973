"""advocate.report_process: a report rendered in a child process, with progress, cancel, the
core's errors carried back, a dead child said as one error, and nothing left on disk."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from advocate.errors import Cancelled
from advocate.model import CaseFile
from advocate.report_process import ReportProcess
from advocate.reports import ComplaintOptions, ReportKind, UnknownAddresseeError
from advocate.reports.errors import ReportProcessError
from advocate.reports.render import render_report_to
from tests.reports.conftest import make_big_case, make_request


@pytest.fixture
def renderer() -> Iterator[ReportProcess]:
    process = ReportProcess()
    yield process
    process.close()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # note: a killed child that was joined is reaped; a zombie would still answer signal 0
    return False


def test_a_report_renders_in_a_child_process_as_it_would_in_this_one(
        renderer: ReportProcess, rich_case: CaseFile) -> None:
    request = make_request(ReportKind.COMPLAINT)
    seen: list[tuple[int, int]] = []
    rendered = renderer.render(rich_case, request, progress=lambda d, t: seen.append((d, t)))
    child = renderer.pid
    assert child is not None and child != os.getpid()
    assert rendered.pdf.startswith(b"%PDF") and rendered.pdf.rstrip().endswith(b"%%EOF")
    here = render_report_to(rich_case, request, io.BytesIO())
    assert rendered.stamp.code == here.code
    assert rendered.stamp.payload_json() == here.payload_json()
    assert seen and seen[-1][0] == seen[-1][1]
    # the same child renders the next report (it was started once)
    renderer.render(rich_case, make_request(ReportKind.THREATS))
    assert renderer.pid == child and renderer.started == 1


def test_the_cores_own_error_comes_back_and_the_child_stays(
        renderer: ReportProcess, rich_case: CaseFile) -> None:
    request = make_request(ReportKind.COMPLAINT,
                           complaint=ComplaintOptions(addressee_preset="no-such-body"))
    with pytest.raises(UnknownAddresseeError) as raised:
        renderer.render(rich_case, request)
    assert raised.value.code == "report.unknown_addressee"
    assert raised.value.params["preset"] == "no-such-body"
    assert renderer.render(rich_case, make_request(ReportKind.THREATS)).pdf
    assert renderer.started == 1


def test_cancel_kills_the_child_at_once_and_the_next_render_starts_another(
        renderer: ReportProcess, rich_case: CaseFile) -> None:
    big = make_big_case(threats=1500, actions=100)
    cancel = threading.Event()
    renderer.start()
    child = renderer.pid
    assert child is not None

    def first_page(done: int, total: int) -> None:
        cancel.set()  # as the user presses Cancel while it runs

    with pytest.raises(Cancelled):
        renderer.render(big, make_request(ReportKind.COMPLAINT), progress=first_page,
                        cancel=cancel)
    assert _gone(child)  # killed and reaped, not left to finish the layout
    assert renderer.pid not in (None, child)  # a new one started at once, for the next render
    assert renderer.render(rich_case, make_request(ReportKind.THREATS)).pdf
    assert renderer.started == 2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_child_that_dies_becomes_one_translated_error_and_the_next_render_works(
        renderer: ReportProcess, rich_case: CaseFile) -> None:
    big = make_big_case(threats=1500, actions=100)
    renderer.start()
    child = renderer.pid
    assert child is not None

    def crash(done: int, total: int) -> None:
        os.kill(child, signal.SIGKILL)  # as the system's out-of-memory killer would

    with pytest.raises(ReportProcessError) as raised:
        renderer.render(big, make_request(ReportKind.COMPLAINT), progress=crash)
    error = raised.value
    assert error.code == "report.process_died" and error.exitcode == -signal.SIGKILL
    assert "try again" in error.text("en")
    for lang in ("ru", "kk"):
        assert error.text(lang) != error.text("en")
    assert _gone(child)
    assert renderer.render(rich_case, make_request(ReportKind.THREATS)).pdf
    assert renderer.started == 2


def test_close_leaves_no_process_and_refuses_more_work(rich_case: CaseFile) -> None:
    renderer = ReportProcess()
    renderer.start()
    child = renderer.pid
    assert child is not None
    renderer.close()
    assert _gone(child)
    assert all(p.pid != child for p in multiprocessing.active_children())
    with pytest.raises(Cancelled):
        renderer.render(rich_case, make_request(ReportKind.THREATS))


def test_nothing_is_written_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    rich_case: CaseFile) -> None:
    # the child inherits these: a temporary file or a log it wrote would land here
    for name in ("TMPDIR", "TEMP", "TMP", "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path))
    monkeypatch.chdir(tmp_path)
    with ReportProcess() as renderer:
        assert renderer.render(rich_case, make_request(ReportKind.COMPLAINT)).pdf
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="Linux's /proc")
def test_the_child_can_leave_no_core_dump(renderer: ReportProcess) -> None:
    assert renderer.wait_ready(60)
    limits = Path(f"/proc/{renderer.pid}/limits").read_text(encoding="ascii")
    core = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
    assert core.split()[4:6] == ["0", "0"], core


def test_the_child_does_not_rerun_the_main_module(tmp_path: Path) -> None:
    # note: "spawn" re-runs the parent's __main__ in the child; the app's main module imports
    # Qt and every window. A main script that counts its runs shows whether the child ran it.
    script = tmp_path / "app_main.py"
    script.write_text(
        "import os, pathlib, sys\n"
        "with open(pathlib.Path(__file__).with_suffix('.runs'), 'a') as f:\n"
        "    f.write(f'{os.getpid()}\\n')\n"
        "if __name__ == '__main__':\n"
        f"    sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"
        "    from advocate.report_process import ReportProcess\n"
        "    renderer = ReportProcess()\n"
        "    assert renderer.wait_ready(60)\n"
        "    renderer.close()\n"
        "    assert '__file__' in globals() and __spec__ is None\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert len(script.with_suffix(".runs").read_text().split()) == 1


class FakeKernel32:
    """kernel32 as the child sees it on Windows: the error mode it holds, the calls made."""

    def __init__(self, mode: int) -> None:
        self.mode = mode
        self.wer_flags: list[int] = []

    def SetErrorMode(self, mode: int) -> int:
        previous, self.mode = self.mode, mode
        return previous

    def WerSetFlags(self, flags: int) -> int:
        self.wer_flags.append(flags)
        return 0


def test_on_windows_the_child_asks_for_no_crash_box_and_no_heap_in_a_crash_report(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    from advocate import report_process

    kernel32 = FakeKernel32(mode=0x8000)  # SEM_NOOPENFILEERRORBOX, set by the parent
    loaded: list[str] = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", lambda name: loaded.append(name) or kernel32,
                        raising=False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # _quiet replaces both hooks
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    report_process._quiet()
    assert loaded == ["kernel32"]
    # SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX added, the parent's own bit kept
    assert kernel32.mode == 0x8000 | 0x0001 | 0x0002
    assert kernel32.wer_flags == [0x0001]  # WER_FAULT_REPORTING_FLAG_NOHEAP
