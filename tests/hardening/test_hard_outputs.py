"""Nothing the user names as output can destroy data (issue 15, first class).

``advocate export VAULT -o VAULT/vault.json`` exited 0 and the vault was gone. Every command that
writes a file now follows one rule (``advocate.outputs``): never into a vault folder, never over a
vault's or a backup's file, never through a symlink or onto a device or pipe, an existing file only
with ``--overwrite``, written by the one atomic writer (``advocate.vault.atomic.atomic_writer``).
Each refusal is tested for every command that writes, through the command line, with the vault
checked byte for byte afterwards.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from advocate.model import Case, Evidence
from advocate.outputs import (
    OutputExistsError,
    OutputInVaultError,
    OutputNotAFileError,
    OutputProtectedError,
    OutputSymlinkError,
    check_output,
    open_output,
)
from advocate.store import Store
from advocate.vault.atomic import atomic_writer

from .conftest import PASSPHRASE, REPO, child_env, make_store, snapshot

CHEAP = str(Path(__file__).with_name("cli_cheap.py"))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    """A vault with a case and an evidence file, a backup of it, and hostile output names."""
    base = tmp_path_factory.mktemp("outputs")
    vault = base / "v.advocate"
    with make_store(vault) as store:
        case = store.add(Case(reference="OUT-1", title="Дело"))
        evidence = store.add_evidence(case.id, _bytes_file(base / "photo.png"))
    backup = base / "old.advocate-backup"
    done = _cli(["backup", str(vault), "-o", str(backup)], f"{PASSPHRASE}\nbackup pw\n")
    assert done.returncode == 0, done.stderr
    (base / "link.json").symlink_to(base / "elsewhere.json")
    os.mkfifo(base / "fifo")
    (base / "folder").mkdir()
    return {"base": base, "vault": vault, "backup": backup, "case": case.id,
            "evidence": evidence.id}


def _bytes_file(path: Path) -> Path:
    path.write_bytes(b"\x89PNG\r\n\x1a\n evidence bytes")
    return path


def _cli(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, CHEAP, *args], input=stdin, capture_output=True,
                          text=True, env=child_env(), timeout=120, cwd=REPO)


def _command(kind: str, w: dict[str, Path | str], out: str, *extra: str) -> list[str]:
    vault = str(w["vault"])
    return {
        "export": ["export", vault, "-o", out],
        "report": ["report", vault, "--case", "OUT-1", "--kind", "threats", "-o", out],
        "backup": ["backup", vault, "-o", out],
        "evidence": ["evidence", "export", vault, str(w["evidence"]), "-o", out],
    }[kind] + list(extra)


WRITERS = ["export", "report", "backup", "evidence"]
HOSTILE = {
    "the vault header": "v.advocate/vault.json",
    "the vault database": "v.advocate/vault.db",
    "the lock file": "v.advocate/vault.lock",
    "a new file in the vault folder": "v.advocate/new-file",
    "the vault folder itself": "v.advocate",
    "a backup": "old.advocate-backup",
    "a symlink": "link.json",
    "a FIFO": "fifo",
    "a device": "/dev/null",
}


@pytest.mark.parametrize("target", list(HOSTILE), ids=list(HOSTILE))
@pytest.mark.parametrize("kind", WRITERS)
def test_no_command_writes_over_what_it_must_not(world: dict[str, Path | str], kind: str,
                                                 target: str) -> None:
    if kind == "backup" and target == "a backup":
        pytest.skip("a new backup may replace an older one: the next test but one")
    base = Path(world["base"])
    out = HOSTILE[target] if HOSTILE[target].startswith("/") else str(base / HOSTILE[target])
    before = snapshot(Path(world["vault"]))
    backup_before = Path(world["backup"]).read_bytes()
    extra = ("--overwrite",) if kind != "evidence" else ()
    done = _cli(_command(kind, world, out, *extra), f"{PASSPHRASE}\nbackup pw\n")
    assert done.returncode == 1, (kind, target, done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1 and "Internal error" not in done.stderr, done.stderr
    assert snapshot(Path(world["vault"])) == before
    assert Path(world["backup"]).read_bytes() == backup_before
    assert os.readlink(base / "link.json") == str(base / "elsewhere.json")
    assert not (base / "elsewhere.json").exists()
    assert stat.S_ISFIFO(os.lstat(base / "fifo").st_mode)


@pytest.mark.parametrize("kind", WRITERS)
def test_an_existing_file_is_replaced_only_with_overwrite(world: dict[str, Path | str],
                                                          kind: str) -> None:
    base = Path(world["base"])
    target = base / f"existing-{kind}"
    target.write_bytes(b"yesterday's work")
    done = _cli(_command(kind, world, str(target)), f"{PASSPHRASE}\nbackup pw\n")
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"advocate: {OutputExistsError(target).message}\n"
    assert target.read_bytes() == b"yesterday's work"
    if kind == "evidence":
        return  # an evidence export never replaces a file (as before): no --overwrite
    done = _cli(_command(kind, world, str(target), "--overwrite"), f"{PASSPHRASE}\nbackup pw\n")
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() != b"yesterday's work"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in base.glob(f".existing-{kind}*")] == []


def test_a_backup_replaces_an_older_backup_only_with_overwrite(
        world: dict[str, Path | str], tmp_path: Path) -> None:
    older = tmp_path / "older.advocate-backup"
    older.write_bytes(Path(world["backup"]).read_bytes())
    done = _cli(_command("backup", world, str(older)), f"{PASSPHRASE}\nbackup pw\n")
    assert done.returncode == 1
    assert done.stderr == f"advocate: {OutputExistsError(older).message}\n"
    done = _cli(_command("backup", world, str(older), "--overwrite"), f"{PASSPHRASE}\nb pw\n")
    assert done.returncode == 0, done.stderr


def test_restore_never_builds_a_vault_inside_a_vault(world: dict[str, Path | str]) -> None:
    inner = Path(world["vault"]) / "restored"
    done = _cli(["restore", str(world["backup"]), "-o", str(inner)], "backup pw\nnew pw\n")
    assert done.returncode == 1, done.stderr
    refusal = OutputInVaultError(inner, Path(world["vault"]).resolve())
    assert done.stderr == f"advocate: {refusal.message}\n"
    assert not inner.exists()


# --- the rule itself, as the app's save dialogs use it ------------------------------------------


def test_check_output_names_each_refusal(tmp_path: Path) -> None:
    vault = tmp_path / "v.advocate"
    make_store(vault).close()
    (tmp_path / "deep").mkdir()
    with pytest.raises(OutputInVaultError) as caught:
        check_output(vault / "vault.json", overwrite=True)
    assert caught.value.code == "output.in_vault"
    assert caught.value.params["vault"] == str(vault.resolve())
    (vault / "sub").mkdir()
    with pytest.raises(OutputInVaultError):  # any depth inside the vault folder
        check_output(vault / "sub" / "x.json")
    moved = tmp_path / "moved" / "vault.db"  # a vault.db makes its folder a vault folder
    moved.parent.mkdir()
    moved.write_bytes(b"\0" * 64)
    with pytest.raises(OutputInVaultError):
        check_output(moved, overwrite=True)
    header = tmp_path / "copy-of-header.json"
    header.write_bytes((vault / "vault.json").read_bytes())
    with pytest.raises(OutputProtectedError) as protected:
        check_output(header, overwrite=True)  # a vault's header, wherever it is, by its bytes
    assert protected.value.params["what"] == "vault header"
    (tmp_path / "l").symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputSymlinkError):
        check_output(tmp_path / "l", overwrite=True)
    with pytest.raises(OutputNotAFileError):
        check_output(Path("/dev/zero"), overwrite=True)
    with pytest.raises(OutputNotAFileError):
        check_output(tmp_path / "deep", overwrite=True)
    (tmp_path / "plain.json").write_text("{}")
    with pytest.raises(OutputExistsError):
        check_output(tmp_path / "plain.json")
    assert check_output(tmp_path / "plain.json", overwrite=True) == tmp_path / "plain.json"


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    with pytest.raises(OutputExistsError), open_output(target) as out:
        out.write(b"new")
        target.write_bytes(b"someone else's")  # appears between the check and the rename
    assert target.read_bytes() == b"someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_written_file_is_private_and_complete(tmp_path: Path) -> None:
    target = tmp_path / "x.bin"
    with open_output(target) as out:
        assert stat.S_IMODE(os.fstat(out.fileno()).st_mode) == 0o600  # before the first byte
        out.write(b"data")
    assert target.read_bytes() == b"data" and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_core_has_one_atomic_writer() -> None:
    """fsync and temporary files live in vault/atomic.py only (five copies before, issue 9)."""
    core = REPO / "advocate"
    allowed = {core / "vault" / "atomic.py", core / "backup" / "restore.py"}  # restore: a folder
    pattern = re.compile(r"os\.fsync\(|mkstemp|NamedTemporaryFile|\.partial\b|\.part\"")
    offenders = [str(p.relative_to(REPO)) for p in core.rglob("*.py")
                 if p not in allowed and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_atomic_writer_syncs_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import advocate.vault.atomic as atomic

    synced: list[Path] = []
    monkeypatch.setattr(atomic, "fsync_directory", synced.append)
    with atomic_writer(tmp_path / "a") as out:
        out.write(b"x")
    assert synced == [tmp_path]


def test_evidence_export_refuses_the_vault_folder(world: dict[str, Path | str]) -> None:
    before = set(Path(world["vault"]).iterdir())
    with Store.open(Path(world["vault"]), PASSPHRASE) as store:
        with pytest.raises(OutputInVaultError):
            store.export_evidence(str(world["evidence"]), Path(world["vault"]))
        assert store.get(str(world["evidence"]), Evidence).size > 0
    assert set(Path(world["vault"]).iterdir()) == before
