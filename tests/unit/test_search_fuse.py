"""Fusion, page merging, snippets and metrics: pure functions."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import pytest

from papermind.search import fuse, snippets
from papermind.search.evaluate import EvalQuery, score_hits


def test_rrf_rewards_agreement():
    s = fuse.rrf([[1, 2, 3], [3, 1, 4]], k=10)
    assert max(s, key=s.get) == 1 and s[3] > s[2] and 4 in s


def test_convex_normalises_each_list():
    s = fuse.convex([[(1, 0.9), (2, 0.1)], [(2, 30.0), (3, 10.0)]], [1.0, 1.0])
    assert s == {1: 1.0, 2: 1.0, 3: 0.0}


def test_zscore_counts_a_standout_result_more_than_a_flat_list():
    # dense scores are flat (no confident winner); bm25's chunk 3 stands far above its others
    flat = [(1, 0.52), (2, 0.51), (3, 0.50), (4, 0.49)]
    sharp = [(3, 30.0), (1, 5.0), (5, 4.0), (6, 3.0)]
    s = fuse.zscore([flat, sharp], [1.0, 1.0])
    assert max(s, key=lambda c: s[c]) == 3  # RRF with equal weights would put chunk 1 first
    r = fuse.rrf([[c for c, _ in flat], [c for c, _ in sharp]], [1.0, 1.0], 10)
    assert max(r, key=lambda c: r[c]) == 1
    # a chunk missing from a list gets that list's lowest z-score, not 0
    z_sharp_min = (3.0 - 10.5) / statistics.pstdev([30.0, 5.0, 4.0, 3.0])
    z_flat_2 = (0.51 - 0.505) / statistics.pstdev([0.52, 0.51, 0.50, 0.49])
    assert s[2] == pytest.approx(z_flat_2 + z_sharp_min)
    assert set(s) == {1, 2, 3, 4, 5, 6}


def test_merge_pages_keeps_one_hit_per_paper_page_with_best_score():
    scores = {10: 0.5, 11: 0.9, 12: 0.4, 20: 0.7}
    page_of = {10: (1, 3), 11: (1, 3), 12: (1, 4), 20: (2, 3)}
    hits = fuse.merge_pages(scores, page_of, extra=0.0)
    assert [(h.paper_id, h.page, h.chunk_id) for h in hits] == [(1, 3, 11), (2, 3, 20), (1, 4, 12)]
    assert hits[0].score == 0.9 and hits[0].chunk_ids == (11, 10)
    boosted = fuse.merge_pages(scores, page_of, extra=0.5)
    assert boosted[0].score == 0.9 + 0.25


def test_snippet_picks_the_sentence_with_most_query_terms_and_marks_them():
    marked = (
        "Serving needs memory. Attention is slow. "
        "We map logical \x02blocks\x03 to physical \x02blocks\x03 with a \x02block\x03 \x02table\x03 per request. "
        "The end."
    )
    text, ranges = snippets.parse_marked(marked)
    assert "\x02" not in text and len(ranges) == 4
    snip, hl = snippets.make_snippet(text, ranges)
    assert "block table" in snip
    assert [snip[a:b] for a, b in hl] == ["blocks", "blocks", "block", "table"]


def test_long_sentence_is_trimmed_around_the_match():
    text = "word " * 200 + "needle " + "word " * 200
    start = text.index("needle")
    snip, hl = snippets.make_snippet(text.strip(), [(start, start + 6)])
    assert len(snip) <= snippets.MAX_SNIPPET_CHARS + 2
    assert [snip[a:b] for a, b in hl] == ["needle"]


@dataclass
class _H:
    paper_key: str
    page: int
    page_end: int


def test_metrics_count_page_spans_and_first_rank():
    q = EvalQuery("q", "p", (4, 7))
    r = score_hits(q, [_H("x", 4, 4), _H("p", 2, 2), _H("p", 3, 4), _H("p", 7, 7)], k=5)
    assert r.paper_hit and r.rank == 3
    ideal = 1 + 1 / 1.584962500721156
    assert abs(r.ndcg - (1 / 2 + 1 / 2.321928094887362) / ideal) < 1e-9
    assert score_hits(q, [_H("p", 5, 6)], k=5).rank is None
