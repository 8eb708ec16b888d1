"""From candidate scores to ``Hit``s: references down-weighted, an optional per-paper prior, one
hit per paper+page (its best chunk), then the top k with their snippets and marked terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from papermind.search import chunks, fuse, lexical, snippets
from papermind.search.query import ParsedQuery

if TYPE_CHECKING:
    import numpy as np
    from sqlalchemy.orm import Session

    from papermind.search.sentences import SentenceVectors


@dataclass(frozen=True)
class Hit:
    chunk_id: int
    paper_key: str
    paper_title: str
    page: int  # 1-based first page of the chunk
    page_end: int
    section: str | None  # section label ("3.2 Block Table"), None before the first heading
    score: float
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # char ranges in snippet
    is_references: bool = False


def assemble(
    s: Session,
    q: ParsedQuery,
    scores: dict[int, float],
    k: int,
    *,
    references_factor: float,
    page_extra: float,
    paper_weight: float = 0.0,
    qvec: np.ndarray | None = None,
    sv: SentenceVectors | None = None,
) -> list[Hit]:
    """Candidate scores -> hits: references down-weighted, an optional per-paper prior, one hit
    per page (the best chunk), then the top k with their text and marked terms. With ``qvec``
    and ``sv`` the snippet is the sentence closest to the query vector."""
    rows = chunks.rows(s, list(scores))
    scores = {
        c: references_scaled(v, rows[c].is_references, references_factor)
        for c, v in scores.items()
        if c in rows
    }
    if paper_weight:
        scores = fuse.paper_prior(scores, {c: r.paper_id for c, r in rows.items()}, paper_weight)
    pages = fuse.merge_pages(scores, {c: (r.paper_id, r.page) for c, r in rows.items()}, page_extra)[:k]
    full = chunks.rows(s, [h.chunk_id for h in pages], with_text=True)
    # SQLite reads outside a write transaction are separate snapshots: a chunk replaced by a
    # concurrent ingest (--force, --replace) between the two reads is skipped, never a KeyError
    kept = [(full[h.chunk_id], h) for h in pages if h.chunk_id in full]
    best = [r for r, _ in kept]
    marked = lexical.highlighted(s, q, [r.id for r in best], snippets.OPEN, snippets.CLOSE)
    sims: dict[int, list[tuple[int, int, float]]] = {}
    if qvec is not None and sv is not None:
        sims = {r.id: sv.sentence_sims(qvec, r.id) for r in best}
    return [_hit(r, h.score, marked.get(r.id), sims.get(r.id)) for r, h in kept]


def references_scaled(score: float, is_refs: bool, factor: float) -> float:
    """A references-section chunk keeps ``factor`` of its score (a negative one is divided)."""
    if not is_refs:
        return score
    return score * factor if score > 0 else score / max(factor, 1e-6)


def _hit(
    r: chunks.ChunkRow, score: float, marked: str | None, sims: list[tuple[int, int, float]] | None = None
) -> Hit:
    if marked is not None:
        plain, ranges = snippets.parse_marked(marked)
        if plain != r.text:  # never trust markers that don't line up with the text
            plain, ranges = r.text, []
    else:
        plain, ranges = r.text, []
    snip, rel = snippets.make_snippet(plain, ranges, sims or None)
    return Hit(
        r.id,
        r.paper_key,
        r.paper_title,
        r.page,
        r.page_end,
        r.section,
        float(score),
        snip,
        rel,
        r.is_references,
    )
