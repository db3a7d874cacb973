"""libFuzzer target (atheris): the JSON import's parser must only ever raise ImportFormatError.

Usage: ``python tests/fuzz/fuzz_interchange.py [CORPUS_DIR ...] [-max_total_time=SECONDS]``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["advocate"]):
    from advocate.errors import ImportFormatError
    from advocate.store.interchange import decode_records, parse_document


def test_one_input(data: bytes) -> None:
    """Parse and decode one candidate document; every record that decodes is valid."""
    try:
        records = decode_records(parse_document(data))
    except ImportFormatError:
        return
    for record in records:
        record.validate()


def main() -> None:
    """Run libFuzzer with the command-line arguments."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
