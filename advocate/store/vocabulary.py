"""Every word the search index holds, so that a typed prefix becomes the words it stands for.

note: issue 14: FTS5 answers a prefix query (``"prok"*``) by reading and merging the whole
doclist of every word with that prefix before it can return the newest 50 hits: at a million
records a keystroke cost 4.6-14 ms of FTS5 alone, against 0.03 ms at 10 cases, and a ``rowid >``
bound does not shorten the merge (measured: 13.9 ms with or without it). A query of the same
words spelled out (``"prokuror" OR "prokurora"``) reads each doclist newest first and stops at
50 (0.05-0.3 ms at a million records). So the vault keeps its words in ``search_vocab`` (schema
migration 5) and ``advocate.store.search`` turns each typed prefix into them.

The words are FTS5's own: a record's text is tokenized by a scratch FTS5 table in memory with the
search table's tokenizer, never by a second tokenizer of ours that could disagree and lose hits.
A word no record holds any more is dropped with the record that held it last (a deleted name
must not stay in the vault); ``tests/store/test_search_vocab.py`` checks that the table equals
the index's own vocabulary after adds, edits, deletes and restore.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import sqlcipher3

#: The search table's tokenizer (schema migration 3); the scratch table must tokenize the same.
TOKENIZER = "unicode61 remove_diacritics 2"

_SCRATCH = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch USING fts5"
    f" (body, tokenize = '{TOKENIZER}')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch_words USING fts5vocab"
    " (temp, search_scratch, 'row')",
)


def words_of(conn: sqlcipher3.Connection, bodies: Iterable[str]) -> list[str]:
    """The distinct words FTS5 makes of these texts (a scratch table in memory: temp_store)."""
    for sql in _SCRATCH:
        conn.execute(sql)
    conn.executemany("INSERT INTO temp.search_scratch (body) VALUES (?)",
                     [(body,) for body in bodies])
    try:
        return [str(w) for (w,) in conn.execute("SELECT term FROM temp.search_scratch_words")]
    finally:
        conn.execute("DELETE FROM temp.search_scratch")


def note_words(conn: sqlcipher3.Connection, bodies: Iterable[str]) -> set[str]:
    """Add the words of these texts, just written to the search index, to the vocabulary;
    returns them."""
    words = words_of(conn, bodies)
    conn.executemany("INSERT OR IGNORE INTO search_vocab (term) VALUES (?)",
                     [(w,) for w in words])
    return set(words)


def forget_words(conn: sqlcipher3.Connection, bodies: Iterable[str],
                 kept: Collection[str] = ()) -> None:
    """Drop the words of these texts, just taken out of the search index, that no record still
    holds (one exact-word lookup each, which FTS5 answers from the word's doclist). ``kept``:
    words known to be in the index still (an edited record's new text), not looked up."""
    gone = [w for w in words_of(conn, bodies) if w not in kept and conn.execute(
        "SELECT 1 FROM search WHERE search MATCH ? LIMIT 1", (_quoted(w),)).fetchone() is None]
    conn.executemany("DELETE FROM search_vocab WHERE term = ?", [(w,) for w in gone])


def fill_from_index(conn: sqlcipher3.Connection) -> None:
    """The vocabulary from the search index's own (once, by migration 5; reads every doclist)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5vocab"
                 " (main, search, 'row')")
    try:
        conn.execute("INSERT OR IGNORE INTO search_vocab (term) SELECT term FROM temp.search_words")
    finally:
        conn.execute("DROP TABLE temp.search_words")


def words_with_prefix(conn: sqlcipher3.Connection, prefix: str, limit: int) -> list[str]:
    """Up to ``limit`` words of the vocabulary that start with ``prefix``, in order."""
    return [str(w) for (w,) in conn.execute(
        "SELECT term FROM search_vocab WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
        (prefix, prefix + "\U0010ffff", limit))]


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'
