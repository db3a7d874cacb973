"""Benchmark: the first page of every list a table shows, at a few cases and at many.

Run: ``.venv/bin/python bench/bench_lists.py [--cases 10000 --records 1000000]``. Builds two vaults,
a small one (10 cases, about 100 records each) and a large one (``--cases`` cases holding
``--records`` records), then times the first page (50 rows: the ids in order, then the rows
themselves) of the case list sorted by each of its columns and filtered, of the threat, action
and note lists across all cases and within one case, and of search; each the median of 5 runs on
a reader (the UI's connection). The budget (DESIGN.md section 11): under 50 ms, and about the
same at both sizes.

The vaults are filled by SQL in large transactions, the way the store writes (the same record
JSON, sort values, references, search text and case list), but without the audit chain, which no
list reads: building a million records through ``Store.add`` would take most of an hour here.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advocate.model import (
    Action,
    ActionStatus,
    Case,
    CaseStatus,
    Note,
    PartialDate,
    Person,
    Record,
    Severity,
    Threat,
)
from advocate.model.codec import to_dict
from advocate.model.text import fts_match_expression
from advocate.store import ListQuery, Store, StoreReader
from advocate.store.audit import canonical_json
from advocate.store.listing import record_keys, refresh_case_rows, upsert_case_row
from advocate.store.repository import search_body
from advocate.vault import KdfParams

WORDS = ("мы знаем где ты живёшь забери заявление иначе пожалеешь сенің балаңды табамыз "
         "полиция тебе не поможет аким сказал молчи we will find you жалоба омбудсмен "
         "Айгерім Бауыржан Қайрат Әлия Нұрлан прокурор суд угроза телефон ватсап").split()
REGIONS = ("Алматы", "Астана", "Шымкент", "Караганда", "Актобе", "Тараз", "Павлодар")
PAGE = 50
BATCH = 50_000


def _records_of(case: Case, persons: list[Person], n: int, rng: random.Random) -> Iterator[Record]:
    """``n`` records of one case: threats, actions and notes in the proportions of real cases."""
    for i in range(n):
        day = PartialDate(2019 + rng.randrange(7), 1 + rng.randrange(12), 1 + rng.randrange(28))
        words = " ".join(rng.choice(WORDS) for _ in range(10))
        if i % 10 < 4:
            yield Threat(case_id=case.id, target_ids=[rng.choice(persons).id], received=day,
                         severity=rng.choice(list(Severity)), words=words)
        elif i % 10 < 6:
            status = rng.choice([ActionStatus.FILED, ActionStatus.ANSWERED])
            due = day.earliest().replace(day=min(28, day.earliest().day))
            yield Action(case_id=case.id, title=words[:40], addressee="Прокуратура",
                         filed=day, status=status, due=due)
        else:
            yield Note(case_id=case.id, title=words[:30], text=words)


def _row(record: Record, created: str) -> tuple[object, ...]:
    data = canonical_json(to_dict(record)).decode()
    return (record.id, record.KIND, record.case_of(), record.sort_key(), record.deadline(),
            created, created, data, *record_keys(record).values())


def _refs(record: Record) -> list[tuple[str, str, str]]:
    out = []
    for name in record.REFERENCES:
        value = getattr(record, name)
        for target in value if isinstance(value, list) else [value]:
            if target:
                out.append((str(target), record.id, name))
    return out


def build(path: Path, cases: int, records: int) -> Store:
    """A vault of ``cases`` cases holding ``records`` records in all (see module docstring)."""
    rng = random.Random(cases)
    store, _ = Store.create(path, "bench passphrase", kdf=KdfParams.cheap(),
                            _allow_weak_kdf_for_tests=True)
    conn = store.vault.connection
    # note: a page cache of 512 MiB for building only: with SQLite's default 2 MiB, inserting
    # into a dozen indexes in random order rewrote every index page for every batch (65 GB
    # written to build 1 GB, and an hour).
    conn.execute("PRAGMA cache_size = -524288")
    persons = [Person(full_name=f"{rng.choice(WORDS)} {i}") for i in range(min(1000, cases * 3))]
    all_cases = [Case(reference=f"{rng.choice('АБВГДЕ')}-{i:05d}", title=" ".join(
        rng.choice(WORDS) for _ in range(3)), region=rng.choice(REGIONS),
        status=rng.choice(list(CaseStatus)),
        opened=PartialDate(2015 + rng.randrange(10), 1 + rng.randrange(12)))
        for i in range(cases)]
    per_case = max(0, records - cases - len(persons)) // cases
    created = "2025-01-01T00:00:00.000000Z"

    def chunks() -> Iterator[list[Record]]:
        batch: list[Record] = [*persons]
        for case in all_cases:
            batch.append(case)
            batch.extend(_records_of(case, persons, per_case, rng))
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    for batch in chunks():
        with store.vault.transaction():
            rowids = []
            for record in batch:
                cursor = conn.execute(
                    "INSERT INTO records (id, kind, case_id, sort_key, deadline, created,"
                    " updated, data, title_key, status, severity, due)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _row(record, created))
                rowids.append(int(cursor.lastrowid))
            conn.executemany("INSERT OR IGNORE INTO refs (to_id, from_id, field) VALUES (?, ?, ?)",
                             [ref for record in batch for ref in _refs(record)])
            conn.executemany("INSERT INTO search (rowid, body) VALUES (?, ?)",
                             [(rowid, search_body(r)) for rowid, r in zip(rowids, batch,
                                                                        strict=True)])
            for rowid, record in zip(rowids, batch, strict=True):
                if isinstance(record, Case):
                    upsert_case_row(conn, rowid, record)
    with store.vault.transaction():
        refresh_case_rows(conn, [c.id for c in all_cases], created)
    conn.execute("PRAGMA optimize")
    return store


def median_ms(fn: Callable[[], object], runs: int = 5) -> float:
    """The median wall time of ``fn`` in milliseconds (after one run that warms the cache)."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def lists(reader: StoreReader, some_case: str) -> dict[str, Callable[[], object]]:
    """Every list timed: a name and the call that fetches its first page (ids, then rows)."""

    def cases(**kw: object) -> Callable[[], object]:
        query = ListQuery(kind="case", **kw)  # type: ignore[arg-type]
        return lambda: reader.case_rows(reader.list_ids(query, limit=PAGE))

    def records(**kw: object) -> Callable[[], object]:
        query = ListQuery(**kw)  # type: ignore[arg-type]
        return lambda: reader.get_many(reader.list_ids(query, limit=PAGE))

    out: dict[str, Callable[[], object]] = {}
    for sort in ("reference", "title", "status", "region", "opened", "updated",
                 "next_deadline", "last_threat", "threats"):
        out[f"cases by {sort}"] = cases(sort=sort)
        out[f"cases by {sort} desc"] = cases(sort=sort, descending=True)
    out["cases open, by reference"] = cases(status="open")
    out["cases in a region, by title"] = cases(region="Шымкент", sort="title")
    out["cases with a deadline, by it"] = cases(has_deadline=True, sort="next_deadline")
    out["cases: count"] = lambda: reader.count_ids(ListQuery(kind="case"))
    for sort in ("date", "severity", "title", "updated", "created"):
        out[f"threats by {sort} desc"] = records(kind="threat", sort=sort, descending=True)
    out["actions by due"] = records(kind="action", sort="due")
    out["actions filed, by date"] = records(kind="action", status="filed")
    out["actions with a deadline, by due"] = records(kind="action", has_deadline=True, sort="due")
    out["notes by title"] = records(kind="note", sort="title")
    out["threats of one case by severity"] = records(kind="threat", case_id=some_case,
                                                     sort="severity", descending=True)
    threats = ListQuery(kind="threat", sort="date", descending=True)
    deep = max(0, reader.count_ids(threats) * 9 // 10)
    out["threats at 90%, by offset"] = lambda: reader.get_many(
        reader.list_ids(threats, offset=deep, limit=PAGE))
    cursor = reader.list_page(threats, limit=max(1, deep)).next
    out["threats at 90%, by cursor"] = lambda: reader.get_many(
        reader.list_page(threats, after=cursor, limit=PAGE).ids)
    out["search 'прокур'"] = lambda: reader.search("прокур", limit=PAGE)
    out["search 'мы знаем'"] = lambda: reader.search("мы знаем", limit=PAGE)
    out["search ids 'прокур'"] = lambda: reader.search_ids("прокур", limit=PAGE)
    return out


def measure(folder: Path, cases: int, records: int) -> tuple[dict[str, float], float, int]:
    """Build a vault and time every list; (times in ms, build seconds, records built)."""
    start = time.perf_counter()
    store = build(folder / f"v{cases}", cases, records)
    built = time.perf_counter() - start
    store.close()  # measured as the app opens it: a fresh store, a reader
    store = Store.open(folder / f"v{cases}", "bench passphrase")
    total = sum(store.counts().values())
    some_case = store.list_ids(ListQuery(kind="case", sort="threats", descending=True),
                               limit=1)[0]
    with store.reader() as reader:
        times = {name: median_ms(fn) for name, fn in lists(reader, some_case).items()}
    conn = store.vault.connection  # the reference: the same FTS5 query, rows not decoded
    for word in ("прокур", "мы знаем"):
        sql = ("SELECT r.data FROM search s JOIN records r ON r.rowid = s.rowid"
               " WHERE search MATCH ? ORDER BY s.rowid DESC LIMIT 50")
        expression = fts_match_expression(word)
        times[f"raw FTS5 '{word}'"] = median_ms(
            lambda sql=sql, e=expression: conn.execute(sql, (e,)).fetchall())
    store.close()
    return times, built, total


def main() -> int:
    """Run the benchmark and print a table; the exit status is 1 when a budget is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="advocate-bench-") as tmp:
        small, small_build, small_n = measure(Path(tmp), 10, 1_000)
        large, large_build, large_n = measure(Path(tmp), args.cases, args.records)
    print(f"small vault: 10 cases, {small_n:,} records (built in {small_build:.1f} s)")
    print(f"large vault: {args.cases:,} cases, {large_n:,} records "
          f"(built in {large_build:.1f} s)")
    print(f"{'first page of':40} {'small ms':>9} {'large ms':>9} {'ratio':>6}")
    worst = 0.0
    for name in small:
        ratio = large[name] / small[name] if small[name] else float("inf")
        if "90%" not in name and "raw" not in name:  # shown, not held to the budget
            worst = max(worst, large[name])
        print(f"{name:40} {small[name]:9.2f} {large[name]:9.2f} {ratio:6.1f}")
    print(f"slowest first page at {args.cases:,} cases: {worst:.1f} ms (budget 50 ms)")
    return 0 if worst < 50 else 1


if __name__ == "__main__":
    sys.exit(main())
