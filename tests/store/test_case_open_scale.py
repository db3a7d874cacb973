"""Opening a case costs what the case holds, not what the vault holds (DESIGN.md section 11).

Timings belong to `make bench`; these tests check the two things that make the cost follow the
case: the case's records are read from the index that keeps them together (records_of_case, schema
4), and nothing of other cases is read (SQLite's own count of virtual-machine steps, which is exact
and does not depend on the machine).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from advocate.model import Relation, RoleKind
from advocate.store import Store

from .factories import Factory

#: The statements that read a case's records, as the store runs them.
CASE_READS = (
    "SELECT data FROM records WHERE case_id = ? ORDER BY kind, sort_key, rowid",
    "SELECT data FROM records WHERE case_id = ? AND kind = ? ORDER BY sort_key, rowid",
)


@pytest.mark.parametrize("sql", CASE_READS)
def test_a_case_is_read_from_the_index_that_keeps_its_records_together(store: Store,
                                                                      sql: str) -> None:
    """Read through the table, a case's records cost a page each once the vault is large (they
    were written among every other case's); the covering index holds them side by side."""
    params = ("x",) if sql.count("?") == 1 else ("x", "threat")
    plan = " ".join(str(row[-1]) for row in
                    store.vault.connection.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "COVERING INDEX records_of_case" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # the index gives the order: nothing is sorted


def test_the_store_reads_a_case_with_those_statements(store: Store, make: Factory) -> None:
    case = make.case()
    statements: list[str] = []
    store.vault.connection.set_trace_callback(statements.append)
    try:
        store.case_file(case.id)
        store.list_records(Relation, case.id)
    finally:
        store.vault.connection.set_trace_callback(None)
    reads = [s for s in statements if "FROM records WHERE case_id" in s]
    assert reads and all(any(_shape(s) == _shape(sql) for sql in CASE_READS) for s in reads), reads


def _shape(sql: str) -> str:
    """A statement with its literal values replaced by ?, as in CASE_READS."""
    import re
    return re.sub(r"'[^']*'", "?", sql)


def _steps(store: Store, fn: Callable[[], object]) -> int:
    """How many virtual-machine steps SQLite runs for ``fn`` on the store's connection."""
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    conn = store.vault.connection
    conn.set_progress_handler(tick, 1)
    try:
        fn()
    finally:
        conn.set_progress_handler(None, 1)
    return count[0]


def test_opening_a_case_reads_nothing_of_other_cases(store: Store, make: Factory) -> None:
    """The case file's relations came from every relation of the vault (all read and decoded
    at each open); now from the reference index of the case's own persons."""
    case = make.case()
    boy, mother = make.person("Мальчик"), make.person("Мать")
    make.role(case, boy)
    make.role(case, mother, RoleKind.FAMILY, relation_to_victim="мать")
    make.threat(case, boy)
    store.add(Relation(person_id=mother.id, other_person_id=boy.id, kind="мать"))
    neighbour = make.person("Көрші")  # a relation of hers to someone outside the case
    store.add(Relation(person_id=mother.id, other_person_id=neighbour.id, kind="көршісі"))
    before = _steps(store, lambda: store.case_file(case.id))

    for n in range(40):  # other cases, their persons and relations: none of this case's
        other = make.case(reference=f"O-{n}")
        a, b = make.person(f"Адам {n}"), make.person(f"Туысы {n}")
        make.role(other, a)
        make.threat(other, a)
        store.add(Relation(person_id=b.id, other_person_id=a.id, kind="туысы"))
    after = _steps(store, lambda: store.case_file(case.id))

    cf = store.case_file(case.id)
    assert [(r.person_id, r.other_person_id) for r in cf.relations] == [(mother.id, boy.id)]
    # B-tree descents deepen by a step or two as the tables grow; a read of the other cases'
    # 80 relations and 40 threats would add thousands
    assert after - before < 0.2 * before, (before, after)
