"""Lexical retrieval: FTS5 bm25 (porter stemming) over the chunk text and its section title.

FTS5 scores every row that matches any OR-ed term, so a term found in most chunks makes a query
cost the whole corpus (1.8 s at 1M chunks, docs/search.md). A query therefore scores at most
``SCORE_BUDGET`` rows (``plan``): each term's document frequency is counted up to the budget
(reading at most that many postings, no scoring, ~1 ms), and when the terms together match more,
the most frequent ones are left out of the MATCH (the rarest kept while their matches fit).
Phrases stay when one of their words stays. A term matching more than ``SCORE_BUDGET`` chunks has
an IDF of at most log(N / budget), so what it would add is small beside the rarer terms.

When every term matches more than the budget, the chunks holding all of them are scored (the
terms AND-ed: bm25 gives them the scores the OR-ed query would), and only the first
``SCORE_BUDGET`` of them (rowid order) when even they are more; a one-word query of a term that
common scores its first ``SCORE_BUDGET`` matches. So no query scores more than the budget.
Below ``SCORE_BUDGET`` chunks in the store nothing is ever left out or capped, so small libraries
rank exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from papermind.search.query import ParsedQuery, fts_expression, quote

# bm25 column weights: (text, section). A query term in the section title counts extra.
TEXT_WEIGHT = 1.0
SECTION_WEIGHT = 1.5
SCORE_BUDGET = 20_000  # rows one query may score; see the module docstring
FALLBACK_SCALE = 4  # when every term is frequent, the rarest's matches scored: up to 4 budgets


def search(
    session: Session,
    q: ParsedQuery,
    n: int = 100,
    paper_ids: Sequence[int] | None = None,
    *,
    phrases: bool = True,
    section_weight: float = SECTION_WEIGHT,
    budget: int = SCORE_BUDGET,
) -> list[tuple[int, float]]:
    """[(chunk_id, score)] best first; score = -bm25 (higher is better). Never raises on any
    query text: the MATCH expression is built from quoted terms only."""
    if n <= 0 or q.empty:
        return []
    match = plan(session, q, budget, phrases=phrases)
    if match is None:
        return []
    params: dict[str, object] = {"q": match.expr, "n": int(n)}
    where = "chunks_fts MATCH :q"
    if paper_ids is not None:
        if not paper_ids:
            return []
        params["pids"] = [int(p) for p in paper_ids]
        where += " AND rowid IN (SELECT id FROM chunks WHERE paper_id IN :pids)"
    scored = (
        f"SELECT rowid, bm25(chunks_fts, {float(TEXT_WEIGHT)}, {float(section_weight)}) AS r "
        f"FROM chunks_fts WHERE {where}"
    )
    if match.cap is None:
        sql = text(f"{scored} ORDER BY r LIMIT :n")
    else:  # the first ``cap`` matches only (FTS5 walks them in rowid order), then the best of those
        params["cap"] = int(match.cap)
        sql = text(f"SELECT rowid, r FROM ({scored} LIMIT :cap) ORDER BY r LIMIT :n")
    if paper_ids is not None:
        sql = sql.bindparams(bindparam("pids", expanding=True))
    rows = session.execute(sql, params).all()
    return [(int(r[0]), -float(r[1])) for r in rows]


@dataclass(frozen=True)
class Match:
    """What one query asks FTS5: the MATCH expression, and ``cap``, the number of its matches
    (rowid order) that are scored when all of them would be too many (None: every match)."""

    expr: str
    cap: int | None = None


def plan(session: Session, q: ParsedQuery, budget: int, *, phrases: bool = True) -> Match | None:
    """The MATCH for ``q`` within ``budget`` scored rows (see the module docstring); None when
    there is nothing to search for."""
    kept = within_budget(session, q, budget)
    if kept is not None:
        expr = fts_expression(kept, phrases=phrases)
        return Match(expr) if expr is not None else None
    # every term is frequent: the rarest (the largest IDF) alone, its first matches at most
    cap = FALLBACK_SCALE * budget
    df = {t: _matches(session, quote(t), cap + 1) for t in q.terms}
    rarest = min(q.terms, key=lambda t: df[t])
    expr = fts_expression(_keeping(q, {rarest}), phrases=phrases)
    assert expr is not None  # one term at least
    return Match(expr, cap=cap if df[rarest] > cap else None)


def within_budget(session: Session, q: ParsedQuery, budget: int) -> ParsedQuery | None:
    """``q`` with its most frequent terms left out when all of them together would make bm25
    score more than ``budget`` rows; ``q`` itself when they fit; None when every term alone
    matches more than ``budget`` chunks (``plan`` decides what is scored then)."""
    df = {t: _matches(session, quote(t), budget + 1) for t in q.terms}
    if sum(df.values()) <= budget:
        return q
    kept: list[str] = []
    total = 0
    for t in sorted(q.terms, key=lambda t: df[t]):
        if total + df[t] > budget:
            break
        kept.append(t)
        total += df[t]
    return _keeping(q, set(kept)) if kept else None


def _keeping(q: ParsedQuery, kept: set[str]) -> ParsedQuery:
    """``q`` with the terms in ``kept`` and the phrases that have one of them."""
    return ParsedQuery(
        text=q.text,
        terms=tuple(t for t in q.terms if t in kept),
        phrases=tuple((a, b) for a, b in q.phrases if a in kept or b in kept),
    )


def _matches(session: Session, expr: str, cap: int) -> int:
    """Chunks matching the MATCH expression ``expr``, counted up to ``cap`` (reads postings;
    scores nothing)."""
    sql = text("SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH :t LIMIT :cap)")
    return int(session.execute(sql, {"t": expr, "cap": int(cap)}).scalar_one())


def highlighted(
    session: Session, q: ParsedQuery, chunk_ids: Sequence[int], open_: str, close: str
) -> dict[int, str]:
    """Chunk text with every matched (stemmed) query token wrapped in ``open_``/``close``,
    for the given chunks that match at all."""
    expr = fts_expression(q, phrases=False)
    if expr is None or not chunk_ids:
        return {}
    params = {"q": expr, "a": open_, "b": close, "ids": [int(c) for c in chunk_ids]}
    sql = text(
        "SELECT rowid, highlight(chunks_fts, 0, :a, :b) FROM chunks_fts "
        "WHERE chunks_fts MATCH :q AND rowid IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    return {int(r[0]): r[1] for r in session.execute(sql, params).all()}
