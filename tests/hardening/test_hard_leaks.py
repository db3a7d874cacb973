"""No plaintext leaks: a whole session through the command line, then every byte on disk is scanned.

The session runs the real ``advocate`` command (tests/hardening/cli_cheap.py: only the Argon2id
cost is lowered) in child processes with HOME, TMPDIR and the working directory pointed at fresh
folders. It creates a vault, imports records full of sentinel strings, takes in evidence (sentinels
in its bytes, its file name, its source and description), lists, searches, exports to the chosen
folder, verifies, changes the passphrase, fails on purpose (wrong passphrase, locked vault) and
backs up to a folder of its own and restores the backup into a new vault, and ends (each command
locks the vault when it exits).

Afterwards every file anywhere under the session's root — the vault folder, HOME, TMPDIR, the
working directory — except the chosen export folder and the inbox the user's own files came from
is scanned for each sentinel in UTF-8, UTF-16-LE and UTF-16-BE, in its typed, lower, upper and
search-folded forms. So are files that appeared in /tmp and /dev/shm during the session. None may
be found. The export folder must hold the sentinels (the scan would otherwise prove nothing).

To add a step (a report, a backup), add one line to ``STEPS``.
"""

from __future__ import annotations

import json
import os
import secrets
import string
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from advocate.model import Case, Note, PartialDate, Person, Role, RoleKind, Threat
from advocate.model.codec import to_dict
from advocate.model.text import search_fold

from .conftest import HERE, child_env

PASSPHRASE = "leak test — құпия сөз"
NEW_PASSPHRASE = "leak test — жаңа құпия сөз"


def _random(letters: str, n: int) -> str:
    return "".join(secrets.choice(letters) for _ in range(n))


# note: random for each run. Fixed strings made the /tmp scan fail whenever another test run on
# the same machine (another checkout, another user) left them in its own temporary files.
_KK = "аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшыіэюя"
SENTINELS = [f"ZQXLEAK{_random(string.ascii_uppercase, 8)}{_random(string.digits, 4)}",
             f"Сент{_random(_KK, 6)}қызы Әлия Ақ{_random(_KK, 5)}қызы",
             f"Угроз{_random(_KK, 6)} Шол{_random(_KK, 5)}ұлы",
             f"ҰЛТ{_random(_KK.upper(), 12)}",
             f"leak-evidence-{_random(string.ascii_lowercase, 6)}-{_random(string.digits, 4)}"]


@dataclass
class Step:
    """One command of the session: arguments and standard input, with {placeholders}."""

    args: list[str]
    stdin: str = "{pw}\n"
    exit: int = 0


STEPS = [
    Step(["init", "{vault}", "--recovery-key"]),
    Step(["import", "{vault}", "{inbox}/case.json"]),
    Step(["evidence", "add", "{vault}", "{inbox}/{evidence_name}", "--case", "LEAK-1",
          "--source", f"sent by {SENTINELS[2]}", "--description", SENTINELS[0], "--json"]),
    Step(["cases", "{vault}", "--json"]),
    Step(["search", "{vault}", SENTINELS[1].split()[0]]),
    Step(["search", "{vault}", SENTINELS[0], "--json"]),
    Step(["export", "{vault}", "-o", "{exports}/all.json"]),
    Step(["export", "{vault}", "--case", "LEAK-1", "-o", "{exports}/case.json"]),
    Step(["evidence", "export", "{vault}", "{evidence_id}", "-o", "{exports}"]),
    Step(["verify", "{vault}", "--json"]),
    Step(["info", "{vault}", "--json"], stdin=""),
    Step(["passwd", "{vault}"], stdin="{pw}\n{new_pw}\n"),
    Step(["cases", "{vault}"], stdin="{pw}\n", exit=1),  # the old passphrase, refused
    Step(["import", "{vault}", "{inbox}/broken.json"], stdin="{new_pw}\n", exit=1),
    Step(["verify", "{vault}"], stdin="{new_pw}\n"),
    Step(["backup", "{vault}", "-o", "{backups}/cases.advocate-backup"], "{new_pw}\n{backup_pw}\n"),
    Step(["restore", "{backups}/cases.advocate-backup", "-o", "{work}/restored.advocate"],
         stdin="{backup_pw}\n{pw}\n"),
    Step(["verify", "{work}/restored.advocate"]),
    # Step(["report", ...]) goes here: its -o folder is {exports}
]


def _encodings(text: str) -> list[bytes]:
    forms = {text, text.lower(), text.upper(), search_fold(text)}
    return [f.encode(enc) for f in forms for enc in ("utf-8", "utf-16-le", "utf-16-be")]


NEEDLES = [(s, n) for s in SENTINELS for n in _encodings(s)]


def _inbox(folder: Path) -> str:
    """The user's own plaintext files: a document to import and an evidence file."""
    folder.mkdir()
    case = Case(reference="LEAK-1", title=SENTINELS[0], summary=" ".join(SENTINELS) * 50,
                region=SENTINELS[3], tags=[SENTINELS[3]], opened=PartialDate(2024, 2))
    victim = Person(full_name=SENTINELS[1], pseudonym="А.", address=SENTINELS[2],
                    phones=["+7 701 000 " + SENTINELS[0][-4:]], notes=SENTINELS[3] * 100)
    caller = Person(full_name=SENTINELS[2])
    records = [victim, caller, case,
               Role(case_id=case.id, person_id=victim.id, role=RoleKind.VICTIM),
               Threat(case_id=case.id, received=PartialDate(2024, 3, 5), target_ids=[victim.id],
                      source_person_id=caller.id, words=f"{SENTINELS[2]}: {SENTINELS[0]}"),
               Note(case_id=case.id, title=SENTINELS[3], text=" ".join(SENTINELS) * 2000)]
    doc = {"format": "advocate-interchange", "version": 1, "app_version": "test",
           "records": [to_dict(r) for r in records], "files": []}
    (folder / "case.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    broken = {**doc, "records": [{**to_dict(Note(case_id=case.id, text=SENTINELS[0])),
                                  "date": SENTINELS[1]}]}
    (folder / "broken.json").write_text(json.dumps(broken, ensure_ascii=False))
    name = f"{SENTINELS[4]} {SENTINELS[1]}.txt"
    (folder / name).write_bytes(("\n".join(SENTINELS) * 5000).encode("utf-8")
                                + "\n".join(SENTINELS).encode("utf-16"))
    return name


def _recent_files(roots: list[Path], since: float, skip: Path) -> list[Path]:
    found = []
    for root in roots:
        if not root.is_dir():
            continue
        for dirpath, _, files in os.walk(root, onerror=lambda e: None):
            if Path(dirpath).is_relative_to(skip):
                continue
            for name in files:
                path = Path(dirpath) / name
                try:
                    if path.is_file() and path.stat().st_mtime >= since:
                        found.append(path)
                except OSError:
                    pass
    return found


def test_cli_session_leaves_no_plaintext_outside_the_export_folder(tmp_path: Path) -> None:
    root = tmp_path
    home, temp, work, exports = root / "home", root / "tmp", root / "work", root / "exports"
    for folder in (home, temp, work, exports, root / "backups"):
        folder.mkdir()
    evidence_name = _inbox(root / "inbox")
    inbox_before = {p.name: p.read_bytes() for p in (root / "inbox").iterdir()}
    env = child_env(HOME=str(home), TMPDIR=str(temp), TEMP=str(temp), TMP=str(temp))
    for key in [k for k in env if k.startswith("XDG_")]:
        del env[key]
    values = {"vault": str(work / "cases.advocate"), "inbox": str(root / "inbox"),
              "exports": str(exports), "evidence_name": evidence_name, "pw": PASSPHRASE,
              "new_pw": NEW_PASSPHRASE, "evidence_id": "", "work": str(work),
              "backups": str(root / "backups"), "backup_pw": "backup — сақтық құпия сөз"}
    started = time.time() - 1
    for step in STEPS:
        args = [a.format(**values) for a in step.args]
        done = subprocess.run([sys.executable, str(HERE / "cli_cheap.py"), *args],
                              input=step.stdin.format(**values), capture_output=True, text=True,
                              cwd=work, env=env, timeout=300)
        assert done.returncode == step.exit, f"{args[:2]}: {done.stderr}"
        assert "Traceback" not in done.stderr
        if args[:2] == ["evidence", "add"]:
            values["evidence_id"] = json.loads(done.stdout)["id"]
    assert {p.name: p.read_bytes() for p in (root / "inbox").iterdir()} == inbox_before

    scanned = [p for p in root.rglob("*") if p.is_file()
               and not p.is_relative_to(exports) and not p.is_relative_to(root / "inbox")]
    scanned += _recent_files([Path("/tmp"), Path("/dev/shm")], started, skip=root)
    assert any(p.name == "vault.db" for p in scanned)
    leaks = []
    total = 0
    for path in scanned:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        total += len(data)
        leaks += [f"{sentinel!r} in {path}" for sentinel, needle in NEEDLES if needle in data]
    assert leaks == [], leaks
    print(f"scanned {len(scanned)} files, {total:,} bytes: no sentinel")

    # the scan can see: the export folder (the user's explicit plaintext) holds them
    exported = b"".join(p.read_bytes() for p in exports.iterdir())
    assert all(any(n in exported for n in _encodings(s)) for s in SENTINELS)
    assert len(list(exports.iterdir())) == 3


def test_sentinels_fold_differently() -> None:
    """Each sentinel is distinctive in every form scanned (no accidental short needles)."""
    assert all(len(n) >= 12 for _, n in NEEDLES)


def test_sentinels_are_new_for_each_run() -> None:
    """Another run's leftovers in /tmp cannot be mistaken for this run's leak."""
    again = subprocess.run(
        [sys.executable, "-c", "from tests.hardening.test_hard_leaks import SENTINELS;"
         "print(repr(SENTINELS))"], capture_output=True, text=True, check=True,
        cwd=HERE.parents[1], env=child_env())
    assert again.stdout.strip() != repr(SENTINELS)
