"""bm25's work bound: when a query's terms together match more chunks than the budget, the most
frequent terms are left out of the MATCH; within the budget nothing changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from papermind.search import lexical
from papermind.search.query import parse


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    with Session(engine) as s:
        s.execute(
            text("CREATE VIRTUAL TABLE chunks_fts USING fts5(text, section, tokenize='porter unicode61')")
        )
        rows = [f"common words {i} block" for i in range(40)]
        rows += ["common rare table", "the rare table is here", "rare only"]
        s.execute(
            text("INSERT INTO chunks_fts(rowid, text, section) VALUES (:i, :t, '')"),
            [{"i": i + 1, "t": t} for i, t in enumerate(rows)],
        )
        yield s
    engine.dispose()


def test_within_budget_the_query_is_unchanged(session: Session):
    q = parse("common rare")
    assert lexical.within_budget(session, q, budget=100) == q
    hits = lexical.search(session, q, 100, budget=100)
    assert len(hits) == 43  # every chunk with either word


def test_over_budget_the_frequent_term_is_left_out(session: Session):
    q = parse("common rare table")
    kept = lexical.within_budget(session, q, budget=10)
    assert kept.terms == ("rare", "table")
    assert kept.phrases == (("common", "rare"), ("rare", "table"))  # one word kept: phrase stays
    hits = lexical.search(session, q, 100, budget=10)
    assert {c for c, _ in hits} == {41, 42, 43}
    assert hits[0][0] == 41  # "common rare table" still earns the phrase bonus


def test_when_every_term_is_frequent_the_rarest_is_scored(session: Session):
    q = parse("common block")  # 41 and 40 matches, both over the budget
    assert lexical.within_budget(session, q, budget=11) is None
    match = lexical.plan(session, q, budget=11)
    assert match == lexical.Match('"block" OR "common block"', cap=None)  # 40 <= 4 budgets: all
    assert len(lexical.search(session, q, 100, budget=11)) == 40


def test_no_query_scores_more_than_its_fallback_cap(session: Session):
    q = parse("common block")
    match = lexical.plan(session, q, budget=3)  # 40 and 41 matches > 4 x 3
    assert match is not None and match.cap == lexical.FALLBACK_SCALE * 3
    hits = lexical.search(session, q, 100, budget=3)
    assert len(hits) == 12  # the first 12 matches only
    assert {c for c, _ in hits} == set(range(1, 13))
    assert all(a[1] >= b[1] for a, b in zip(hits, hits[1:], strict=False))  # best first


def test_a_capped_query_still_ranks_by_bm25(session: Session):
    # chunk 3 repeats the word: among the capped rows it must come first
    session.execute(text("UPDATE chunks_fts SET text = 'common common common' WHERE rowid = 3"))
    hits = lexical.search(session, parse("common block"), 5, budget=3)
    assert hits[0][0] == 3
