"""The benchmark's data generator makes the same vault from the same seed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from advocate.model import Threat
from advocate.store import Store

_spec = importlib.util.spec_from_file_location(
    "bench_generate", Path(__file__).resolve().parents[1] / "bench" / "generate.py")
assert _spec and _spec.loader
generate = importlib.util.module_from_spec(_spec)
sys.modules["bench_generate"] = generate  # dataclasses look their module up
_spec.loader.exec_module(generate)


def _content(path: Path) -> tuple[list[tuple[str, str, str]], list[str], int]:
    with Store.open(path, generate.PASSPHRASE) as store:
        cases = [(c.reference, c.title, c.region) for c in store.cases()]
        threats = sorted(t.words for t in store.list_records(Threat))
        return cases, threats, store.count(Threat)


def test_same_seed_same_vault_and_the_preset_counts(tmp_path: Path) -> None:
    preset = generate.Preset(cases=6, records=300, evidence_mib=1)
    made = generate.generate(tmp_path / "a.advocate", preset, seed=3)
    generate.generate(tmp_path / "b.advocate", preset, seed=3)
    generate.generate(tmp_path / "c.advocate", preset, seed=4)
    a, b, c = (_content(tmp_path / f"{n}.advocate") for n in "abc")
    assert a == b
    assert a != c
    assert len(a[0]) == 6 and made["records"] == 300
    assert 100 < a[2] < 200  # about half of the records are threats


def test_evidence_sizes_stay_in_range_and_add_up() -> None:
    import random

    sizes = generate._evidence_sizes(random.Random(1), 300 * generate.MIB)
    assert sum(sizes) == 300 * generate.MIB
    assert max(sizes) <= 200 * generate.MIB
    assert all(s >= 10 * 1024 for s in sizes[:-1])
