"""The search modes and tuning knobs (defaults tuned on the dev set; see docs/search.md)."""

from __future__ import annotations

from dataclasses import dataclass

from papermind.search import fuse, lexical

MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class SearchParams:
    """The tuning knobs (defaults tuned on the dev set; see docs/search.md)."""

    candidates: int = 50  # per retriever, before fusion
    rrf_k: float = fuse.RRF_K
    dense_weight: float = fuse.DENSE_WEIGHT
    lexical_weight: float = fuse.LEXICAL_WEIGHT
    references_factor: float = fuse.REFERENCES_FACTOR
    page_extra: float = fuse.PAGE_EXTRA
    phrases: bool = True
    section_weight: float = lexical.SECTION_WEIGHT
    fusion: str = fuse.FUSION  # "rrf" | "convex" (min-max scores) | "zscore" (standardised scores)
    paper_weight: float = fuse.PAPER_WEIGHT  # boost by the paper's share of the evidence
    sentence_weight: float = fuse.SENTENCE_WEIGHT  # RRF weight of the candidates' best-sentence ranking
    sentence_mix: float = fuse.SENTENCE_MIX  # best sentence's share of a dense candidate's score
    feedback_docs: int = fuse.FEEDBACK_DOCS  # pseudo-relevance feedback from the first pass's top chunks
    feedback_beta: float = fuse.FEEDBACK_BETA  # dense: q + beta * mean(feedback vectors)
    feedback_terms: int = fuse.FEEDBACK_TERMS  # bm25: words added from the feedback chunks
    neighbour_weight: float = fuse.NEIGHBOUR_WEIGHT  # share of the better adjacent chunk's score added
    snippet_by_vector: bool = True  # snippet sentence chosen by its vector's cosine to the query
    score_budget: int = lexical.SCORE_BUDGET  # rows bm25 may score per query (frequent terms left out)
