"""Benchmark: unlock, insert and search through the store against raw SQLCipher doing the same SQL.

Run: ``.venv/bin/python bench/bench_store.py [--threats N]`` (default 10,000; fewer under ``make
bench --quick``). First unlock (``Store.open`` with a user's KDF parameters) against the KDF
alone, and the unlock's peak memory in a process of its own. Then wall times and ratios store/raw
measured in the same process, so a noisy shared machine affects both sides.
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
import sys
import tempfile
import time
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlcipher3

from advocate.errors import WrongPassphraseError
from advocate.model import Case, Channel, PartialDate, Person, Severity, Threat
from advocate.model.codec import to_dict
from advocate.store import Store
from advocate.store.audit import canonical_json
from advocate.store.listing import record_keys, refresh_case_rows
from advocate.store.repository import search_body
from advocate.store.schema import MIGRATIONS
from advocate.store.search import match_expression
from advocate.store.vocabulary import note_words
from advocate.vault import KdfParams, Vault
from advocate.vault.kdf import SALT_BYTES, derive_key
from bench.common import KDF_MB, MEMORY_MB, best_s, peak_mb, pick, print_peak, python, run_child
from bench.results import Row, record

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
            note_words(conn, [body])  # the index's words, as the store keeps them (schema 5)
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
        expression = match_expression(conn, q)
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


def bench_unlock(folder: Path) -> tuple[KdfParams, float, float, float]:
    """(parameters, unlock, wrong passphrase, the KDF alone), best of 3 each, in seconds.

    The vault has the parameters a user's vault gets (``KdfParams.calibrate()``: 256 MiB, the
    iterations that take about 0.7 s here); unlocking is ``Store.open`` as the app calls it.
    """
    params = KdfParams.calibrate()
    vault, _ = Vault.create(folder / "unlock.advocate", "a long passphrase", kdf=params)
    vault.close()

    def wrong_passphrase() -> None:
        try:
            Store.open(folder / "unlock.advocate", "wrong")
        except WrongPassphraseError:
            pass
        else:
            raise AssertionError("a wrong passphrase opened the vault")

    # note: interleaved, so a burst of load on the shared machine hits each side alike
    unlock, wrong, kdf = [], [], []
    for _ in range(3):
        unlock.append(best_s(
            lambda: Store.open(folder / "unlock.advocate", "a long passphrase").close(), 1))
        wrong.append(best_s(wrong_passphrase, 1))
        kdf.append(best_s(lambda: derive_key(b"a long passphrase", bytes(SALT_BYTES), params), 1))
    return params, min(unlock), min(wrong), min(kdf)


def _child_unlock(folder: Path) -> None:
    """Unlock the vault made by bench_unlock, alone in this process (its peak memory)."""
    Store.open(folder / "unlock.advocate", "a long passphrase").close()
    print_peak()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threats", type=int, default=pick(10_000, 2_000, 200))
    parser.add_argument("--child-unlock", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_unlock:
        _child_unlock(args.child_unlock)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        params, unlock, wrong, kdf = bench_unlock(folder)
        _, unlock_peak, _ = run_child(python("bench_store.py", "--child-unlock", str(folder)))
        kdf_text = (f"Argon2id {params.memory_kib // 1024} MiB, t={params.iterations}, "
                    f"p={params.lanes}")
        print(f"KDF: {kdf_text}; unlock {unlock:.3f} s; wrong passphrase {wrong:.3f} s")
        record(Row(key="store.unlock", what="unlock, KDF included", figure=unlock, unit="s",
                   reference=f"the KDF alone, {kdf_text}", reference_figure=kdf, limit=1.2,
                   scale="best of 3", extra={"wrong_passphrase": wrong}))
        record(Row(key="memory.unlock", what="peak memory: unlock", figure=unlock_peak,
                   unit="MB", limit=MEMORY_MB + KDF_MB, scale="its own process",
                   notes=f"{MEMORY_MB:.0f} MB beside the KDF's 256 MiB"))
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
        record(Row(key="store.insert", what="insert threats through the store (orientation)",
                   figure=ours["insert"], unit="s", reference="the same SQL on raw SQLCipher",
                   reference_figure=raw["insert"], scale=f"{n:,} threats in batches of {BATCH}",
                   notes="validation, codec, folding, audit hashing: no budget"))
        record(Row(key="store.open_1000", what="open a case of 1,000 threats (core, CaseFile)",
                   figure=ours["open_1000"] * 1000, unit="ms",
                   scale=f"beside a case of {n:,} threats",
                   notes="the app's figure (model filled, view painted) is bench_app's"))
        print(f"peak RSS {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
