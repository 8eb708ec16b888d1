"""Candidate terms: junk is rejected (names, labels, boilerplate, generic phrases), real terms
are kept and ranked by salience."""

from __future__ import annotations

import re

from papermind.concepts.extract import ChunkText, candidates_in, collect, score_terms


def _keys(text: str, names: frozenset[str] = frozenset()) -> set[str]:
    return {c[2].lower() for c in candidates_in(text, set(names))}


def test_generic_and_boilerplate_phrases_are_not_candidates():
    text = ("In this paper, we show state-of-the-art results (Kwon et al., 2023) in Figure 3 "
            "and Table 2, e.g. our approach, as shown in Section 4.2 of the experimental "
            "results; see https://github.com/x/y.")
    keys = _keys(text, frozenset({"kwon"}))
    # single ordinary words ("experimental") are candidates but never survive scoring
    terms = collect([_chunk(i, text) for i in range(4)], {}, {"kwon"})
    keys |= {t.key for t in score_terms(terms, {}, 3, {})}
    keys -= {"experimental"}
    for junk in ("in this paper", "et al", "figure 3", "table 2", "section 4.2",
                 "our approach", "state of the art", "experimental results", "kwon",
                 "github", "e.g"):
        assert not any(junk in k for k in keys), (junk, keys)


def test_names_and_adverbs_are_dropped_but_terms_kept():
    text = "Woosuk Kwon built the block table. The KV cache grows dynamically in memory."
    keys = _keys(text, frozenset({"woosuk", "kwon"}))
    assert "block table" in keys and "kv cache" in keys
    assert not any("kwon" in k or "woosuk" in k or "dynamically" in k for k in keys)


def test_math_symbols_and_sizes_are_not_terms():
    keys = _keys("the block size Br and length 64K with d2 heads")
    assert not any(re.search(r"\bbr\b|64k|\bd2\b", k) for k in keys)


def _chunk(i: int, text: str, kind: str = "body") -> ChunkText:
    return ChunkText(i, "p", text, 1, 1, len(text), kind, i)


def test_salience_prefers_specific_repeated_terms():
    chunks = [
        _chunk(1, "The block table maps logical blocks. We measure the latency.", "abstract"),
        _chunk(2, "Each block table entry points to physical blocks. The latency is low."),
        _chunk(3, "A block table is kept per request. The latency of GPU memory is high."),
        _chunk(4, "Physical blocks hold the cache. GPU memory holds physical blocks."),
    ]
    terms = collect(chunks, {}, set(), "Block Tables for Serving")
    other_papers = {"latency": 5.0, "gpu memory": 5.0}  # used by every other paper
    ranked = [t.key for t in score_terms(terms, other_papers, 6, {"latency": 2})]
    assert ranked[0] == "block table"
    assert ranked.index("physical block") < ranked.index("gpu memory")
    assert "latency" not in ranked[:2]
