"""Argon2id key derivation for key slots: parameters, their bounds, calibration, derivation.

Parameters are stored in every key slot so they can be raised later without breaking old vaults.
Parameters read from a header are checked against fixed bounds *before* Argon2id runs, so a
tampered header cannot make the app hang or exhaust memory.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

KDF_NAME = "argon2id"
SALT_BYTES = 16
KEY_BYTES = 32

MEMORY_KIB_MIN = 8 * 1024  # accepted on read only so tests can use cheap parameters
MEMORY_KIB_MAX = 2 * 1024 * 1024
MEMORY_KIB_CREATE_MIN = 64 * 1024  # the floor for any vault a user creates
ITERATIONS_MIN, ITERATIONS_MAX = 1, 20
LANES_MIN, LANES_MAX = 1, 16

# note: lanes is part of the output, so it is fixed rather than taken from os.cpu_count(); a vault
# must open on any machine. Four lanes is DESIGN.md's choice.
DEFAULT_LANES = 4
DEFAULT_MEMORY_KIB = 256 * 1024
CALIBRATION_MIN_ITERATIONS = 2


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, stored in each key slot."""

    memory_kib: int
    iterations: int
    lanes: int

    @classmethod
    def calibrate(
        cls, target_seconds: float = 0.7, memory_kib: int = DEFAULT_MEMORY_KIB
    ) -> KdfParams:
        """Time Argon2id here and pick iterations (at least 2) so one derivation takes ~target.

        Memory is never below 64 MiB; a smaller ``memory_kib`` is a programming error.
        """
        if not MEMORY_KIB_CREATE_MIN <= memory_kib <= MEMORY_KIB_MAX:
            raise ValueError(
                f"memory_kib must be between {MEMORY_KIB_CREATE_MIN} and {MEMORY_KIB_MAX}"
            )
        probe = cls(memory_kib, CALIBRATION_MIN_ITERATIONS, DEFAULT_LANES)
        # The first run pays for page-faulting the memory in; the best of two is the steady cost.
        elapsed = min(_time_derive(probe) for _ in range(2))
        per_iteration = elapsed / CALIBRATION_MIN_ITERATIONS
        wanted = round(target_seconds / per_iteration) if per_iteration > 0 else ITERATIONS_MAX
        iterations = max(CALIBRATION_MIN_ITERATIONS, min(ITERATIONS_MAX, wanted))
        return cls(memory_kib, iterations, DEFAULT_LANES)

    @classmethod
    def cheap(cls) -> KdfParams:
        """Parameters for tests only (8 MiB, 1 iteration, 1 lane).

        ``Vault.create`` refuses them unless called with ``_allow_weak_kdf_for_tests=True``.
        """
        return cls(MEMORY_KIB_MIN, 1, 1)

    def out_of_bounds_field(self) -> str | None:
        """Name the first field outside the accepted bounds, or None when all are inside."""
        checks = (
            ("memory_kib", self.memory_kib, MEMORY_KIB_MIN, MEMORY_KIB_MAX),
            ("iterations", self.iterations, ITERATIONS_MIN, ITERATIONS_MAX),
            ("lanes", self.lanes, LANES_MIN, LANES_MAX),
        )
        for name, value, low, high in checks:
            if not low <= value <= high:
                return name
        return None


def normalize_passphrase(passphrase: str) -> bytes:
    """NFC-normalise and UTF-8-encode a passphrase, so NFC and NFD typings open the same vault."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    """Derive a 32-byte slot key from ``secret`` with Argon2id.

    The caller must have checked ``params`` against the bounds (``out_of_bounds_field``).
    """
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)


def _time_derive(params: KdfParams) -> float:
    start = time.perf_counter()
    derive_key(b"calibration", b"\0" * SALT_BYTES, params)
    return time.perf_counter() - start
