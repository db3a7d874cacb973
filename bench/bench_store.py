"""Benchmark: unlock, insert and search through the store against raw SQLCipher doing the same SQL.

Run: ``.venv/bin/python bench/bench_store.py [--threats N]`` (default 100,000). Prints wall times
and ratios store/raw measured in the same process, so a noisy shared machine affects both sides.
The raw side executes exactly the statements the store runs (records, reference index, search
index, audit chain, the lists' sort values and the case-list row) with pre-built parameters: the
ratio is the cost of validation, the codec, normalisation, folding and hashing that the store adds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import sys
import tempfile
import time
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlcipher3

from advocate.model import Case, Channel, PartialDate, Person, Severity, Threat
from advocate.model.codec import to_dict
from advocate.model.text import fts_match_expression
from advocate.store import Store
from advocate.store.audit import canonical_json
from advocate.store.listing import record_keys, refresh_case_rows
from advocate.store.repository import search_body
from advocate.store.schema import MIGRATIONS
from advocate.vault import KdfParams, Vault

WORDS = ("мы знаем где ты живёшь забери заявление иначе пожалеешь сенің балаңды табамыз "
         "полиция тебе не поможет аким сказал молчи we will find you жалоба омбудсмен "
         "Айгерім Бауыржан Қайрат Әлия Нұрлан прокурор суд угроза телефон ватсап").split()
BATCH = 1000


def _threats(case: Case, person: Person, n: int, rng: random.Random) -> list[Threat]:
    out = []
    for i in range(n):
        out.append(Threat(
            case_id=case.id, target_ids=[person.id],
            received=PartialDate(2023 + i % 3, 1 + i % 12, 1 + i % 28),
            channel=list(Channel)[i % len(Channel)], severity=list(Severity)[i % 4],
            words=" ".join(rng.choice(WORDS) for _ in range(12)) + f" #{i}",
            source_description=rng.choice(WORDS)))
    return out


def bench_store(n: int, folder: Path) -> dict[str, float]:
    rng = random.Random(1)
    store, _ = Store.create(folder / "store.advocate", "bench", kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    case = store.add(Case(reference="B-1", title="bench"))
    person = store.add(Person(full_name="Айгерім Бенчқызы"))
    threats = _threats(case, person, n, rng)
    start = time.perf_counter()
    for i in range(0, n, BATCH):
        store.add_many(list(threats[i:i + BATCH]))
    insert = time.perf_counter() - start
    queries = [rng.choice(WORDS)[:5] for _ in range(200)]
    start = time.perf_counter()
    for q in queries:
        store.search(q, limit=50)
    search = (time.perf_counter() - start) / len(queries)
    start = time.perf_counter()
    cf = store.case_file(case.id)
    open_case = time.perf_counter() - start
    assert len(cf.threats) == n
    small = store.add(Case(reference="B-2", title="a case of 1,000 threats"))
    store.add_many(list(_threats(small, person, 1000, rng)))
    start = time.perf_counter()
    for _ in range(5):
        store.case_file(small.id)
    open_small = (time.perf_counter() - start) / 5
    store.close()
    return {"insert": insert, "search": search, "open_case": open_case, "open_1000": open_small,
            "queries": float(len(queries))}, threats, case, person, queries  # type: ignore[return-value]


def bench_raw(threats: list[Threat], case: Case, person: Person, queries: list[str],
              folder: Path) -> dict[str, float]:
    """The same statements on a bare SQLCipher connection, parameters built before timing."""
    conn = sqlcipher3.connect(str(folder / "raw.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
    for pragma in ("cipher_memory_security = OFF", "journal_mode = WAL", "synchronous = FULL",
                   "secure_delete = ON", "temp_store = MEMORY", "foreign_keys = ON"):
        conn.execute(f"PRAGMA {pragma}")
    for migration in MIGRATIONS:
        migration.apply(conn)
    rows = []
    prev = "0" * 64
    for i, t in enumerate(threats):
        data = canonical_json(to_dict(t)).decode()
        entry = canonical_json({"seq": i + 1, "data": data})
        digest = hashlib.sha256(bytes.fromhex(prev) + entry).hexdigest()
        rows.append((t, data, search_body(t), hashlib.sha256(data.encode()).hexdigest(), prev,
                     digest, record_keys(t).values()))
        prev = digest
    names = [f.name for f in fields(Threat)]
    start = time.perf_counter()
    for i in range(0, len(rows), BATCH):
        conn.execute("BEGIN IMMEDIATE")
        for t, data, body, rhash, prv, digest, keys in rows[i:i + BATCH]:
            conn.execute("SELECT kind FROM records WHERE id = ?", (t.id,)).fetchone()
            conn.execute("SELECT kind FROM records WHERE id = ?", (case.id,)).fetchone()
            conn.execute("SELECT kind FROM records WHERE id = ?", (person.id,)).fetchone()
            cur = conn.execute(
                "INSERT INTO records (id, kind, case_id, sort_key, created, updated, data,"
                " title_key, status, severity, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (t.id, "threat", case.id, t.sort_key(), "x", "x", data, *keys))
            conn.executemany("INSERT OR IGNORE INTO refs (to_id, from_id, field) VALUES (?, ?, ?)",
                             [(case.id, t.id, "case_id"), (person.id, t.id, "target_ids")])
            conn.execute("INSERT INTO search (rowid, body) VALUES (?, ?)", (cur.lastrowid, body))
            conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            conn.execute(
                "INSERT INTO audit (at, action, kind, record_id, fields, record_hash, prev, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ("x", "create", "threat", t.id, json.dumps(names), rhash, prv, digest))
        refresh_case_rows(conn, [case.id], "x")  # the case list's row, once per transaction
        conn.execute("COMMIT")
    insert = time.perf_counter() - start
    start = time.perf_counter()
    for q in queries:
        expression = fts_match_expression(q)
        conn.execute("SELECT r.data FROM search s JOIN records r ON r.rowid = s.rowid"
                     " WHERE search MATCH ? ORDER BY s.rowid DESC LIMIT 50",
                     (expression,)).fetchall()
    search = (time.perf_counter() - start) / len(queries)
    start = time.perf_counter()
    conn.execute("SELECT data FROM records WHERE case_id = ? ORDER BY kind, sort_key, rowid",
                 (case.id,)).fetchall()
    open_case = time.perf_counter() - start
    conn.close()
    return {"insert": insert, "search": search, "open_case": open_case}


def bench_unlock(folder: Path) -> tuple[KdfParams, float, float]:
    params = KdfParams.calibrate()
    vault, _ = Vault.create(folder / "unlock.advocate", "a long passphrase", kdf=params)
    vault.close()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        Vault.open(folder / "unlock.advocate", "a long passphrase").close()
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    try:
        Vault.open(folder / "unlock.advocate", "wrong")
    except Exception:
        pass
    wrong = time.perf_counter() - start
    return params, min(times), wrong


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threats", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        params, unlock, wrong = bench_unlock(folder)
        print(f"KDF: Argon2id {params.memory_kib // 1024} MiB, t={params.iterations}, "
              f"p={params.lanes}; unlock {unlock:.3f} s; wrong passphrase {wrong:.3f} s")
        ours, threats, case, person, queries = bench_store(args.threats, folder)  # type: ignore[misc]
        raw = bench_raw(threats, case, person, queries, folder)
        n = args.threats
        print(f"insert {n:,} threats: store {ours['insert']:.2f} s ({n / ours['insert']:,.0f}/s), "
              f"raw SQLCipher {raw['insert']:.2f} s ({n / raw['insert']:,.0f}/s), "
              f"ratio {ours['insert'] / raw['insert']:.2f}")
        print(f"search (mean of {int(ours['queries'])} prefix queries, limit 50): "
              f"store {ours['search'] * 1000:.1f} ms, raw {raw['search'] * 1000:.1f} ms, "
              f"ratio {ours['search'] / raw['search']:.2f}")
        print(f"open a case of {n:,} threats: store {ours['open_case'] * 1000:.0f} ms, "
              f"raw rows {raw['open_case'] * 1000:.0f} ms, "
              f"ratio {ours['open_case'] / raw['open_case']:.2f}")
        print(f"open a case of 1,000 threats (budget 150 ms): {ours['open_1000'] * 1000:.0f} ms")
        print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
