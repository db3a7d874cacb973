"""Every input is bounded, and an import keeps a case whole (issue 15, second and third classes).

- Inputs that are not ordinary files (``/dev/zero``, ``/dev/urandom``, a FIFO, a folder) as an
  import document, evidence or a backup are refused at once, by the core and by the command line;
  a FIFO never holds the vault lock. Limits count bytes read, not what ``stat`` says.
- Absurd values: integers of thousands of digits, duplicate keys, names of 60,000 words.
- An import refuses a record that refers to a record of another case, recomputes due dates, and
  ``--case REF`` with two cases of that reference names both ids.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from advocate.backup.errors import NotABackupError
from advocate.backup.reader import BackupFile
from advocate.errors import AmbiguousCaseError, EvidenceError, ImportFormatError
from advocate.inputs import InputNotAFileError, InputTooLargeError, read_limited
from advocate.model import Action, ActionStatus, Case, Evidence, PartialDate, Person, Threat
from advocate.model.codec import to_dict
from advocate.model.deadlines import PeriodUnit
from advocate.store import Store, interchange
from advocate.store.interchange import import_document, parse_document, write_export

from .conftest import PASSPHRASE, REPO, child_env, make_store, snapshot

CHEAP = str(Path(__file__).with_name("cli_cheap.py"))
NOT_FILES = ["/dev/zero", "/dev/urandom", "/dev/null", "fifo", "folder"]


def _cli(args: list[str], stdin: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, CHEAP, *args], input=stdin, capture_output=True,
                          text=True, env=child_env(), timeout=timeout, cwd=REPO)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    path = tmp_path / "v.advocate"
    with make_store(path) as store:
        store.add(Case(reference="IN-1", title="Дело"))
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    return path


def _name(tmp_path: Path, name: str) -> Path:
    return Path(name) if name.startswith("/") else tmp_path / name


@pytest.mark.parametrize("name", NOT_FILES)
def test_core_refuses_inputs_that_are_not_files(vault: Path, tmp_path: Path, name: str) -> None:
    source = _name(tmp_path, name)
    before = snapshot(vault)
    with make_store_open(vault) as store:
        with pytest.raises(InputNotAFileError) as caught:
            import_document(store, source)
        assert caught.value.code == "input.not_a_file"
        if name != "fifo":  # note: store.add_evidence opens a FIFO blocking (the CLI checks first)
            case = store.find_case("IN-1")
            with pytest.raises((InputNotAFileError, EvidenceError)):
                store.add_evidence(case.id, source)
    with pytest.raises(NotABackupError) as not_backup:
        BackupFile.open(source)
    assert not_backup.value.code == "backup.not_a_backup"
    assert "not an ordinary file" in not_backup.value.params["detail"]
    assert snapshot(vault) == before


@pytest.mark.parametrize("name", NOT_FILES)
def test_cli_refuses_inputs_that_are_not_files_and_keeps_no_lock(vault: Path, tmp_path: Path,
                                                                 name: str) -> None:
    source = str(_name(tmp_path, name))
    for args, stdin in ((["import", str(vault), source], PASSPHRASE + "\n"),
                        (["evidence", "add", str(vault), source, "--case", "IN-1"],
                         PASSPHRASE + "\n"),
                        (["restore", source, "-o", str(tmp_path / "new.advocate")], "b\nn\n")):
        done = _cli(args, stdin, timeout=30)  # a FIFO once blocked here forever, vault locked
        assert done.returncode == 1, (args, done.stderr)
        assert done.stderr == f"advocate: {InputNotAFileError(Path(source)).message}\n", args
    assert _cli(["cases", str(vault)], PASSPHRASE + "\n").returncode == 0  # not locked


def test_limits_count_bytes_read_not_stat(tmp_path: Path) -> None:
    endless = io.BytesIO(b"\0" * (3 * 1024 * 1024))  # stands for a stream stat calls 0 bytes
    with pytest.raises(InputTooLargeError) as caught:
        read_limited(endless, 1024 * 1024, tmp_path / "x")
    assert caught.value.params["limit"] == "1 MiB"
    assert read_limited(io.BytesIO(b"abc"), 3, tmp_path / "x") == b"abc"


def test_an_import_larger_than_the_limit_is_refused(vault: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(interchange, "MAX_DOCUMENT_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 1001)
    with make_store_open(vault) as store, pytest.raises(InputTooLargeError):
        import_document(store, big)


# --- absurd values ---------------------------------------------------------------------------


def _doc(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "advocate-interchange", "version": 1, "records": records, "files": []}


@pytest.mark.parametrize("digits", [31, 4301, 100_000])
def test_integers_of_thousands_of_digits_are_refused(digits: int) -> None:
    raw = json.dumps(_doc([])).replace('"version": 1', '"version": ' + "9" * digits)
    with pytest.raises(ImportFormatError) as caught:
        parse_document(raw.encode())
    assert caught.value.code == "import.number_too_long"
    assert caught.value.params["digits"] == digits


def test_cli_import_with_a_huge_integer_is_one_clear_line(vault: Path, tmp_path: Path) -> None:
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps(_doc([])).replace('"version": 1', '"version": ' + "1" * 5000))
    done = _cli(["import", str(vault), str(doc)], PASSPHRASE + "\n")
    assert done.returncode == 1 and "Internal error" not in done.stderr, done.stderr
    with pytest.raises(ImportFormatError) as expected:
        parse_document(doc.read_bytes())
    assert done.stderr == f"advocate: {expected.value.message}\n"
    assert expected.value.params["digits"] == 5000


@pytest.mark.parametrize("where", ["top", "record"])
def test_duplicate_keys_are_refused(where: str) -> None:
    if where == "top":
        raw = json.dumps(_doc([]))[:-1] + ', "records": []}'
    else:
        raw = json.dumps(_doc([{"type": "case", "id": "a"}])).replace(
            '"id": "a"', '"id": "a", "id": "b"')
    with pytest.raises(ImportFormatError) as caught:
        parse_document(raw.encode())
    assert caught.value.code == "import.duplicate_key"
    assert caught.value.params["key"] == ('"records"' if where == "top" else '"id"')


def test_names_of_sixty_thousand_words_import_and_report(vault: Path, tmp_path: Path) -> None:
    name = " ".join(["Айгерім"] * 60_000)
    with make_store_open(vault) as store:
        case = store.find_case("IN-1")
        person = store.add(Person(full_name=name))
        store.add(Threat(case_id=case.id, received=PartialDate(2024, 3), words=name,
                         target_ids=[person.id]))
        write_export(store, tmp_path / "long.json", case.id)
    with make_store(tmp_path / "other.advocate") as other:
        assert import_document(other, tmp_path / "long.json")[0] == 3
    done = _cli(["report", str(vault), "--case", "IN-1", "--kind", "complaint",
                 "-o", str(tmp_path / "long.pdf")], PASSPHRASE + "\n", timeout=300)
    assert done.returncode == 0, done.stderr[:500]
    assert all(len(line) < 1100 for line in done.stderr.splitlines())  # warnings shortened


# --- an import keeps a case whole --------------------------------------------------------------


def _two_cases(store: Store) -> tuple[Case, Person, Evidence]:
    first = store.add(Case(reference="A-1", title="Первое"))
    second = store.add(Case(reference="B-2", title="Второе"))
    person = store.add(Person(full_name="Дана Серікқызы"))  # persons are shared: allowed
    evidence = store.add_evidence(second.id, io.BytesIO(b"bytes"), original_name="b.txt")
    return first, person, evidence


def test_a_reference_to_another_case_is_refused_with_its_place(tmp_path: Path) -> None:
    with make_store(tmp_path / "src.advocate") as store:
        first, person, evidence = _two_cases(store)
        write_export(store, tmp_path / "all.json")
    doc = json.loads((tmp_path / "all.json").read_text())
    threat = Threat(case_id=first.id, received=PartialDate(2024, 1), evidence_ids=[evidence.id],
                    target_ids=[person.id])
    doc["records"].append(to_dict(threat))
    (tmp_path / "cross.json").write_text(json.dumps(doc, ensure_ascii=False))
    with make_store(tmp_path / "dst.advocate") as other:
        with pytest.raises(ImportFormatError) as caught:
            import_document(other, tmp_path / "cross.json")
        assert caught.value.code == "import.other_case"
        assert caught.value.where == f"records (id {threat.id}).evidence_ids"
        assert caught.value.params["target_id"] == evidence.id
        assert (caught.value.params["case_id"], caught.value.params["other_case_id"]) == \
            (first.id, evidence.case_id)
        assert other.cases() == [] and other.count(Person) == 0  # nothing imported
        # without the offending threat, the same vault's export imports
        doc["records"].pop()
        (tmp_path / "whole.json").write_text(json.dumps(doc, ensure_ascii=False))
        assert import_document(other, tmp_path / "whole.json")[0] == 4


def test_a_reference_to_another_case_already_in_the_vault_is_refused(tmp_path: Path) -> None:
    with make_store(tmp_path / "v.advocate") as store:
        first, person, evidence = _two_cases(store)
        doc = _doc([to_dict(Threat(case_id=first.id, received=PartialDate(2024, 1),
                                   evidence_ids=[evidence.id], target_ids=[person.id]))])
        (tmp_path / "one.json").write_text(json.dumps(doc))
        with pytest.raises(ImportFormatError) as caught:
            import_document(store, tmp_path / "one.json")
        assert caught.value.code == "import.other_case"


def test_due_dates_are_computed_not_trusted(tmp_path: Path) -> None:
    action = Action(case_id="", title="Жалоба", status=ActionStatus.FILED,
                    filed=PartialDate(2024, 3, 1), response_days=15,
                    response_unit=PeriodUnit.CALENDAR, due=date(2030, 1, 1))
    with make_store(tmp_path / "v.advocate") as store:
        case = store.add(Case(reference="D-1", title="Сроки"))
        doc = _doc([to_dict(case), to_dict(replace(action, case_id=case.id))])
    (tmp_path / "due.json").write_text(json.dumps(doc))
    with make_store(tmp_path / "other.advocate") as other:
        import_document(other, tmp_path / "due.json")
        (imported,) = other.list_records(Action)
        assert imported.due == date(2024, 3, 18)  # 16 March is a Saturday: the next working day


def test_an_ambiguous_reference_lists_the_ids(tmp_path: Path) -> None:
    vault = tmp_path / "v.advocate"
    with make_store(vault) as store:
        ids = sorted(store.add(Case(reference="SAME-1", title=t)).id for t in ("a", "b"))
        with pytest.raises(AmbiguousCaseError) as caught:
            store.find_case("same-1")
        assert caught.value.code == "case.ambiguous" and caught.value.case_ids == ids
        assert store.find_case(ids[0]).id == ids[0]
    done = _cli(["search", str(vault), "дело", "--case", "SAME-1"], PASSPHRASE + "\n")
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"advocate: {AmbiguousCaseError('SAME-1', ids).message}\n"


def make_store_open(vault: Path) -> Store:
    return Store.open(vault, PASSPHRASE)


# --- a backup worker that fails inside its own error path -------------------------------------


def test_prefetcher_error_path_cannot_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the clock in 9999, the worker's timed put() raised while reporting an error."""
    from advocate.backup.pipeline import Prefetcher

    gate = threading.Event()

    def source() -> Any:
        gate.wait(10)  # fails only once put() is patched
        yield b"x"
        raise ValueError("the source failed")

    fetcher: Prefetcher[bytes] = Prefetcher(source(), depth=1)
    real_put = fetcher._queue.put

    def put(item: Any, block: bool = True, timeout: float | None = None) -> None:
        if timeout is not None and item[1] is not None:
            raise OverflowError("timestamp too large to convert to C _PyTime_t")
        real_put(item, block, timeout)

    monkeypatch.setattr(fetcher._queue, "put", put)
    gate.set()
    result: list[BaseException] = []

    def consume() -> None:
        try:
            while fetcher.next() is not None:
                pass
        except BaseException as exc:
            result.append(exc)

    consumer = threading.Thread(target=consume, daemon=True)
    consumer.start()
    consumer.join(10)
    assert not consumer.is_alive(), "the consumer waits forever for the worker's error"
    assert isinstance(result[0], ValueError)
    fetcher.close()
