"""Rank fusion and page aggregation (pure functions, no I/O)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Tuned on benchmarks/data/retrieval_dev.toml (both halves checked; see docs/search.md).
RRF_K = 10.0
DENSE_WEIGHT = 0.7
LEXICAL_WEIGHT = 1.0
REFERENCES_FACTOR = 0.3  # a references-section chunk keeps this share of its fused score
PAGE_EXTRA = 0.0
FUSION = "rrf"  # or "convex" (min-max scores) or "zscore" (standardised scores); see docs/search.md
PAPER_WEIGHT = 0.0  # share of the top score added x (paper's evidence / best paper's evidence)
PAPER_TOP = 5  # a paper's evidence: the sum of its best this-many chunk scores
SENTENCE_WEIGHT = 0.0  # RRF weight of the best-sentence (max-sim) ranking of the candidates
SENTENCE_MIX = 0.5  # dense score = (1 - mix) x chunk cosine + mix x best sentence cosine (equal, not tuned)
# pseudo-relevance feedback (dense only: added words drifted to other papers on the blind set)
FEEDBACK_DOCS = 3  # first-pass chunks (references left out) the second pass learns from
FEEDBACK_BETA = 0.5  # q' = q + 0.5 x mean of their vectors
FEEDBACK_TERMS = 0
NEIGHBOUR_WEIGHT = 0.0


def rrf(
    rankings: Sequence[Sequence[int]], weights: Sequence[float] | None = None, k: float = RRF_K
) -> dict[int, float]:
    """Weighted reciprocal-rank fusion: sum_m w_m / (k + rank_m), rank from 1."""
    weights = weights or [1.0] * len(rankings)
    out: dict[int, float] = {}
    for ranking, w in zip(rankings, weights):
        for r, cid in enumerate(ranking, start=1):
            out[cid] = out.get(cid, 0.0) + w / (k + r)
    return out


def normalised(scored: Sequence[tuple[int, float]]) -> dict[int, float]:
    """Min-max normalise scores into [0, 1] (1 = best). A single result scores 1."""
    if not scored:
        return {}
    vals = [s for _, s in scored]
    lo, hi = min(vals), max(vals)
    span = hi - lo
    return {cid: (1.0 if span <= 0 else (s - lo) / span) for cid, s in scored}


def convex(results: Sequence[Sequence[tuple[int, float]]], weights: Sequence[float]) -> dict[int, float]:
    """Weighted sum of min-max normalised scores (a result missing from a list scores 0 there)."""
    out: dict[int, float] = {}
    for scored, w in zip(results, weights):
        for cid, s in normalised(scored).items():
            out[cid] = out.get(cid, 0.0) + w * s
    return out


def zscore(results: Sequence[Sequence[tuple[int, float]]], weights: Sequence[float]) -> dict[int, float]:
    """Weighted sum of z-scores (each list's scores standardised by its own mean and spread; a
    result missing from a list gets that list's lowest z-score): a retriever whose best results
    stand far above its other candidates counts more for this query."""
    out: dict[int, float] = {}
    zs: list[dict[int, float]] = []
    for scored in results:
        vals = [s for _, s in scored]
        mean = sum(vals) / len(vals) if vals else 0.0
        sd = math.sqrt(sum((v - mean) ** 2 for v in vals) / len(vals)) if vals else 0.0
        zs.append({cid: (s - mean) / sd if sd > 0 else 0.0 for cid, s in scored})
    everyone = {cid for z in zs for cid in z}
    for z, w in zip(zs, weights):
        floor = min(z.values(), default=0.0)
        for cid in everyone:
            out[cid] = out.get(cid, 0.0) + w * z.get(cid, floor)
    return out


def paper_prior(
    scores: Mapping[int, float], paper_of: Mapping[int, int], weight: float, top: int = PAPER_TOP
) -> dict[int, float]:
    """Add ``weight x best score x (paper evidence / best paper evidence)`` to every chunk, where
    a paper's evidence is the sum of its ``top`` best chunk scores: when many passages of one
    paper match, its pages move up together (queries are usually about one paper)."""
    per: dict[int, list[float]] = {}
    for cid, s in scores.items():
        per.setdefault(paper_of.get(cid, -1), []).append(s)
    mass = {p: sum(sorted(v, reverse=True)[:top]) for p, v in per.items()}
    best_mass = max(mass.values(), default=0.0)
    best = max(scores.values(), default=0.0)
    if best_mass <= 0 or best <= 0:
        return dict(scores)
    return {c: s + weight * best * mass[paper_of.get(c, -1)] / best_mass for c, s in scores.items()}


def with_neighbours(
    scores: Mapping[int, float], neighbours: Mapping[int, Sequence[int]], weight: float
) -> dict[int, float]:
    """Add ``weight`` x the better adjacent chunk's score (0 when neither is a candidate): an
    answer that runs over a chunk boundary, or a passage whose context also matches, moves up."""
    return {
        c: s + weight * max((scores.get(n, 0.0) for n in neighbours.get(c, ())), default=0.0)
        for c, s in scores.items()
    }


@dataclass(frozen=True)
class PageHit:
    paper_id: int
    page: int
    chunk_id: int  # the best chunk of the page
    score: float
    chunk_ids: tuple[int, ...]  # every candidate chunk merged into this page, best first


def merge_pages(
    scores: Mapping[int, float], page_of: Mapping[int, tuple[int, int]], extra: float = PAGE_EXTRA
) -> list[PageHit]:
    """One hit per (paper, page): the best chunk's score plus ``extra`` x each other chunk's
    score on that page. ``page_of`` maps chunk id -> (paper_id, first page). Best first."""
    groups: dict[tuple[int, int], list[tuple[float, int]]] = {}
    for cid, s in scores.items():
        if cid in page_of:
            groups.setdefault(page_of[cid], []).append((s, cid))
    hits = []
    for (paper_id, page), items in groups.items():
        items.sort(key=lambda x: (-x[0], x[1]))
        score = items[0][0] + extra * sum(s for s, _ in items[1:])
        hits.append(PageHit(paper_id, page, items[0][1], score, tuple(c for _, c in items)))
    hits.sort(key=lambda h: (-h.score, h.paper_id, h.page))
    return hits


def ranked(scored: Iterable[tuple[int, float]]) -> list[int]:
    return [cid for cid, _ in sorted(scored, key=lambda x: -x[1])]
