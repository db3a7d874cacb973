"""Stored-text normalisation, the search fold and FTS5 query building (advocate.model.text)."""

from __future__ import annotations

import re
import sqlite3
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocate.errors import ValidationError
from advocate.model.text import (
    MAX_TERM_LENGTH,
    MAX_TERMS,
    fts_match_expression,
    normalize_text,
    search_fold,
    search_terms,
)

# --- normalize_text --------------------------------------------------------------------------


def test_normalize_text_composes_to_nfc() -> None:
    decomposed = "A\u0308lia Ки\u0306рат"  # Ä and й typed as base letter + combining mark
    assert normalize_text(decomposed) == "Älia Кйрат"
    assert unicodedata.is_normalized("NFC", normalize_text(decomposed))


@pytest.mark.parametrize(
    "text",
    [
        "שלום \u200f(RTL mark) \u202bembedded\u202c",
        "emoji 😀👩‍👩‍👧 and flags 🇰🇿",
        "<script>alert('x')</script> & &amp; \"quotes\" 'single'",
        "tabs\tand\nnew lines\r\n",
        "zero\u200bwidth\u200djoiner",
        "",
    ],
)
def test_normalize_text_keeps_everything_but_nul(text: str) -> None:
    assert normalize_text(text) == text


def test_normalize_text_rejects_nul_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="contains a NUL character") as caught:
        normalize_text("before\x00after", field="threat.words")
    assert caught.value.field == "threat.words"


def test_normalize_text_rejects_a_lone_surrogate() -> None:
    with pytest.raises(ValidationError, match="surrogate") as caught:
        normalize_text("bad \udce9 byte", field="note.text")
    assert caught.value.field == "note.text"


# --- search_fold: what must match ------------------------------------------------------------

SAME_NAME = [
    ("Әлия", "Älia", "Aliya", "ALIYA"),
    ("Қайрат", "Qairat", "Kairat", "Kayrat"),
    ("Ұлжан", "Ūljan", "Ulzhan"),
    ("Ғалым", "Ğalym", "Galym"),
    ("Нұрсұлтан", "Nūrsūltan", "Nursultan"),
    ("Өскемен", "Öskemen", "Oskemen"),
    ("Шымкент", "Şymkent", "Shymkent"),
    ("Жанна", "Janna", "Zhanna"),
    ("Шолпан", "Şolpan", "Sholpan"),
    ("Іңкәр", "Iñkär", "Inkar", "INKAR"),
    ("ПРОКУРАТУРА", "прокуратура", "Прокуратура"),
    ("Ombudsman", "OMBUDSMAN", "ombudsman"),
    ("Чингиз", "Çingiz", "Chingiz"),
    ("Хабаров", "Khabarov", "Habarov"),
    ("Щербаков", "Shcherbakov"),
    ("Ерлан", "Yerlan", "Erlan"),
    ("Дмитрий", "Dmitriy", "Dmitry", "Dmitrii"),
    ("Александр", "Aleksandr", "Alexandr"),
    ("Фёдор", "Федор", "Fedor"),
    ("Юлия", "Yulia", "Iuliia"),
    ("Ильяс", "İlyas", "Ilyas"),
    ("Бұрыңғы данышпан кісі", "Būryñğy danyşpan kısı", "Buryngy danyshpan kisi"),
]


@pytest.mark.parametrize("spellings", SAME_NAME, ids=lambda group: group[0])
def test_spellings_of_one_name_fold_equal(spellings: tuple[str, ...]) -> None:
    folds = {search_fold(s) for s in spellings}
    assert len(folds) == 1, dict(zip(spellings, map(search_fold, spellings), strict=True))


def test_decomposed_input_folds_like_composed() -> None:
    assert search_fold(unicodedata.normalize("NFD", "Älia Şolpan Фёдор Қайрат")) == search_fold(
        "Älia Şolpan Фёдор Қайрат"
    )


def test_soft_and_hard_signs_are_dropped() -> None:
    # Decided and documented: the soft sign is often left out, so "мать" finds "мат".
    assert search_fold("мать") == search_fold("мат")
    assert search_fold("подъезд") == search_fold("подезд")


# --- search_fold: what must stay apart -------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Асан", "Осан"),
        ("Шолпан", "Солпан"),
        ("Жанна", "Занна"),
        ("Чингиз", "Цингиз"),
        ("Өскемен", "Ескемен"),
        ("Ұлжан", "Алжан"),
        ("Ombudsman", "Ombudsmen"),
        ("2024", "2025"),
        ("case 12", "case 1 2"),
    ],
)
def test_different_words_fold_apart(one: str, other: str) -> None:
    assert search_fold(one) != search_fold(other)


def test_fold_output_of_latin_and_cyrillic_is_plain_ascii() -> None:
    # FTS5's unicode61 tokenizer (remove_diacritics 2) must have nothing left to change.
    text = "Қайрат ӘЛИЯ Şolpan Ğalym Üljan Ñ İ ı Щ Ё ẋ ß"
    assert search_fold(text).isascii()


def test_digits_and_punctuation_survive() -> None:
    assert search_fold("Жалоба № 12-345/2024, 07.03.2025") == "jaloba № 12-345/2024, 07.03.2025"


WORD = re.compile(r"[^\W_]+")
# Combining marks are left out: Python's regex splits words at them, FTS5 does not. So are
# letters that NFC itself turns into a letter and a mark (Hebrew presentation forms such as U+FB2A
# "שׁ", excluded from composition), found by Hypothesis.
WORDISH = st.text(st.characters(blacklist_categories=("Mn", "Mc", "Me", "Cs")).filter(
    lambda c: not any(unicodedata.category(x).startswith("M")
                      for x in unicodedata.normalize("NFC", c))), max_size=12)


@given(st.lists(WORDISH, min_size=1, max_size=8))
def test_fold_neither_merges_nor_splits_words(words: list[str]) -> None:
    text = " ".join(words)
    one_by_one = [search_fold(w) for w in WORD.findall(text)]
    # A word folds to one word, or to nothing when all its letters are dropped (such as "ь").
    assert all(WORD.fullmatch(f) for f in one_by_one if f)
    assert WORD.findall(search_fold(text)) == [f for f in one_by_one if f]


@given(st.from_regex(r"[0-9]{1,12}", fullmatch=True))
def test_digits_fold_to_themselves(number: str) -> None:
    assert search_fold(number) == number


# --- queries ---------------------------------------------------------------------------------


def test_search_terms_are_folded_words() -> None:
    assert search_terms("Қайрат  Нұрсұлтанұлы, 2024!") == ["kairat", "nursultanuli", "2024"]


def test_match_expression_is_quoted_prefix_terms_joined_by_and() -> None:
    assert fts_match_expression("Zhanna Ombudsman") == '"janna"* "ombudsman"*'


@pytest.mark.parametrize(
    "query", ["", "   ", '"', '""', "*", "()", "^:", "-+-", "ь ъ", "😀", "_"]
)
def test_query_without_words_gives_nothing(query: str) -> None:
    assert search_terms(query) == []
    assert fts_match_expression(query) is None


HOSTILE = [
    'Kairat" OR "x',
    "Kairat*",
    "NEAR(a b, 3)",
    "AND OR NOT",
    "a AND NOT b",
    "^start",
    "body:secret",
    "{body}: x",
    "(a OR b) AND c",
    "a + b - c",
    "x'; DROP TABLE records; --",
    "\x00nul",
    "\\\"escaped\\\"",
    "Қайрат" * 2000,
    " ".join(["word"] * 3000),
    "a" * 10_000,
    "".join(chr(c) for c in range(32, 127)) * 100,
]

TOKEN_SAFE = re.compile(r'^(?:"(?:[^\W_]|[\ue000-\uf8ff])+"\* )*"(?:[^\W_]|[\ue000-\uf8ff])+"\*$')


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_become_only_quoted_terms(query: str) -> None:
    expression = fts_match_expression(query)
    assert expression is not None
    assert TOKEN_SAFE.match(expression)
    terms = search_terms(query)
    assert 1 <= len(terms) <= MAX_TERMS
    assert all(len(t) <= MAX_TERM_LENGTH for t in terms)


@pytest.fixture()
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE search USING fts5(body, tokenize = 'unicode61 "
                     "remove_diacritics 2')")
    except sqlite3.OperationalError:  # pragma: no cover - a Python built without FTS5
        pytest.skip("this sqlite3 has no FTS5")
    rows = [
        "Жалоба Қайрат Нұрсұлтанұлы в прокуратуру Шымкента",
        "Ombudsman replied on 2024-03-05; AND OR NOT are plain words here",
        "Угрозы Жанне по телефону",
    ]
    conn.executemany("INSERT INTO search(body) VALUES (?)", [(search_fold(r),) for r in rows])
    return conn


def _hits(conn: sqlite3.Connection, query: str) -> list[int]:
    expression = fts_match_expression(query)
    if expression is None:
        return []
    sql = "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid"
    return [row[0] for row in conn.execute(sql, (expression,))]


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ("Kairat", [1]),
        ("qairat nursultan", [1]),
        ("ПРОКУРАТУР", [1]),  # a prefix
        ("Shymkent", [1]),
        ("Zhann", [3]),
        ("ombuds", [2]),
        ("AND OR NOT", [2]),
        ("2024", [2]),
        ("Kairat Zhanna", []),
    ],
)
def test_folded_queries_find_folded_rows_in_fts5(fts: sqlite3.Connection, query: str,
                                                  rows: list[int]) -> None:
    assert _hits(fts, query) == rows


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_never_raise_in_fts5(fts: sqlite3.Connection, query: str) -> None:
    _hits(fts, query)  # an FTS5 syntax error would raise sqlite3.OperationalError


@given(st.text(max_size=200))
def test_any_query_is_valid_fts5(query: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE search USING fts5(body)")
    expression = fts_match_expression(query)
    if expression is not None:
        conn.execute("SELECT rowid FROM search WHERE search MATCH ?", (expression,)).fetchall()
