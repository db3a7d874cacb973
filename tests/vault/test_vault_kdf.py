"""Argon2id parameters: the cheap test set, bounds, and real calibration on this machine."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from advocate.vault import KdfParams, Vault, read_header


def test_cheap_params_are_the_documented_test_set() -> None:
    assert KdfParams.cheap() == KdfParams(memory_kib=8192, iterations=1, lanes=1)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        (KdfParams(8192, 1, 1), None),
        (KdfParams(2 * 1024 * 1024, 20, 16), None),
        (KdfParams(8191, 1, 1), "memory_kib"),
        (KdfParams(2 * 1024 * 1024 + 1, 1, 1), "memory_kib"),
        (KdfParams(8192, 0, 1), "iterations"),
        (KdfParams(8192, 21, 1), "iterations"),
        (KdfParams(8192, 1, 0), "lanes"),
        (KdfParams(8192, 1, 17), "lanes"),
    ],
)
def test_bounds_name_the_offending_field(params: KdfParams, field: str | None) -> None:
    assert params.out_of_bounds_field() == field


def test_calibrate_refuses_less_than_64_mib() -> None:
    with pytest.raises(ValueError):
        KdfParams.calibrate(memory_kib=32 * 1024)


def test_calibrated_params_create_and_open_a_vault(tmp_path: Path) -> None:
    params = KdfParams.calibrate()
    assert params.memory_kib == 256 * 1024
    assert params.lanes == 4
    assert 2 <= params.iterations <= 20
    path = tmp_path / "real.advocate"
    vault, recovery = Vault.create(path, "a real passphrase", kdf=params, with_recovery_key=True)
    vault.close()
    assert recovery is not None
    assert all(slot.kdf == params for slot in read_header(path).slots)
    start = time.perf_counter()
    Vault.open(path, "a real passphrase").close()
    # Not a performance budget (that is `make bench`); a guard against a wildly wrong calibration.
    assert time.perf_counter() - start < 10
