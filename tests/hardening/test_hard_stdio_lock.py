"""No internal error reaches the user, and the lock cannot be bypassed (issue 15, last classes).

- Standard input or output closed, bytes on standard input that are not UTF-8, output redirected
  in a locale whose encoding cannot hold Kazakh letters (CP1251), a reader that closes the pipe,
  a clock in the year 9999: each is one clear line (or the output in UTF-8), never "Internal
  error" with exit status 70.
- Deleting ``vault.lock`` while a vault is open does not let a second process in: not a second
  import, not a master-key rotation while a report is being made.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import advocate.clock as clock_module
from advocate.cli.secrets import StdinClosedError, StdinNotTextError
from advocate.cli.stdio import StdoutClosedError
from advocate.clock import ClockError, ClockOverflowError, check_clock
from advocate.errors import VaultLockedError
from advocate.model import Case, Person
from advocate.store import Store

from .conftest import PASSPHRASE, REPO, child_env, make_store

CHEAP = str(Path(__file__).with_name("cli_cheap.py"))
KAZAKH = "Әлия Қасымқызы Ұлықбек"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stdio") / "v.advocate"
    with make_store(path) as store:
        store.add(Case(reference="ҚР-1", title=KAZAKH))
        store.add(Person(full_name=KAZAKH))
    return path


def _shell(command: str, stdin: bytes = b"", **env: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` in sh (for ``<&-`` and ``>&-``), with this checkout's advocate."""
    return subprocess.run(["sh", "-c", command], input=stdin, capture_output=True,
                          env=child_env(**env), timeout=120, cwd=REPO)


def _cmd(*args: str) -> str:
    return " ".join([sys.executable, CHEAP, *(f"'{a}'" for a in args)])


def _one_clear_line(done: subprocess.CompletedProcess[bytes]) -> str:
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1, err
    assert err.count("\n") == 1 and "Internal error" not in err and "Traceback" not in err, err
    return err


def test_standard_input_closed(vault: Path) -> None:
    err = _one_clear_line(_shell(_cmd("cases", str(vault)) + " <&-"))
    assert err == f"advocate: {StdinClosedError().message}\n"
    assert _shell(_cmd("info", str(vault)) + " <&-").returncode == 0  # needs no passphrase


def test_standard_output_closed(vault: Path) -> None:
    done = _shell(_cmd("cases", str(vault)) + " >&-", PASSPHRASE.encode() + b"\n")
    assert _one_clear_line(done) == f"advocate: {StdoutClosedError().message}\n"


@pytest.mark.parametrize("data", [b"\xff\xfe\xfd\n", "пароль".encode("cp1251") + b"\n",
                                  b"\xed\xa0\x80\n"])  # UTF-16, CP1251, a UTF-8 surrogate
def test_standard_input_not_utf8(vault: Path, data: bytes) -> None:
    err = _one_clear_line(_shell(_cmd("cases", str(vault)), data))
    assert err == f"advocate: {StdinNotTextError(1).message}\n"


@pytest.mark.parametrize("encoding", ["cp1251", "ascii", "latin-1"])
def test_redirected_output_in_a_narrow_encoding_is_utf8(vault: Path, encoding: str) -> None:
    done = _shell(_cmd("cases", str(vault)), PASSPHRASE.encode() + b"\n",
                  PYTHONIOENCODING=encoding)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert KAZAKH in done.stdout.decode("utf-8")  # every letter kept
    done = _shell(_cmd("search", str(vault), "Әлия", "--json"), PASSPHRASE.encode() + b"\n",
                  PYTHONIOENCODING=encoding)
    assert done.returncode == 0 and KAZAKH in done.stdout.decode("utf-8")


def test_errors_in_a_narrow_encoding_are_written(vault: Path) -> None:
    done = _shell(_cmd("search", str(vault), "x", "--case", "Қ-нет"), PASSPHRASE.encode() + b"\n",
                  PYTHONIOENCODING="cp1251")
    assert "Қ-нет" in _one_clear_line(done)


def test_a_reader_that_closes_the_pipe(vault: Path) -> None:
    with make_store(vault.parent / "many.advocate") as store:
        store.add_many([Case(reference=f"R-{i}", title="x" * 60) for i in range(3000)])
    done = _shell(_cmd("cases", str(vault.parent / "many.advocate")) + " | head -c 10 >/dev/null",
                  PASSPHRASE.encode() + b"\n")
    err = done.stderr.decode("utf-8")
    assert "Internal error" not in err and "Traceback" not in err and "Exception" not in err, err


# --- the clock ---------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [1899, 2201, 9999])
def test_a_clock_outside_the_dates_a_record_holds_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                             year: int) -> None:
    class FarClock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return datetime(year, 6, 1, 12, tzinfo=UTC)

    monkeypatch.setattr(clock_module, "datetime", FarClock)
    with pytest.raises(ClockError) as caught:
        check_clock()
    assert caught.value.code == "clock.implausible" and str(year) in caught.value.params["now"]


def test_a_clock_beyond_what_python_counts_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def overflow() -> float:
        raise OverflowError("timestamp too large to convert to C _PyTime_t")

    monkeypatch.setattr(clock_module.time, "time", overflow)
    with pytest.raises(ClockError) as caught:
        check_clock()
    assert caught.value.code == "clock.overflow" and caught.value.params["year"] == 2262


@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime is not installed")
@pytest.mark.parametrize("when", ["9999-12-31 20:00:00", "2250-01-01 00:00:00"])
@pytest.mark.parametrize("command", ["report", "backup", "cases"])
def test_commands_under_a_far_clock_say_so(vault: Path, tmp_path: Path, when: str,
                                           command: str) -> None:
    args = {"report": ["report", str(vault), "--case", "ҚР-1", "-o", str(tmp_path / "r.pdf")],
            "backup": ["backup", str(vault), "-o", str(tmp_path / "b.bak")],
            "cases": ["cases", str(vault)]}[command]
    done = _shell(f"faketime '{when}' " + _cmd(*args), f"{PASSPHRASE}\nbackup pw\n".encode(),
                  FAKETIME_DONT_FAKE_MONOTONIC="1" if when.startswith("2250") else "0")
    err = _one_clear_line(done)
    if when.startswith("9999"):
        assert err == f"advocate: {ClockOverflowError().message}\n"
    else:
        now = re.search(r"2250-01-01 \d\d:\d\d UTC", err)  # the fake clock runs on
        assert now is not None and err == f"advocate: {ClockError(now.group()).message}\n"
    assert list(tmp_path.iterdir()) == []


# --- the lock ----------------------------------------------------------------------------------

HOLDER = """
import sys
from pathlib import Path
from advocate.store import Store
store = Store.open(Path(sys.argv[1]), sys.stdin.readline().rstrip("\\n"))
print("holding", flush=True)
sys.stdin.readline()
store.close()
"""


def _hold(vault: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(vault)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=child_env())
    assert holder.stdin and holder.stdout
    holder.stdin.write(PASSPHRASE + "\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "holding"
    return holder


@pytest.mark.parametrize("command", [["import", "{v}", "{doc}"], ["passwd", "{v}", "--rotate-key"],
                                     ["cases", "{v}"]])
def test_deleting_the_lock_file_lets_no_one_in(tmp_path: Path, command: list[str]) -> None:
    vault = tmp_path / "v.advocate"
    with make_store(vault) as store:
        store.add(Case(reference="L-1", title="Дело"))
    doc = tmp_path / "doc.json"
    doc.write_text('{"format": "advocate-interchange", "version": 1, "records": [], "files": []}')
    holder = _hold(vault)  # e.g. a report being made
    try:
        (vault / "vault.lock").unlink()  # a user tidying up, a sync tool
        with pytest.raises(VaultLockedError):
            Store.open(vault, PASSPHRASE, read_only=True)
        args = [a.format(v=vault, doc=doc) for a in command]
        done = subprocess.run([sys.executable, CHEAP, *args], input=f"{PASSPHRASE}\n{PASSPHRASE}\n",
                              capture_output=True, text=True, env=child_env(), timeout=120)
        assert done.returncode == 1, done.stderr
        assert done.stderr == f"advocate: {VaultLockedError(vault).message}\n"
    finally:
        holder.kill()
        holder.wait()
    with Store.open(vault, PASSPHRASE) as store:  # the kernel dropped the holder's locks
        assert store.verify().ok
