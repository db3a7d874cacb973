"""``advocate report`` and ``advocate verify --report-code`` on the demo vault."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from advocate.cli.main import main
from advocate.demo import build_demo
from advocate.store import Store
from advocate.vault import KdfParams

PW = "demo pass"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.advocate"
    store, _ = Store.create(path, PW, kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True)
    with store:
        build_demo(store)
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PW + "\n"))
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_complaint_uses_the_case_draft_and_its_code_verifies(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "c.pdf"
    code, out, err = run(["report", str(demo), "--case", "АҚТ-2023-01", "--lang", "ru",
                          "-o", str(pdf)], capsys, monkeypatch)
    assert code == 0, err
    assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0
    text = _text(pdf)
    assert "Уполномоченному по правам человека" in text
    assert "бездействия районного отдела полиции" in " ".join(text.split())
    verification = out.split("verification code ")[1].split(")")[0]
    code, out, _ = run(["verify", str(demo), "--report-code", verification.lower()], capsys,
                       monkeypatch)
    assert code == 0 and "was issued from this vault" in out


def test_another_addressee_reuses_the_draft_texts(demo: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "p.pdf"
    code, _, err = run(["report", str(demo), "--case", "АҚТ-2023-01", "--to", "prosecutor",
                        "--lang", "kk", "-o", str(pdf)], capsys, monkeypatch)
    assert code == 0, err
    assert "Конституция" in _text(pdf)


@pytest.mark.parametrize("kind", ["threats", "chronology", "evidence"])
def test_registers_render_in_english(demo: Path, tmp_path: Path, kind: str,
                                     capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / f"{kind}.pdf"
    code, _, err = run(["report", str(demo), "--case", "АҚТ-2023-01", "--kind", kind,
                        "--lang", "en", "-o", str(pdf)], capsys, monkeypatch)
    assert code == 0, err
    assert "Page 1 of" in _text(pdf)


def test_strict_refuses_an_incomplete_complaint_and_writes_nothing(
        demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "strict.pdf"
    code, _, err = run(["report", str(demo), "--case", "JRN-2024-02", "--strict",
                        "-o", str(pdf)], capsys, monkeypatch)
    assert code == 1 and not pdf.exists()
    assert err.strip().splitlines()[-1].startswith("advocate: ")
    # The advice that only fits the command line is the CLI's, not the core error's.
    assert err.strip().endswith("To write it anyway, run the command without --strict.")


def test_unknown_code_is_reported_as_not_issued(demo: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["verify", str(demo), "--report-code", "AAAA-BBBB-CC"], capsys,
                       monkeypatch)
    assert code == 3 and "No report" in out
