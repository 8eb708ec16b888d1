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


def test_when_every_term_is_frequent_the_rarest_is_kept(session: Session):
    q = parse("common block")  # 41 and 40 matches
    kept = lexical.within_budget(session, q, budget=5)
    assert kept.terms == ("block",)
    assert len(lexical.search(session, q, 100, budget=5)) == 40
