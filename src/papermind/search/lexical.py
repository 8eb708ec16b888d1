"""Lexical retrieval: FTS5 bm25 (porter stemming) over the chunk text and its section title.

FTS5 scores every row that matches any OR-ed term, so a term found in most chunks makes a query
cost the whole corpus (1.8 s at 1M chunks, docs/search.md). A query therefore scores at most
``SCORE_BUDGET`` rows: each term's document frequency is counted up to the budget (reading at most
that many postings, no scoring), and when the terms together match more, the most frequent ones
are left out of the MATCH (the rarest kept while their matches fit; at least one). Phrases stay
when one of their words stays. A term matching more than ``SCORE_BUDGET`` chunks has an IDF of at
most log(N / budget), so what it would add is small beside the rarer terms; below ``SCORE_BUDGET``
chunks in the store nothing is ever left out, so small libraries rank exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from papermind.search.query import ParsedQuery, fts_expression, quote

# bm25 column weights: (text, section). A query term in the section title counts extra.
TEXT_WEIGHT = 1.0
SECTION_WEIGHT = 1.5
SCORE_BUDGET = 20_000  # rows one query may score; see the module docstring


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
    expr = fts_expression(within_budget(session, q, budget), phrases=phrases)
    if expr is None:
        return []
    params: dict[str, object] = {"q": expr, "n": int(n)}
    where = "chunks_fts MATCH :q"
    if paper_ids is not None:
        if not paper_ids:
            return []
        params["pids"] = [int(p) for p in paper_ids]
        where += " AND rowid IN (SELECT id FROM chunks WHERE paper_id IN :pids)"
    sql = text(
        f"SELECT rowid, bm25(chunks_fts, {float(TEXT_WEIGHT)}, {float(section_weight)}) AS r "
        f"FROM chunks_fts WHERE {where} ORDER BY r LIMIT :n"
    )
    if paper_ids is not None:
        sql = sql.bindparams(bindparam("pids", expanding=True))
    rows = session.execute(sql, params).all()
    return [(int(r[0]), -float(r[1])) for r in rows]


def within_budget(session: Session, q: ParsedQuery, budget: int) -> ParsedQuery:
    """``q`` with its most frequent terms left out when all of them together would make bm25
    score more than ``budget`` rows (see the module docstring); ``q`` itself when they fit."""
    df = {t: _matches(session, t, budget + 1) for t in q.terms}
    if sum(df.values()) <= budget:
        return q
    kept: list[str] = []
    total = 0
    for t in sorted(q.terms, key=lambda t: df[t]):
        if total + df[t] > budget:
            break
        kept.append(t)
        total += df[t]
    if not kept:  # every term is frequent: keep the rarest, counted further
        wide = {t: _matches(session, t, 10 * budget) for t in q.terms}
        kept = [min(q.terms, key=lambda t: wide[t])]
    return ParsedQuery(
        text=q.text,
        terms=tuple(t for t in q.terms if t in kept),
        phrases=tuple((a, b) for a, b in q.phrases if a in kept or b in kept),
    )


def _matches(session: Session, term: str, cap: int) -> int:
    """Chunks matching ``term``, counted up to ``cap`` (reads postings; scores nothing)."""
    sql = text("SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH :t LIMIT :cap)")
    return int(session.execute(sql, {"t": quote(term), "cap": int(cap)}).scalar_one())


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
