"""The command line: ``advocate backup``, ``advocate restore`` and ``advocate verify FILE``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from advocate.cli import backup_commands
from advocate.cli.main import EXIT_PROBLEMS, main
from advocate.store import Store
from advocate.vault import KdfParams
from tests.conftest import PASSPHRASE

from .conftest import BACKUP_PASSPHRASE, NEW_PASSPHRASE, Filled, leftovers


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the CLI with the given standard input; (status, stdout, stderr)."""
    monkeypatch.setattr(backup_commands.KdfParams, "calibrate",
                        classmethod(lambda cls, *a, **k: KdfParams(64 * 1024, 1, 1)))

    def call(args: list[str], stdin: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        status = main(args)
        out, err = capsys.readouterr()
        return status, out, err
    return call


@pytest.fixture
def closed(filled: Filled) -> Filled:
    """The filled vault, closed so that a command can open it."""
    filled.store.close()
    return filled


def test_backup_verify_restore(run, closed: Filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cases.advocate-backup"
    status, text, err = run(["backup", str(closed.path), "-o", str(out)],
                            f"{PASSPHRASE}\n{BACKUP_PASSPHRASE}\n")
    assert (status, err) == (0, "")
    assert "Wrote the backup" in text and out.exists()
    status, text, _ = run(["verify", str(out)], f"{BACKUP_PASSPHRASE}\n")
    assert status == 0 and "complete and unaltered" in text
    status, text, _ = run(["verify", str(out), "--json"], f"{BACKUP_PASSPHRASE}\n")
    report = json.loads(text)
    assert status == 0 and report["ok"] and report["evidence_files"] == len(closed.evidence)
    target = tmp_path / "restored.advocate"
    status, text, err = run(["restore", str(out), "-o", str(target)],
                            f"{BACKUP_PASSPHRASE}\n{NEW_PASSPHRASE}\n")
    assert (status, err) == (0, "")
    assert "Restored" in text
    with Store.open(target, NEW_PASSPHRASE) as restored:
        assert restored.verify().ok
        assert restored.vault.header.slots[0].kdf.memory_kib == 64 * 1024


def test_errors_are_one_line_and_leave_nothing(run, closed: Filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b.bak"
    assert run(["backup", str(closed.path), "-o", str(out)],
               f"{PASSPHRASE}\n{BACKUP_PASSPHRASE}\n")[0] == 0
    status, _, err = run(["verify", str(out)], "wrong\n")
    assert status == 1 and err.count("\n") == 1 and "passphrase does not open" in err
    status, _, err = run(["restore", str(out), "-o", str(tmp_path / "r.advocate")],
                         f"wrong\n{NEW_PASSPHRASE}\n")
    assert status == 1 and err.startswith("advocate: ") and "Traceback" not in err
    assert leftovers(tmp_path, "r.advocate") == []
    status, _, err = run(["backup", str(closed.path), "-o", str(out)],
                         f"{PASSPHRASE}\n{BACKUP_PASSPHRASE}\n")
    assert status == 1 and "already exists" in err
    assert run(["backup", str(closed.path), "-o", str(out), "--overwrite"],
               f"{PASSPHRASE}\n{BACKUP_PASSPHRASE}\n")[0] == 0
    status, _, err = run(["restore", str(out), "-o", str(closed.path)],
                         f"{BACKUP_PASSPHRASE}\n{NEW_PASSPHRASE}\n")
    assert status == 1 and "already exists" in err


def test_verify_reports_a_damaged_backup_as_a_problem(run, closed: Filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b.bak"
    run(["backup", str(closed.path), "-o", str(out)], f"{PASSPHRASE}\n{BACKUP_PASSPHRASE}\n")
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x10
    out.write_bytes(bytes(data))
    status, text, _ = run(["verify", str(out)], f"{BACKUP_PASSPHRASE}\n")
    assert status == EXIT_PROBLEMS and "PROBLEM:" in text
    status, text, _ = run(["verify", str(out), "--json"], f"{BACKUP_PASSPHRASE}\n")
    assert status == EXIT_PROBLEMS and json.loads(text)["ok"] is False


def test_missing_second_passphrase_is_a_clear_error(run, closed: Filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    status, _, err = run(["backup", str(closed.path), "-o", str(tmp_path / "b.bak")],
                         f"{PASSPHRASE}\n")
    assert status == 1 and "line 2" in err
    assert leftovers(tmp_path, "b.bak") == []
