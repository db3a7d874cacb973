"""The command line speaks the user's language and starts without importing the core.

Errors are checked by their code and facts: the line on standard error must be exactly the
catalogue's text of that error in the language asked for (so it is not the English source).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advocate.cli.main import main
from advocate.cli.secrets import PassphraseMissingError
from advocate.errors import NotAVaultError, WrongPassphraseError
from advocate.i18n import gettext_in
from advocate.store import Store
from advocate.vault import KdfParams

from .conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("reportlab", "sqlcipher3", "cryptography", "pyrage", "advocate.store", "advocate.vault",
         "advocate.reports", "advocate.backup")


def run(args: list[str], stdin: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def closed_vault(tmp_path: Path) -> Path:
    path = tmp_path / "cases.advocate"
    store, _ = Store.create(path, PASSPHRASE, kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True)
    store.close()
    return path


@pytest.fixture
def russian_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_an_error_comes_from_the_catalogue_in_each_language(
        lang: str, closed_vault: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["--lang", lang, "cases", str(closed_vault)], "not the passphrase\n",
                       capsys, monkeypatch)
    expected = WrongPassphraseError(closed_vault)
    assert code == 1
    assert err == f"advocate: {expected.text(lang)}\n"
    assert expected.text(lang) == gettext_in(lang, expected.template).format(path=closed_vault)
    if lang != "en":
        assert expected.text(lang) != expected.message  # translated, not the English source


def test_the_locale_picks_russian(russian_locale: None, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    nowhere = tmp_path / "nowhere.advocate"
    code, _, err = run(["info", str(nowhere)], "", capsys, monkeypatch)
    assert code == 1
    assert err == f"advocate: {NotAVaultError(nowhere, 'missing').text('ru')}\n"


def test_the_lang_option_overrides_the_locale(russian_locale: None, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    nowhere = tmp_path / "nowhere.advocate"
    _, _, err = run(["--lang=kk", "info", str(nowhere)], "", capsys, monkeypatch)
    assert err == f"advocate: {NotAVaultError(nowhere, 'missing').text('kk')}\n"


def test_a_reports_lang_is_the_reports_not_the_messages(
        russian_locale: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["report", str(tmp_path / "x.advocate"), "--case", "A-1", "--lang", "kk",
            "-o", str(tmp_path / "out.pdf")]
    _, _, err = run(args, "", capsys, monkeypatch)
    assert err == f"advocate: {PassphraseMissingError(1, 'passphrase').text('ru')}\n"


def test_help_and_usage_errors_are_translated(russian_locale: None,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert gettext_in("ru", "create a new, empty vault") in out
    assert gettext_in("ru", "usage: ") in out
    with pytest.raises(SystemExit) as usage:
        main(["init"])
    assert usage.value.code == 2
    assert gettext_in("ru", "the following arguments are required: %s") % "vault" in \
        capsys.readouterr().err


def _imported_after(args: list[str]) -> list[str]:
    """Which heavy modules a fresh interpreter holds after running the CLI with ``args``."""
    script = (
        "import sys\n"
        "from advocate.cli.main import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("HEAVY:"))
    return [m for m in line.removeprefix("HEAVY:").split(",") if m]


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["--lang", "kk", "--help"]])
def test_version_and_help_import_none_of_the_core(args: list[str]) -> None:
    assert _imported_after(args) == []


def test_a_command_imports_only_what_it_needs(tmp_path: Path) -> None:
    imported = _imported_after(["info", str(tmp_path / "nowhere.advocate")])
    assert "reportlab" not in imported and "pyrage" not in imported


def test_the_demo_summary_counts_in_the_users_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the counts were English words glued into a Russian sentence ("53 threats")
    code, out, _ = run(["--lang", "ru", "demo", str(tmp_path / "demo.advocate")],
                       PASSPHRASE + "\n", capsys, monkeypatch)
    assert code == 0
    assert "53 угрозы" in out and "1 проект жалобы" in out
    assert "threats" not in out and "drafts" not in out
