"""Retrieval evaluation: hit@k (paper, page), MRR and nDCG@k by page, warm query latency.

A query file is TOML with ``[[query]]`` tables: ``text``, ``paper`` (key) and ``pages`` (the
1-based PDF pages that answer it). A returned hit matches a gold page when its page span
``[page, page_end]`` includes that page (and its paper is the gold paper).

- hit@k (paper): some hit in the top k is from the gold paper.
- hit@k (page): some hit in the top k matches a gold page.
- MRR (page): mean of 1/rank of the first page-matching hit in the top k (0 if none), i.e. MRR@k.
- nDCG@k: binary relevance; a hit is relevant when it matches a gold page not already credited
  to a higher hit; ideal DCG = min(k, #gold pages) relevant hits at the top.
- latency: one warm-up query, then every query timed end to end through ``pm.search.search``
  with the query-embedding cache cleared first (so each query really runs the model).
"""

from __future__ import annotations

import math
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papermind.errors import ConfigError


@dataclass(frozen=True)
class EvalQuery:
    text: str
    paper: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class QueryResult:
    text: str
    paper: str
    pages: tuple[int, ...]
    rank: int | None  # 1-based rank of the first page match in the top k
    paper_hit: bool
    ndcg: float
    top: list[str]  # "key:page" of the returned hits


@dataclass(frozen=True)
class ModeReport:
    mode: str
    k: int
    queries: int
    hit_paper: float
    hit_page: float
    mrr: float
    ndcg: float
    p50_ms: float | None
    p95_ms: float | None
    results: list[QueryResult] = field(default_factory=list)


def load_queries(path: str | Path) -> list[EvalQuery]:
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(
            f"cannot read {p}: {exc.strerror}", "give the path of a retrieval .toml file"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p} is not valid TOML: {exc}", "see benchmarks/data/retrieval_dev.toml") from exc
    out = []
    for i, q in enumerate(data.get("query", []), 1):
        try:
            out.append(EvalQuery(str(q["text"]), str(q["paper"]), tuple(int(x) for x in q["pages"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"{p}: query {i} needs text, paper and pages", "see benchmarks/data/retrieval_dev.toml"
            ) from exc
    if not out:
        raise ConfigError(f"{p} has no [[query]] entries", "see benchmarks/data/retrieval_dev.toml")
    return out


def score_hits(q: EvalQuery, hits: Sequence[Any], k: int) -> QueryResult:
    """Metrics for one query from hits with paper_key, page, page_end (best first)."""
    gold = set(q.pages)
    credited: set[int] = set()
    rank = None
    dcg = 0.0
    paper_hit = False
    for i, h in enumerate(hits[:k], 1):
        if h.paper_key != q.paper:
            continue
        paper_hit = True
        span = set(range(h.page, h.page_end + 1)) & gold
        if span and rank is None:
            rank = i
        new = span - credited
        if new:
            credited.add(min(new))
            dcg += 1.0 / math.log2(i + 1)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(k, len(gold)) + 1))
    top = [f"{h.paper_key}:{h.page}" + (f"-{h.page_end}" if h.page_end != h.page else "") for h in hits[:k]]
    return QueryResult(q.text, q.paper, q.pages, rank, paper_hit, dcg / ideal if ideal else 0.0, top)


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    i = min(len(xs) - 1, max(0, math.ceil(p / 100.0 * len(xs)) - 1))
    return xs[i]


def evaluate(
    search: Callable[..., Sequence[Any]],
    queries: Sequence[EvalQuery],
    mode: str = "hybrid",
    k: int = 5,
    *,
    latency: bool = True,
) -> ModeReport:
    """``search(text, k=, mode=)`` is normally ``pm.search.search``."""
    from papermind.embed import _embed_query_cached

    times: list[float] = []
    results = []
    if latency:
        search("warm-up query about attention memory", k=k, mode=mode)
        _embed_query_cached.cache_clear()
    for q in queries:
        t0 = time.perf_counter()
        hits = search(q.text, k=k, mode=mode)
        times.append(time.perf_counter() - t0)
        results.append(score_hits(q, hits, k))
    n = len(results)
    return ModeReport(
        mode=mode,
        k=k,
        queries=n,
        hit_paper=sum(r.paper_hit for r in results) / n,
        hit_page=sum(r.rank is not None for r in results) / n,
        mrr=sum(1.0 / r.rank for r in results if r.rank) / n,
        ndcg=sum(r.ndcg for r in results) / n,
        p50_ms=_pct(times, 50) * 1000 if latency else None,
        p95_ms=_pct(times, 95) * 1000 if latency else None,
        results=results,
    )
