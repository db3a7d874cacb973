"""A vault of realistic scale and shape, made reproducibly from a seed, for the benchmarks.

Presets (DESIGN.md section 11 is ``full``; ``1x``/``10x``/``100x`` are the growth curve)::

    python bench/generate.py OUT.advocate --preset 10x [--seed 7] [--evidence-mib N]

Cases carry people (victim, mother, officials), threats, actions with due dates and notes in
Kazakh, Russian and English; evidence files span 10 KiB to 200 MiB (log-uniform, capped by the
preset's total). Everything is written through the store (validation, codec, search index, audit
chain: the same work a user's vault has), in batches of one transaction each. The passphrase is
``bench`` with cheap KDF parameters: these vaults hold invented data only.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advocate.model import (
    Action,
    Case,
    Channel,
    Note,
    PartialDate,
    Person,
    Role,
    Severity,
    Threat,
)
from advocate.model.enums import ActionKind, ActionStatus, CaseStatus, RoleKind
from advocate.store import Store
from advocate.vault import KdfParams

PASSPHRASE = "bench"
BATCH = 2000
MIB = 1024 * 1024


@dataclass(frozen=True)
class Preset:
    """How much of everything a generated vault holds."""

    cases: int
    records: int  # threats + actions + notes, in the proportion 5:3:2
    evidence_mib: int


PRESETS = {
    "1x": Preset(cases=10, records=1_000, evidence_mib=8),
    "10x": Preset(cases=100, records=10_000, evidence_mib=64),
    "100x": Preset(cases=1_000, records=100_000, evidence_mib=256),
    "full": Preset(cases=10_000, records=1_000_000, evidence_mib=1024),
}

FIRST = ("Айгерім", "Бауыржан", "Қайрат", "Әлия", "Нұрлан", "Гүлнар", "Ерлан", "Мадина",
         "Ольга", "Сергей", "Наталья", "Дмитрий", "Aruzhan", "Timur", "Dana", "Arman")
LAST = ("Сейітов", "Әлібеков", "Нұрғалиев", "Жақсыбеков", "Иванов", "Ким", "Петренко",
        "Омаров", "Tokayev", "Bekov")
REGIONS = ("Алматы", "Астана", "Шымкент", "Ақтөбе", "Қарағанды", "Павлодар", "Атырау",
           "Түркістан облысы", "Жетісу облысы", "Абай облысы")
WORDS = {
    "kk": "біз сенің үйіңді білеміз арызыңды қайтарып ал әйтпесе өкінесің балаңды табамыз "
          "полиция саған көмектеспейді әкім үндеме деді шағым прокурор сот".split(),
    "ru": "мы знаем где ты живёшь забери заявление иначе пожалеешь найдём твоего сына полиция "
          "тебе не поможет аким сказал молчи жалоба прокурор суд угроза телефон".split(),
    "en": "we know where you live withdraw the complaint or you will regret it we will find "
          "your son the police will not help you the akim said keep quiet".split(),
}


def _text(rng: random.Random, words: int) -> str:
    lang = rng.choice(("kk", "ru", "ru", "en"))
    return " ".join(rng.choice(WORDS[lang]) for _ in range(words))


def _day(rng: random.Random) -> PartialDate:
    return PartialDate(rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28))


class _Progress:
    """One line on standard error, rewritten in place."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.started = label, max(total, 1), time.perf_counter()

    def __call__(self, done: int) -> None:
        frac = min(done / self.total, 1.0)
        bar = "#" * int(frac * 30)
        rate = done / max(time.perf_counter() - self.started, 1e-9)
        print(f"\r{self.label:<10} [{bar:<30}] {done:>9,}/{self.total:,} ({rate:,.0f}/s)",
              end="", file=sys.stderr, flush=True)
        if done >= self.total:
            print(file=sys.stderr)


def _cases(store: Store, rng: random.Random, preset: Preset) -> list[tuple[str, str]]:
    """Cases with a victim and a mother each; returns (case id, victim id)."""
    out: list[tuple[str, str]] = []
    progress = _Progress("cases", preset.cases)
    for start in range(0, preset.cases, BATCH // 5):
        batch: list[object] = []
        ids: list[tuple[str, str]] = []
        for i in range(start, min(start + BATCH // 5, preset.cases)):
            surname = rng.choice(LAST)
            case = Case(reference=f"G-{i + 1:05d}", title=_text(rng, 6)[:120],
                        status=rng.choice(list(CaseStatus)), region=rng.choice(REGIONS),
                        summary=_text(rng, 30), opened=_day(rng))
            victim = Person(full_name=f"{rng.choice(FIRST)} {surname}", birth_date=_day(rng))
            mother = Person(full_name=f"{rng.choice(FIRST)} {surname}а")
            batch += [case, victim, mother,
                      Role(case_id=case.id, person_id=victim.id, role=RoleKind.VICTIM),
                      Role(case_id=case.id, person_id=mother.id, role=RoleKind.FAMILY,
                           relation_to_victim="mother")]
            ids.append((case.id, victim.id))
        store.add_many(batch)  # type: ignore[arg-type]
        out += ids
        progress(len(out))
    return out


def _records(store: Store, rng: random.Random, cases: list[tuple[str, str]], n: int) -> None:
    """Threats, actions and notes (5:3:2), spread unevenly over the cases (some are busy)."""
    progress = _Progress("records", n)
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(cases))]
    done = 0
    while done < n:
        size = min(BATCH, n - done)
        batch: list[object] = []
        for (case_id, victim_id) in rng.choices(cases, weights=weights, k=size):
            roll = rng.random()
            if roll < 0.5:
                batch.append(Threat(case_id=case_id, target_ids=[victim_id], received=_day(rng),
                                    channel=rng.choice(list(Channel)),
                                    severity=rng.choice(list(Severity)), words=_text(rng, 14)))
            elif roll < 0.8:
                batch.append(Action(case_id=case_id, kind=rng.choice(list(ActionKind)),
                                    title=_text(rng, 5), addressee=rng.choice(REGIONS),
                                    filed=_day(rng), response_days=rng.choice((None, 15, 30)),
                                    status=rng.choice(list(ActionStatus))))
            else:
                batch.append(Note(case_id=case_id, title=_text(rng, 4), date=_day(rng),
                                  text=_text(rng, 40)))
        store.add_many(batch)  # type: ignore[arg-type]
        done += size
        progress(done)


def _evidence_sizes(rng: random.Random, total: int) -> list[int]:
    """File sizes from 10 KiB to 200 MiB, log-uniform, adding up to ``total`` bytes."""
    sizes: list[int] = []
    low, high = math.log(10 * 1024), math.log(200 * MIB)
    while sum(sizes) < total:
        size = int(math.exp(rng.uniform(low, high)))
        sizes.append(min(size, total - sum(sizes)))
    return [s for s in sizes if s > 0]


def _evidence(store: Store, rng: random.Random, cases: list[tuple[str, str]],
              total_mib: int) -> None:
    sizes = _evidence_sizes(rng, total_mib * MIB)
    progress = _Progress("evidence", sum(sizes) // MIB)
    written = 0
    for k, size in enumerate(sizes):
        case_id, _victim = cases[rng.randrange(len(cases))]
        # note: random bytes (incompressible, like photos and recordings), made from the seed
        data = rng.randbytes(size)
        store.add_evidence(case_id, io.BytesIO(data), original_name=f"file-{k:05d}.bin",
                           description=_text(rng, 6))
        written += size
        progress(written // MIB)


def generate(path: Path, preset: Preset, *, seed: int = 7) -> dict[str, float]:
    """Create the vault at ``path``; returns what was made and how long it took."""
    rng = random.Random(seed)
    started = time.perf_counter()
    store, _ = Store.create(path, PASSPHRASE, kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    with store:
        cases = _cases(store, rng, preset)
        _records(store, rng, cases, preset.records)
        _evidence(store, rng, cases, preset.evidence_mib)
    return {"cases": preset.cases, "records": preset.records,
            "evidence_mib": preset.evidence_mib, "seconds": time.perf_counter() - started}


def main() -> int:
    """Command line: ``generate.py OUT --preset NAME``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--preset", choices=sorted(PRESETS), default="1x")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--evidence-mib", type=int, default=None,
                        help="override the preset's evidence total")
    args = parser.parse_args()
    preset = PRESETS[args.preset]
    if args.evidence_mib is not None:
        preset = Preset(preset.cases, preset.records, args.evidence_mib)
    made = generate(args.out, preset, seed=args.seed)
    print(f"{args.out}: {made['cases']:,} cases, {made['records']:,} records, "
          f"{made['evidence_mib']:,} MiB of evidence in {made['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
