"""pm.search on the seven real papers (skipped when ../shared/papers is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

DEV = Path(__file__).parents[2] / "benchmarks" / "data" / "retrieval_dev.toml"


def test_online_softmax_finds_flashattention(real_store):
    # FlashAttention never says "online softmax" (it says softmax decomposition/scaling), and the
    # Transformer's "3.4 Embeddings and Softmax" competes for rank 1; a gold page must be in the top 3.
    hits = real_store.search.search("online softmax", k=5)
    assert any(
        h.paper_key == "flashattention" and {2, 4, 5} & set(range(h.page, h.page_end + 1)) for h in hits[:3]
    )
    assert sum(h.paper_key == "flashattention" for h in hits) >= 3


def test_kv_cache_fragmentation_finds_pagedattention_early_pages(real_store):
    hits = real_store.search.search("why is the KV cache fragmented", k=5)
    assert hits[0].paper_key == "pagedattention"
    assert any(h.paper_key == "pagedattention" and h.page <= 4 and h.page_end >= 2 for h in hits[:3])


def test_paper_and_week_filters(real_store):
    hits = real_store.search.search("memory", k=10, paper="zero-infinity")
    assert hits and {h.paper_key for h in hits} == {"zero-infinity"}
    syl = real_store.schedule.load()
    week = syl.week_of_paper("pagedattention")
    keys = set(syl.papers_for_week(week, include_discussed=True))
    hits = real_store.search.search("memory", k=10, week=week)
    assert hits and {h.paper_key for h in hits} <= keys


def test_see_also_comes_from_other_papers(real_store):
    src = real_store.search.search("block table", k=1, paper="pagedattention")[0]
    also = real_store.search.more_like_this(src.chunk_id, k=5)
    assert also and all(h.paper_key != "pagedattention" for h in also)


def test_hybrid_quality_floor_on_dev_set(real_store):
    from papermind.search.evaluate import evaluate, load_queries

    report = evaluate(real_store.search.search, load_queries(DEV), "hybrid", 5, latency=False)
    assert report.hit_page >= 0.9, [r.text for r in report.results if r.rank is None]
