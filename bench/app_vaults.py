"""The vaults the app's benchmark opens, built once and kept in a work folder between runs.

- ``cases``: ``--cases`` cases holding ``--records`` threats, actions and notes in all, filled by
  SQL as ``bench_lists.build`` does (the same rows, sort values, search text and case list the
  store writes; a million records through ``Store.add`` would take most of an hour), plus one case
  ``BENCH-1000`` written through the store: a victim, her mother and ``--case-threats`` threats.
- ``evidence``: the demo cases plus ``--evidence-mib`` MiB of evidence (random bytes, like photos
  and recordings) in files of at most 128 MiB, through ``Store.add_evidence``; and the JSON export
  of the demo's main case grown to a hundred-page complaint (the import the app is timed on).
- ``persons``: the demo cases, the case ``BENCH-1000`` and ``--persons`` more persons of other
  cases (names of the Kazakh, Russian and Latin spellings a picker is typed in), through the store.
- ``intake.bin``: the file the evidence intake takes in (``--intake-mib`` MiB).

Each vault's passphrase slot gets the KDF parameters a user's new vault gets (Argon2id, 256 MiB,
calibrated on this machine), so unlocking costs what it costs a user. A vault is rebuilt only when
its recipe (the sizes) changed: the recipe is written beside it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advocate.model import Channel, PartialDate, Person, Role, RoleKind, Severity, Threat
from advocate.model.records import Case
from advocate.store import Store
from advocate.store.schema import MIGRATIONS
from advocate.vault import KdfParams

PASSPHRASE = "bench passphrase"
BIG_CASE = "BENCH-1000"
MIB = 1024 * 1024
DEFAULT_WORKDIR = Path(os.environ.get("ADVOCATE_BENCH_WORKDIR", "/tmp/advocate-bench-app"))


# note: the schema version is part of a recipe, so a vault built before a migration is built
# again instead of being migrated (a copy of gigabytes) inside a measured probe
def _fresh(path: Path, recipe: dict[str, object]) -> bool:
    """Whether ``path`` exists and was built from this recipe."""
    stamp = path.with_name(path.name + ".recipe.json")
    return path.exists() and stamp.exists() and json.loads(stamp.read_text()) == recipe


def _made(path: Path, recipe: dict[str, object], what: str) -> bool:
    """Whether ``path`` was built from this recipe (with the schema of this code); if not, its
    old copy is removed, its folder made, and what is built now said."""
    recipe["schema"] = MIGRATIONS[-1].version
    if _fresh(path, recipe):
        return True
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {path} ({what})…", file=sys.stderr, flush=True)
    return False


def _stamp(path: Path, recipe: dict[str, object]) -> None:
    path.with_name(path.name + ".recipe.json").write_text(json.dumps(recipe))


def _real_kdf(path: Path) -> None:
    """Give the vault's passphrase slot a user's KDF parameters (calibrated here)."""
    with Store.open(path, PASSPHRASE) as store:
        store.vault.change_passphrase(PASSPHRASE, KdfParams.calibrate())


def _grow_case(store: Store, threats: int) -> str:
    """The case ``BIG_CASE``: a victim, her mother and ``threats`` threats; returns its id."""
    case = Case(reference=BIG_CASE, title="Угрозы после заявления в полицию",
                region="Алматы", opened=PartialDate(2021, 3))
    victim = Person(full_name="Айгерім Сейітова", birth_date=PartialDate(1990, 5, 2))
    mother = Person(full_name="Гүлнар Сейітова")
    store.add_many([case, victim, mother,
                    Role(case_id=case.id, person_id=victim.id, role=RoleKind.VICTIM),
                    Role(case_id=case.id, person_id=mother.id, role=RoleKind.FAMILY,
                         relation_to_victim="mother")])
    channels, severities = list(Channel), list(Severity)
    store.add_many([
        Threat(case_id=case.id, received=PartialDate(2021 + i // 336, 1 + i // 28 % 12,
                                                     1 + i % 28),
               target_ids=[victim.id], channel=channels[i % len(channels)],
               severity=severities[i % len(severities)],
               words=f"Угроза {i}: «забери заявление, иначе пожалеешь» — сенің балаңды табамыз")
        for i in range(threats)])
    return case.id


def cases_vault(workdir: Path, cases: int, records: int, case_threats: int) -> Path:
    """The vault of many cases (built when missing or of another size)."""
    from bench.bench_lists import build

    path = workdir / "cases.advocate"
    recipe: dict[str, object] = {"cases": cases, "records": records,
                                 "case_threats": case_threats, "v": 1}
    if _made(path, recipe, f"{cases:,} cases, {records:,} records"):
        return path
    store = build(path, cases, records)
    store.close()
    # note: bench_lists builds with another passphrase; the slot is rewritten with ours below
    with Store.open(path, "bench passphrase") as store:
        _grow_case(store, case_threats)
    _real_kdf(path)
    _stamp(path, recipe)
    return path


def evidence_vault(workdir: Path, evidence_mib: int, complaint_threats: int) -> Path:
    """The demo vault with ``evidence_mib`` MiB of evidence, and beside it ``import.json``."""
    from advocate.demo import build_demo
    from advocate.store.interchange import write_export
    from tests.ui.big_complaint import MAIN_CASE, grow_main_case

    path = workdir / "evidence.advocate"
    recipe: dict[str, object] = {"evidence_mib": evidence_mib,
                                 "complaint_threats": complaint_threats, "v": 1}
    if _made(path, recipe, f"{evidence_mib:,} MiB of evidence"):
        return path
    store, _ = Store.create(path, PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store:
        build_demo(store)
    case_id = grow_main_case(path, PASSPHRASE, complaint_threats)
    with Store.open(path, PASSPHRASE) as store:
        write_export(store, workdir / "import.json", case_id=case_id, overwrite=True)
        left, k = evidence_mib * MIB, 0
        rng = __import__("random").Random(7)
        while left > 0:
            size = min(left, 128 * MIB)
            store.add_evidence(case_id, io.BytesIO(rng.randbytes(size)),
                               original_name=f"recording-{k:02d}.bin")
            left, k = left - size, k + 1
    _real_kdf(path)
    _stamp(path, recipe)
    assert MAIN_CASE
    return path


#: First and last names of the persons vault: Kazakh and Russian Cyrillic, and Latin.
FIRST_NAMES = ["Айгерім", "Қайрат", "Нұрлан", "Ольга", "Иван", "Данияр", "Гүлнар", "Сергей",
               "Жанна", "Марат", "Aigerim", "Kairat"]
LAST_NAMES = ["Сейітова", "Нұрланов", "Петрова", "Иванов", "Әбенов", "Kim", "Ли", "Ким",
              "Жұмабаев", "Смагулова"]


def persons_vault(workdir: Path, persons: int, case_threats: int) -> Path:
    """The demo vault, the case ``BIG_CASE`` and ``persons`` more persons (built when missing or
    of another size)."""
    import random

    from advocate.demo import build_demo

    path = workdir / "persons.advocate"
    recipe: dict[str, object] = {"persons": persons, "case_threats": case_threats, "v": 1}
    if _made(path, recipe, f"{persons:,} persons"):
        return path
    store, _ = Store.create(path, PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store:
        build_demo(store)
        _grow_case(store, case_threats)
        rng = random.Random(11)
        for start in range(0, persons, 5_000):
            store.add_many([Person(full_name=f"{rng.choice(FIRST_NAMES)} "
                                             f"{rng.choice(LAST_NAMES)} {i}")
                            for i in range(start, min(persons, start + 5_000))])
    _real_kdf(path)
    _stamp(path, recipe)
    return path


def intake_file(workdir: Path, mib: int) -> Path:
    """A file of ``mib`` MiB of random bytes to take in as evidence."""
    path = workdir / f"intake-{mib}.bin"
    if not path.exists() or path.stat().st_size != mib * MIB:
        workdir.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as out:
            for _ in range(mib):
                out.write(os.urandom(MIB))
    return path
