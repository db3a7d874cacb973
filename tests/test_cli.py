"""The command line contract: subcommands, passphrases on stdin, --json, exit codes, errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from advocate.cli.main import main
from advocate.store import Store
from advocate.vault import KdfParams

from .conftest import snapshot

PW = "пароль для теста"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands calibrate the KDF for real; tests use cheap parameters to stay fast."""
    monkeypatch.setattr(KdfParams, "calibrate", classmethod(lambda cls, *a, **k: cls.cheap()))
    import advocate.vault.vault as vault_module

    monkeypatch.setattr(vault_module, "MEMORY_KIB_CREATE_MIN", 0, raising=False)


def run(args: list[str], stdin: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def demo_vault(tmp_path: Path) -> Path:
    path = tmp_path / "v.advocate"
    store, _ = Store.create(path, PW, kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True)
    with store:
        from advocate.model import Case, PartialDate, Person, Threat

        case = store.add(Case(reference="ҚР-1", title="Дело о травле", summary="Омбудсмен"))
        mother = store.add(Person(full_name="Айгерім Сейітқызы"))
        store.add(Threat(case_id=case.id, received=PartialDate(2024, 3), target_ids=[mother.id],
                         words="Мы знаем, где вы живёте"))
    return path


def test_init_then_info_without_passphrase(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    vault = tmp_path / "new.advocate"
    code, out, _ = run(["init", str(vault)], PW + "\n", capsys, monkeypatch)
    assert code == 0 and "Created" in out
    code, out, _ = run(["info", str(vault), "--json"], "", capsys, monkeypatch)
    info = json.loads(out)
    assert code == 0 and info["format_version"] == 1
    assert info["slots"][0]["kdf"]["name"] == "argon2id"


def test_cases_and_search_json_carry_ids(demo_vault: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["cases", str(demo_vault), "--json"], PW + "\n", capsys, monkeypatch)
    (case,) = json.loads(out)
    assert code == 0 and case["reference"] == "ҚР-1" and case["threats"] == 1 and case["id"]
    code, out, _ = run(["search", str(demo_vault), "Aigerim", "--json"], PW + "\n", capsys,
                       monkeypatch)
    hits = json.loads(out)
    assert code == 0 and [h["kind"] for h in hits] == ["person"] and hits[0]["id"]


def test_wrong_passphrase_is_one_line_and_changes_nothing(
        demo_vault: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(demo_vault)
    code, out, err = run(["cases", str(demo_vault)], "wrong\n", capsys, monkeypatch)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "passphrase" in err.lower()
    assert snapshot(demo_vault) == before


def test_missing_passphrase_line_is_a_clear_error(demo_vault: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["cases", str(demo_vault)], "", capsys, monkeypatch)
    assert code == 1 and "line 1 of standard input" in err


def test_passwd_reads_old_then_new(demo_vault: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, _ = run(["passwd", str(demo_vault)], f"{PW}\nновый пароль\n", capsys, monkeypatch)
    assert code == 0
    assert run(["cases", str(demo_vault)], PW + "\n", capsys, monkeypatch)[0] == 1
    assert run(["cases", str(demo_vault)], "новый пароль\n", capsys, monkeypatch)[0] == 0


def test_export_import_export_is_identical(demo_vault: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run(["export", str(demo_vault), "-o", str(first)], PW + "\n", capsys,
               monkeypatch)[0] == 0
    other = tmp_path / "other.advocate"
    assert run(["init", str(other)], PW + "\n", capsys, monkeypatch)[0] == 0
    code, out, _ = run(["import", str(other), str(first)], PW + "\n", capsys, monkeypatch)
    assert code == 0 and "Imported 3" in out
    assert run(["export", str(other), "-o", str(second)], PW + "\n", capsys, monkeypatch)[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_evidence_add_and_export(demo_vault: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "скрин.png"
    source.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 5000)
    code, out, _ = run(["evidence", "add", str(demo_vault), str(source), "--case", "ҚР-1",
                        "--json"], PW + "\n", capsys, monkeypatch)
    item = json.loads(out)
    assert code == 0 and item["media_type"] == "image/png" and item["size"] == 5008
    target = tmp_path / "copy.png"
    code, _, _ = run(["evidence", "export", str(demo_vault), item["id"], "-o", str(target)],
                     PW + "\n", capsys, monkeypatch)
    assert code == 0 and target.read_bytes() == source.read_bytes()


def test_verify_json_reports_ok(demo_vault: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["verify", str(demo_vault), "--json"], PW + "\n", capsys, monkeypatch)
    result = json.loads(out)
    assert code == 0 and result["ok"] and result["records"] == 3


def test_not_a_vault_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["cases", str(tmp_path)], PW + "\n", capsys, monkeypatch)
    assert code == 1 and "vault" in err.lower() and err.count("\n") == 1


def test_real_process_never_prints_a_traceback(demo_vault: Path, tmp_path: Path) -> None:
    """As a user runs it: a separate process, bad inputs, one line on stderr each."""
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"format": "advocate-interchange", "version": 1, "records": [{]}')
    cases = [
        (["cases", str(demo_vault)], "nope\n"),
        (["import", str(demo_vault), str(bad_json)], PW + "\n"),
        (["evidence", "export", str(demo_vault), "no-such-id", "-o", str(tmp_path / "x")],
         PW + "\n"),
        (["info", str(tmp_path / "missing.advocate")], ""),
        (["search", str(demo_vault), "x", "--case", "no-such-case"], PW + "\n"),
    ]
    for args, stdin in cases:
        done = subprocess.run([sys.executable, "-m", "advocate", *args], input=stdin,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
        assert done.stderr.startswith("advocate: ")


def test_recovery_key_can_be_issued_and_removed(demo_vault: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["passwd", str(demo_vault), "--new-recovery-key"], PW + "\n", capsys,
                       monkeypatch)
    recovery = out.splitlines()[-1].strip()
    assert code == 0 and len(recovery.replace("-", "")) == 32
    assert run(["cases", str(demo_vault)], recovery.lower() + "\n", capsys, monkeypatch)[0] == 0
    code, _, _ = run(["passwd", str(demo_vault), "--remove-recovery-key"], PW + "\n", capsys,
                     monkeypatch)
    assert code == 0
    assert run(["cases", str(demo_vault)], recovery + "\n", capsys, monkeypatch)[0] == 1


def test_rotate_key_keeps_the_records_and_the_passphrase(demo_vault: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["passwd", str(demo_vault), "--rotate-key"], f"{PW}\n{PW}\n", capsys,
                       monkeypatch)
    assert code == 0 and "new master key" in out
    code, out, _ = run(["cases", str(demo_vault), "--json"], PW + "\n", capsys, monkeypatch)
    assert code == 0 and json.loads(out)[0]["reference"] == "ҚР-1"
    code, out, _ = run(["verify", str(demo_vault), "--json"], PW + "\n", capsys, monkeypatch)
    assert code == 0 and json.loads(out)["ok"]
