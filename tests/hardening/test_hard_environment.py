"""The world around the vault misbehaves: a second process, a drive pulled out, a clock set back.

- Two processes on one vault: the second gets ``VaultLockedError``; through the CLI that is one
  line on standard error and exit status 1; once the first process dies (even by SIGKILL) the
  vault opens again.
- A vault whose folder disappears while open (the USB stick pulled: simulated by a bind mount
  lazily unmounted, by renaming the folder, by deleting it): every call ends in data or a clear
  ``AdvocateError``, never another exception; what was committed is on the original afterwards.
- The clock set back a year for some writes: the audit chain still verifies, records still sort
  by their own dates, due dates are what the calendar says.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import advocate.model.base as clock_module
from advocate.errors import AdvocateError, StorageError, VaultLockedError
from advocate.model import Action, ActionStatus, Case, Note, PartialDate, Person, Threat
from advocate.model.deadlines import PeriodUnit, due_date
from advocate.store import Store

from .conftest import PASSPHRASE, child_env, make_store, snapshot

HOLDER = """
import sys
from pathlib import Path
from advocate.store import Store
store = Store.open(Path(sys.argv[1]), sys.stdin.readline().rstrip("\\n"))
print("holding", flush=True)
sys.stdin.readline()
store.close()
"""


def _seeded(path: Path) -> Path:
    with make_store(path) as store:
        store.add(Case(reference="ENV-1", title="Дело"))
    return path


def _hold(vault: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(vault)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=child_env())
    assert holder.stdin and holder.stdout
    holder.stdin.write(PASSPHRASE + "\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "holding"
    return holder


def _cli(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "advocate", *args], input=stdin,
                          capture_output=True, text=True, env=child_env(), timeout=120)


@pytest.mark.parametrize("command", [["cases"], ["verify"], ["search", "{v}", "дело"],
                                     ["export", "{v}", "-o", "{o}"]])
def test_second_process_is_refused_in_one_line(tmp_path: Path, command: list[str]) -> None:
    vault = _seeded(tmp_path / "v.advocate")
    holder = _hold(vault)
    try:
        args = [a.format(v=vault, o=tmp_path / "out.json") for a in command]
        if "{v}" not in command:
            args.append(str(vault))
        done = _cli(args, PASSPHRASE + "\n")
        assert done.returncode == 1
        assert done.stderr.count("\n") == 1 and "already open" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and not (tmp_path / "out.json").exists()
    finally:
        holder.kill()
        holder.wait()
    # the kernel released the lock of the killed holder: the vault opens again
    assert _cli(["cases", str(vault)], PASSPHRASE + "\n").returncode == 0


def test_second_open_in_process_and_after_sigkill(tmp_path: Path) -> None:
    vault = _seeded(tmp_path / "v.advocate")
    holder = _hold(vault)
    with pytest.raises(VaultLockedError):
        Store.open(vault, PASSPHRASE, read_only=True)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with Store.open(vault, PASSPHRASE) as store:
        assert store.verify().ok


# --- the drive disappears ----------------------------------------------------------------------


def _attempts(store: Store, case: Case) -> dict[str, str]:
    """Every kind of call after the drive went: 'ok' or the AdvocateError class, nothing else."""
    results: dict[str, str] = {}
    calls: dict[str, Any] = {
        "add": lambda: store.add(Note(case_id=case.id, title="после", text="после извлечения")),
        "search": lambda: store.search("после"),
        "list": lambda: store.list_records(Note),
        "verify": lambda: store.verify(),
        "passphrase": lambda: store.vault.change_passphrase("другой пароль"),
    }
    for name, call in calls.items():
        try:
            call()
            results[name] = "ok"
        except AdvocateError as exc:
            assert exc.message and "\n" not in exc.message
            results[name] = type(exc).__name__
    return results


def test_usb_pulled_bind_mount_lazily_unmounted(tmp_path: Path) -> None:
    """The path vanishes while the files stay open; re-plugged, the original has everything."""
    original = tmp_path / "stick"
    original.mkdir()
    mountpoint = tmp_path / "media"
    mountpoint.mkdir()
    done = subprocess.run(["mount", "--bind", str(original), str(mountpoint)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"bind mounts are not permitted here: {done.stderr.strip()}")
    try:
        vault = _seeded(mountpoint / "v.advocate")
        store = Store.open(vault, PASSPHRASE)
        case = store.list_records(Case)[0]
        kept = store.add(Note(case_id=case.id, title="до", text="до извлечения"))
        subprocess.run(["umount", "-l", str(mountpoint)], check=True)
        header_before = (original / "v.advocate" / "vault.json").read_bytes()
        results = _attempts(store, case)
        assert results["passphrase"] == "StorageError"  # a new header cannot be written there
        store.close()
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], capture_output=True)
    assert (original / "v.advocate" / "vault.json").read_bytes() == header_before
    with Store.open(original / "v.advocate", PASSPHRASE) as again:
        assert again.verify().ok
        titles = {n.title for n in again.list_records(Note)}
        assert kept.title in titles
        assert ("после" in titles) == (results["add"] == "ok")


def test_vault_folder_renamed_while_open(tmp_path: Path) -> None:
    vault = _seeded(tmp_path / "v.advocate")
    store = Store.open(vault, PASSPHRASE)
    case = store.list_records(Case)[0]
    vault.rename(tmp_path / "moved.advocate")
    results = _attempts(store, case)
    assert results["passphrase"] == "StorageError"
    store.close()
    with Store.open(tmp_path / "moved.advocate", PASSPHRASE) as again:
        assert again.verify().ok
        assert (len(again.list_records(Note)) == 1) == (results["add"] == "ok")


def test_vault_folder_deleted_while_open(tmp_path: Path) -> None:
    vault = _seeded(tmp_path / "v.advocate")
    store = Store.open(vault, PASSPHRASE)
    case = store.list_records(Case)[0]
    shutil.rmtree(vault)
    _attempts(store, case)
    store.close()
    assert not vault.exists() or snapshot(vault) == {}


def test_header_write_to_vanished_folder_is_storage_error(tmp_path: Path) -> None:
    vault = _seeded(tmp_path / "v.advocate")
    with Store.open(vault, PASSPHRASE) as store:
        shutil.rmtree(vault)
        with pytest.raises(StorageError) as caught:
            store.vault.change_passphrase("новый")
        assert "check" in caught.value.message.lower()


# --- the clock set back ------------------------------------------------------------------------


class _YearAgo(datetime):
    """``datetime`` whose ``now`` is a year behind."""

    @classmethod
    def now(cls, tz: Any = None) -> _YearAgo:  # type: ignore[override]
        real = datetime.now(tz or UTC) - timedelta(days=365)
        return cls.fromtimestamp(real.timestamp(), tz)


def test_clock_set_back_a_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with make_store(tmp_path / "clock.advocate") as store:
        case = store.add(Case(reference="CLK-1", title="Часы"))
        person = store.add(Person(full_name="Нұрлан"))
        threats = [store.add(Threat(case_id=case.id, received=PartialDate(2024, 5, 1),
                                    target_ids=[person.id], words="первая"))]
        action = store.add(Action(case_id=case.id, title="Жалоба", status=ActionStatus.FILED,
                                  filed=PartialDate(2025, 3, 14), response_days=15,
                                  response_unit=PeriodUnit.WORKING))
        with monkeypatch.context() as clock:
            clock.setattr(clock_module, "datetime", _YearAgo)
            stamp = clock_module.utc_now()
            assert stamp < threats[0].created  # the clock really went back
            threats.append(store.add(Threat(case_id=case.id, received=PartialDate(2023, 1, 2),
                                            target_ids=[person.id], words="вторая")))
            store.update(Threat(**{**_fields(threats[0]), "words": "первая, уточнено"}))
            late_action = store.add(Action(case_id=case.id, title="Повторная",
                                           status=ActionStatus.FILED,
                                           filed=PartialDate(2025, 3, 14), response_days=15,
                                           response_unit=PeriodUnit.WORKING))
            store.add(Note(case_id=case.id, title="в прошлом", text="записано с отставшими часами"))
        threats.append(store.add(Threat(case_id=case.id, received=PartialDate(2024, 1, 1),
                                        target_ids=[person.id], words="третья")))
        report = store.verify()
        assert report.ok, report.problems
        assert [e.seq for e in store.audit.entries()] == list(range(1, report.audit_entries + 1))
        listed = store.list_records(Threat, case.id)
        assert [t.received.earliest() for t in listed] == sorted(
            t.received.earliest() for t in listed)
        expected = due_date(date(2025, 3, 14), 15, PeriodUnit.WORKING, store.calendar)
        assert store.get(action.id, Action).due == expected
        assert store.get(late_action.id, Action).due == expected
        assert {h.id for h in store.search("уточнено")} == {threats[0].id}


def _fields(record: Any) -> dict[str, Any]:
    from dataclasses import fields

    return {f.name: getattr(record, f.name) for f in fields(record)}
