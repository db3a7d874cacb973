"""Full-text search over every record, in Kazakh, Russian and English, newest first.

Indexed text and queries are both folded by :func:`advocate.model.text.search_fold`, so a Kazakh
name typed in Cyrillic or in the 2021 Latin alphabet, in any case, finds the same records. Each
word of the query must match the start of a word in the record (prefix search), and user text is
never passed to FTS5 as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import sqlcipher3

from advocate.model.records import Record
from advocate.model.text import search_fold, search_terms
from advocate.store.repository import load_record
from advocate.store.vocabulary import words_with_prefix

_WORD = re.compile(r"\w+")
#: A typed prefix that stands for more words than this is searched as a prefix. Each word is
#: one more doclist for FTS5 to seek and step through, whatever the vault's size: measured at a
#: million records, 64 words 0.8 ms, 256 words 3.3 ms, 512 words 6.4 ms; the prefix query
#: instead merges every matching doclist (14 ms for one common word there).
MAX_WORDS = 256
#: Prefixes this short have their own FTS5 prefix index (schema migration 3): read newest first.
INDEXED_PREFIX = 2
#: Terms spelled only in these characters are words of the index as typed (the tokenizer keeps
#: them as they are); any other is searched as a prefix, as FTS5 folds it.
_AS_INDEXED = re.compile(r"[a-z0-9\ue000-\uf8ff]+")
_LABEL_FIELDS = ("reference", "title", "full_name", "pseudonym", "original_name", "kind",
                 "words", "text")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A record that matched: enough to list it and open it."""

    kind: str
    id: str
    case_id: str | None
    label: str
    excerpt: str


def search(conn: sqlcipher3.Connection, query: str, *, case_id: str | None = None,
           limit: int = 50, offset: int = 0) -> list[SearchHit]:
    """Records matching every word of the query, newest first, ``limit`` from ``offset``.

    note: newest first rather than by BM25 rank: ranking scores every match, which takes
    hundreds of milliseconds for a common prefix in a large vault; the search budget is 50 ms.
    """
    return hits_for(conn, search_ids(conn, query, case_id=case_id, limit=limit, offset=offset),
                    query)


def search_ids(conn: sqlcipher3.Connection, query: str, *, case_id: str | None = None,
               limit: int = 50, offset: int = 0) -> list[str]:
    """The ids ``search`` would return, without decoding a record (for a table of results that
    fetches its rows as they are shown; decoding and excerpts are most of a search's cost)."""
    expression = match_expression(conn, query)
    if expression is None:
        return []
    sql = ("SELECT r.id FROM search s JOIN records r ON r.rowid = s.rowid"
           " WHERE search MATCH ?")
    params: list[object] = [expression]
    if case_id is not None:
        sql += " AND r.case_id = ?"
        params.append(case_id)
    sql += " ORDER BY s.rowid DESC LIMIT ? OFFSET ?"
    params += [max(1, min(limit, 1000)), max(0, offset)]
    return [str(row[0]) for row in conn.execute(sql, params)]


def match_expression(conn: sqlcipher3.Connection, query: str) -> str | None:
    """The FTS5 ``MATCH`` string for ``query``: every term required, as a prefix of a word.

    A term of more than ``INDEXED_PREFIX`` characters becomes the words of the vault that start
    with it (``"prok"`` → ``("prokuror" OR "prokuratura")``; see ``advocate.store.vocabulary``
    for why), or a prefix query when it stands for more than ``MAX_WORDS`` words. ``None`` when
    the query has no terms or a term starts no word at all (nothing can match).
    """
    terms = search_terms(query)
    if not terms:
        return None
    parts = []
    for term in terms:
        # note: terms hold no quote (search_terms); doubling them keeps this safe regardless
        quoted = '"' + term.replace('"', '""') + '"'
        if len(term) <= INDEXED_PREFIX or not _AS_INDEXED.fullmatch(term):
            parts.append(quoted + "*")
            continue
        words = words_with_prefix(conn, term, MAX_WORDS + 1)
        if not words:
            return None
        if len(words) > MAX_WORDS:
            parts.append(quoted + "*")
        else:
            parts.append("(" + " OR ".join('"' + w.replace('"', '""') + '"' for w in words) + ")")
    return " AND ".join(parts)


def hits_for(conn: sqlcipher3.Connection, ids: list[str], query: str) -> list[SearchHit]:
    """The search hits (label, excerpt around the query's words) of these ids, in that order."""
    terms = search_terms(query)
    found: dict[str, Record] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for (data,) in conn.execute(f"SELECT data FROM records WHERE id IN ({marks})", chunk):
            record = load_record(data)
            found[record.id] = record
    return [SearchHit(r.KIND, r.id, r.case_of(), label_of(r), excerpt_of(r, terms))
            for r in (found[i] for i in ids if i in found)]


def label_of(record: Record) -> str:
    """A short human label for a record: its reference, title, name or first words."""
    parts = []
    for name in _LABEL_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            parts.append(value)
            if name != "reference":
                break
    label = " — ".join(parts) or record.KIND
    return label if len(label) <= 100 else label[:99] + "…"


def excerpt_of(record: Record, terms: list[str], width: int = 60) -> str:
    """The text around the first word that matched, from the first field that has one."""
    for f in fields(record):
        value = getattr(record, f.name)
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if not isinstance(text, str) or f.name.endswith("id") or f.name.endswith("ids"):
                continue
            for match in _WORD.finditer(text):
                folded = search_fold(match.group())
                if any(folded.startswith(t) or t in folded for t in terms):
                    start = max(0, match.start() - width)
                    end = min(len(text), match.end() + width)
                    snippet = " ".join(text[start:end].split())
                    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")
    return ""
