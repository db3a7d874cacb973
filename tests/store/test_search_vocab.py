"""Search by the words of the index (issue 14): the same hits as FTS5's prefix query, and a
vocabulary that is always exactly the index's own (nothing missing, nothing deleted kept)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import sqlcipher3

from advocate.backup import restore_backup, write_backup
from advocate.model import Note
from advocate.model.text import fts_match_expression
from advocate.store import Store
from advocate.store.search import MAX_WORDS, match_expression
from advocate.vault import KdfParams

from .factories import Factory

PASSPHRASE = "backup passphrase for the vocabulary"
_ABC = "абвгдежзиклмнопрстуф"
#: Words sharing prefixes, in Russian, Kazakh, Latin with diacritics
COMMON = ["прокурор", "прокуратура", "прокурору", "прокладка", "Айгерім", "Айгерим", "Айдос",
          "Қайрат", "кайрат", "José", "Jose", "jõe", "омбудсмен", "заявление", "мы", "знаем",
          "знает", "X-17", "2024", "ватсап", "WhatsApp"]
#: and a prefix ("зая") that stands for more than MAX_WORDS words, so that a query takes each
#: way through match_expression
MANY = [f"зая{_ABC[i // len(_ABC)]}{_ABC[i % len(_ABC)]}" for i in range(MAX_WORDS + 6)]
QUERIES = ["п", "пр", "про", "прок", "прокур", "прокурор", "прокурорам", "а", "ай", "айг",
           "Айгерім", "айгерим", "Қай", "кайр", "jos", "josé", "jose", "jõ", "омб", "зая",
           "заяв", "заяа", "мы зна", "мы знаем", "знае мы", "x-1", "x 17", "202", "ват", "what",
           "нет такого", "зая про"]


def _old_ids(conn: sqlcipher3.Connection, query: str, case_id: str | None = None,
             limit: int = 50, offset: int = 0) -> list[str]:
    """What search_ids returned before issue 14: one FTS5 prefix query per term."""
    expression = fts_match_expression(query)
    if expression is None:
        return []
    sql = ("SELECT r.id FROM search s JOIN records r ON r.rowid = s.rowid WHERE search MATCH ?"
           + (" AND r.case_id = ?" if case_id else "") + " ORDER BY s.rowid DESC LIMIT ? OFFSET ?")
    params = [expression, *([case_id] if case_id else []), limit, offset]
    return [str(r[0]) for r in conn.execute(sql, params)]


def _index_words(conn: sqlcipher3.Connection) -> list[str]:
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.index_words USING fts5vocab"
                 " (main, search, 'row')")
    return [str(r[0]) for r in conn.execute("SELECT term FROM temp.index_words ORDER BY term")]


def _vocab(conn: sqlcipher3.Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT term FROM search_vocab ORDER BY term")]


def _fill(store: Store, make: Factory, notes: int = 300) -> list[str]:
    rng = random.Random(14)
    cases = [make.case(reference=f"V-{n}", title=" ".join(rng.sample(COMMON, 2)))
             for n in range(3)]
    with store.batch():
        for n in range(notes):
            store.add(Note(case_id=cases[n % 3].id, title=rng.choice(COMMON + MANY),
                           text=" ".join([*rng.sample(COMMON, 5), MANY[n % len(MANY)]])))
    return [c.id for c in cases]


def test_search_finds_what_the_prefix_query_found(store: Store, make: Factory) -> None:
    cases = _fill(store, make)
    conn = store.vault.connection
    for query in QUERIES:
        for limit, offset in ((50, 0), (1000, 0), (7, 30)):
            assert store.search_ids(query, limit=limit, offset=offset) == _old_ids(
                conn, query, limit=limit, offset=offset), query
        assert store.search_ids(query, case_id=cases[1]) == _old_ids(conn, query, cases[1])
    assert len(_old_ids(conn, "прок", limit=1000)) > 100  # the queries do find something
    # each way through: words spelled out, a prefix (too many words), nothing to search
    assert match_expression(conn, "прокур") == '("prokuratura" OR "prokuror" OR "prokuroru")'
    assert str(match_expression(conn, "зая")).endswith("*")
    assert match_expression(conn, "нет такого") is None


def test_the_vocabulary_is_the_index_own_after_every_kind_of_write(store: Store,
                                                                  make: Factory) -> None:
    _fill(store, make, notes=60)
    conn = store.vault.connection
    assert _vocab(conn) == _index_words(conn)
    victim = make.person("Гүлнар Ерболатқызы")
    assert "gulnar" in _vocab(conn)
    store.update(replace(victim, full_name="Гүлжан Ерболатқызы"))
    assert "gulnar" not in _vocab(conn) and "guljan" in _vocab(conn)
    store.delete(victim.id)
    # a deleted name leaves no trace in the vocabulary; words other records hold stay
    assert "guljan" not in _vocab(conn) and "erbolatkizi" not in _vocab(conn)
    assert _vocab(conn) == _index_words(conn)
    assert store.search_ids("Гүлж") == []


def test_a_restored_vault_has_the_vocabulary_of_its_index(store: Store, make: Factory,
                                                          tmp_path: Path) -> None:
    _fill(store, make, notes=40)
    out = tmp_path / "v.advocate-backup"
    write_backup(store, out, PASSPHRASE)
    restore_backup(out, PASSPHRASE, tmp_path / "restored.advocate", PASSPHRASE,
                   kdf=KdfParams.cheap(), _allow_weak_kdf_for_tests=True)
    with Store.open(tmp_path / "restored.advocate", PASSPHRASE) as restored:
        conn = restored.vault.connection
        assert _vocab(conn) == _index_words(conn) == _vocab(store.vault.connection)
        for query in QUERIES:
            assert restored.search_ids(query) == store.search_ids(query)


def test_a_reader_searches_by_the_words_just_committed(store: Store, make: Factory) -> None:
    _fill(store, make, notes=30)
    with store.reader() as reader:  # query_only: it reads the vocabulary, never writes it
        assert reader.search_ids("прокур") == store.search_ids("прокур") != []
        person = make.person("Бауыржан Тестов")
        assert reader.search_ids("бауыр") == [person.id]
        assert reader.search("Тесто")[0].id == person.id
