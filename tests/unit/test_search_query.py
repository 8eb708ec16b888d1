"""Query processing: any string at all gives a valid FTS5 expression (or none), never an error."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papermind.search.query import fts_expression, parse, quote

HOSTILE = [
    "",
    " ",
    '"',
    '""',
    "'",
    "(",
    ")",
    "C++",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a b, 2)",
    "*",
    "a*",
    "-x",
    "col:term",
    "text:softmax",
    "{text section}: x",
    "^start",
    "a AND (b OR",
    'say "hi',
    "🙂🙂",
    "KV‑cache",
    "日本語のテキスト",
    "naïve café",
    "\x00\x01",
    "x" * 10_000,
    "word " * 2_000,
    "-- ; DROP TABLE chunks;",
]

_hostile_text = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(list("\"()*:^-+{}[],.;'\\ ab") + ["AND", "OR", "NOT", "NEAR", "C++", " "]),
        max_size=40,
    ).map("".join),
    st.sampled_from(HOSTILE),
)


@pytest.fixture(scope="module")
def fts_db():
    con = sqlite3.connect(":memory:")
    con.execute(
        "CREATE VIRTUAL TABLE t USING fts5(text, section, tokenize='porter unicode61 remove_diacritics 2')"
    )
    con.executemany(
        "INSERT INTO t(text, section) VALUES (?, ?)",
        [
            ("Block tables map logical blocks to physical blocks.", "4.2 KV Cache Manager"),
            ("An online softmax rescales partial results.", "3 Tiling"),
            ("C++ kernels and NEAR duplicates.", "Appendix"),
        ],
    )
    yield con
    con.close()


def test_terms_are_lowercased_deduplicated_and_stopwords_dropped():
    q = parse("Why is the KV cache so fragmented? The KV cache!")
    assert q.terms == ("kv", "cache", "fragmented")
    assert ("kv", "cache") in q.phrases


def test_only_stopwords_still_searches_them():
    assert parse("to be or not to be").terms == ("to", "be", "or", "not")


def test_quote_doubles_inner_quotes():
    assert quote('say "hi"') == '"say ""hi"""'


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_build_valid_expressions(fts_db, text):
    expr = fts_expression(parse(text))
    if expr is not None:
        fts_db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 5", (expr,)).fetchall()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_hostile_text)
def test_any_string_is_safe_in_match(fts_db, text):
    q = parse(text)
    for phrases in (True, False):
        expr = fts_expression(q, phrases=phrases)
        if expr is None:
            assert q.empty
            continue
        fts_db.execute("SELECT rowid, bm25(t) FROM t WHERE t MATCH ?", (expr,)).fetchall()
        fts_db.execute("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?", (expr,)).fetchall()


def test_stemming_matches_other_word_forms(fts_db):
    rows = fts_db.execute(
        "SELECT rowid FROM t WHERE t MATCH ?", (fts_expression(parse("tabled blocking")),)
    ).fetchall()
    assert rows == [(1,)]
