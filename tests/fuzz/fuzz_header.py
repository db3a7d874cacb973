"""libFuzzer target (atheris): the vault header parser must only ever refuse in its own words.

Usage: ``python tests/fuzz/fuzz_header.py [CORPUS_DIR ...] [-max_total_time=SECONDS]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["advocate"]):
    from advocate.errors import HeaderDamagedError, NotAVaultError, VaultTooNewError
    from advocate.vault.header import parse_header

WHERE = Path("fuzz.advocate/vault.json")


def test_one_input(data: bytes) -> None:
    """Parse one candidate ``vault.json``; only the header errors may come out."""
    try:
        parse_header(data, WHERE)
    except (HeaderDamagedError, NotAVaultError, VaultTooNewError):
        pass


def main() -> None:
    """Run libFuzzer with the command-line arguments."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
