"""Coverage-guided fuzzing (atheris/libFuzzer) of the header and interchange parsers, ~30 s each.

The harnesses are tests/fuzz/fuzz_*.py; they start from the corpus kept in
tests/fuzz/corpus/<target>/ and write what they discover to a temporary folder (the checkout is
left as it was). A crash fails the test with the input that caused it; such an input then becomes
a regression case below.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from advocate.errors import (
    HeaderDamagedError,
    ImportFormatError,
    NotAVaultError,
    VaultTooNewError,
)
from advocate.store.interchange import decode_records, parse_document
from advocate.vault.header import parse_header

from .conftest import REPO, child_env

FUZZ = REPO / "tests" / "fuzz"
SECONDS = 30


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                    reason="atheris is not installed (pip install -e '.[dev]')")
@pytest.mark.parametrize("target", ["header", "interchange"])
def test_fuzz_target_for_a_fixed_time(tmp_path: Path, target: str) -> None:
    found = tmp_path / "found"
    found.mkdir()
    done = subprocess.run(
        [sys.executable, str(FUZZ / f"fuzz_{target}.py"), str(found),
         str(FUZZ / "corpus" / target), f"-max_total_time={SECONDS}", "-timeout=10",
         "-rss_limit_mb=2048", f"-artifact_prefix={tmp_path}/", "-print_final_stats=1"],
        capture_output=True, text=True, env=child_env(), timeout=SECONDS * 4 + 60)
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    detail = "\n".join(done.stderr.splitlines()[-30:])
    assert done.returncode == 0 and not crashes, f"{crashes}\n{detail}"
    runs = [line for line in done.stderr.splitlines() if "stat::number_of_executed_units" in line]
    print(f"{target}: {runs[-1].split(':')[-1].strip() if runs else '?'} inputs in {SECONDS} s")


# --- regression cases: inputs the fuzzers (and the byte-flip test) found or made us check -----

HEADER_CASES = [
    b"", b"{}", b"[]", b"null", b"\xff\xfe{", b'{"format": "advocate-vault"}',
    b'{"format": "advocate-vault", "version": 1e400}',
    b'{"format": "advocate-vault", "version": 99999999999999999999999}',
    b'{"format": "advocate-vault", "version": true}',
    b'{"format": "advocate-vault", "version": 1, "slots": "x"}',
    b"[" * 50_000 + b"]" * 50_000,
    b'{"format": "advocate-vault", "version": -1}',
    b" " * (64 * 1024 + 1),
]


@pytest.mark.parametrize("raw", HEADER_CASES, ids=range(len(HEADER_CASES)))
def test_header_regressions(raw: bytes) -> None:
    with pytest.raises((HeaderDamagedError, NotAVaultError, VaultTooNewError)):
        parse_header(raw, Path("x.advocate/vault.json"))


def test_header_with_uppercase_hex_or_loose_base64_is_damaged() -> None:
    """Found by test_hard_keys: another spelling of the same bytes was an edit the MAC missed."""
    raw = (FUZZ / "corpus" / "header" / "valid-one-slot.json").read_bytes()
    where = Path("x.advocate/vault.json")
    header = parse_header(raw, where)
    upper = raw.replace(header.db_salt.hex().encode(), header.db_salt.hex().upper().encode())
    with pytest.raises(HeaderDamagedError) as caught:
        parse_header(upper, where)
    assert "lowercase" in caught.value.params["detail"]
    salt = header.slots[0].to_dict()["kdf"]["salt"].encode()  # 16 bytes: 4 spare bits at the end
    last = salt[-3:-2]
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    loose = alphabet[alphabet.index(last) ^ 1:][:1]  # same 2 used bits, other spare bits
    with pytest.raises(HeaderDamagedError) as caught:
        parse_header(raw.replace(salt, salt[:-3] + loose + b"=="), where)
    assert "canonical" in caught.value.params["detail"]


INTERCHANGE_CASES = [
    b"", b"\x00", b'{"format": "advocate-interchange"}', b'{"format": "advocate-interchange", '
    b'"version": 1, "records": [{"type": "case", "title": ["x"]}], "files": []}',
    b'{"format": "advocate-interchange", "version": 1, "records": [{"type": {}}], "files": []}',
    b'{"format": "advocate-interchange", "version": 1, "records": [{"type": "threat", '
    b'"received": "2024-02-30"}], "files": []}',
    b'{"format": "advocate-interchange", "version": 1, "records": [{"type": "action", '
    b'"title": "t", "case_id": "c", "response_days": 1e999}], "files": []}',
    b'{"format": "advocate-interchange", "version": 1, "records": [{"type": "note", '
    b'"case_id": "c", "text": "\\u0000"}], "files": []}',
    b'{"format": "advocate-interchange", "version": 1, "records": [{"type": "case", '
    b'"title": "\\ud800"}], "files": []}',
    b'{"format": "advocate-interchange", "version": 1, "records": [{"type": "hearing", '
    b'"case_id": "c", "proceeding_id": "p", "date": "2024", "time": "25:30"}], "files": []}',
]


@pytest.mark.parametrize("raw", INTERCHANGE_CASES, ids=range(len(INTERCHANGE_CASES)))
def test_interchange_regressions(raw: bytes) -> None:
    with pytest.raises(ImportFormatError):
        decode_records(parse_document(raw))
