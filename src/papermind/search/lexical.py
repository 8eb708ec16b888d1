"""Lexical retrieval: FTS5 bm25 (porter stemming) over the chunk text and its section title."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from papermind.search.query import ParsedQuery, fts_expression

# bm25 column weights: (text, section). A query term in the section title counts extra.
TEXT_WEIGHT = 1.0
SECTION_WEIGHT = 1.5


def search(
    session: Session,
    q: ParsedQuery,
    n: int = 100,
    paper_ids: Sequence[int] | None = None,
    *,
    phrases: bool = True,
    section_weight: float = SECTION_WEIGHT,
) -> list[tuple[int, float]]:
    """[(chunk_id, score)] best first; score = -bm25 (higher is better). Never raises on any
    query text: the MATCH expression is built from quoted terms only."""
    expr = fts_expression(q, phrases=phrases)
    if expr is None or n <= 0:
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
