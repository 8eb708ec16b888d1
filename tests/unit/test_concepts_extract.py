"""Candidate terms: junk is rejected (names, labels, boilerplate, generic phrases), real terms
are kept and ranked by salience."""

from __future__ import annotations

import re

from papermind.concepts.candidates import candidates_in
from papermind.concepts.collect import collect
from papermind.concepts.rank import score_terms
from papermind.concepts.terms import ChunkText


def _keys(text: str, names: frozenset[str] = frozenset()) -> set[str]:
    return {c[2].lower() for c in candidates_in(text, set(names))}


def test_generic_and_boilerplate_phrases_are_not_candidates():
    text = (
        "In this paper, we show state-of-the-art results (Kwon et al., 2023) in Figure 3 "
        "and Table 2, e.g. our approach, as shown in Section 4.2 of the experimental "
        "results; see https://github.com/x/y."
    )
    keys = _keys(text, frozenset({"kwon"}))
    # single ordinary words ("experimental") are candidates but never survive scoring
    terms = collect([_chunk(i, text) for i in range(4)], {}, {"kwon"})
    keys |= {t.key for t in score_terms(terms, {}, 3, {})}
    keys -= {"experimental"}
    for junk in (
        "in this paper",
        "et al",
        "figure 3",
        "table 2",
        "section 4.2",
        "our approach",
        "state of the art",
        "experimental results",
        "kwon",
        "github",
        "e.g",
    ):
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


def test_number_compounds_are_not_terms():
    keys = _keys("a 1 trillion parameter model and a 175B parameter model on GPUs")
    assert "parameter model" not in keys and "parameter" not in keys


def test_serving_and_service_fold_into_one_term():
    from papermind.concepts.rank import merge_variants

    chunks = [
        _chunk(i, t)
        for i, t in enumerate(
            [
                "LLM serving is costly. NVMe offload is slow.",
                "An LLM service handles requests. NVMe offloading helps.",
                "LLM serving systems batch requests. NVMe offload again.",
            ]
        )
    ]
    terms = merge_variants(collect(chunks, {}, set()))
    assert "llm service" not in terms and terms["llm serving"].weighted >= 2
    assert "nvme offloading" not in terms and "NVMe offloading" in terms["nvme offload"].surfaces


def test_experiment_only_terms_rank_below_method_terms():
    method = [
        _chunk(i, t)
        for i, t in enumerate(
            [
                "Copy-on-write shares blocks.",
                "We use copy-on-write here.",
                "With copy-on-write, a block is copied when written.",
            ]
        )
    ]
    evals = [
        ChunkText(
            10 + i,
            "p",
            "On Path-X Path-X accuracy rises; Path-X is hard.",
            1,
            1,
            40,
            "body",
            10 + i,
            "Results",
            evaluation=True,
        )
        for i in range(3)
    ]
    ranked = [t.key for t in score_terms(collect(method + evals, {}, set()), {}, 4, {})]
    assert ranked.index("copy on write") < ranked.index("path x")


def test_nominalisation_counts_its_verb_forms_and_heading_parts():
    chunks = [
        ChunkText(
            1,
            "p",
            "4.5 Scheduling and Preemption When memory is full, vLLM must preempt requests.",
            1,
            1,
            80,
            "body",
            1,
            "Scheduling and Preemption",
        )
    ]
    chunks += [
        _chunk(i, "The latest requests are preempted first; preempted sequences wait.") for i in range(2, 5)
    ]
    t = collect(chunks, {}, set())["preemption"]
    assert t.family >= 4 and t.in_heading and not t.is_heading  # one mention: no whole boost


def test_contrasted_pairs_are_boosted():
    texts = [
        "Internal fragmentation and external fragmentation waste memory.",
        "The internal fragmentation grows with the block; external fragmentation does not.",
        "Memory fragmentation and request latency matter.",
        "Request latency is measured; memory fragmentation too.",
    ]
    terms = collect([_chunk(i, t) for i, t in enumerate(texts)], {}, set())
    ranked = {t.key: t.score for t in score_terms(terms, {}, 4, {})}
    # "memory fragmentation" has no lower-case partner discussed with it
    assert ranked["internal fragmentation"] > ranked["memory fragmentation"]
    assert ranked["internal fragmentation"] == ranked["external fragmentation"]


def test_algorithm_variables_roman_numerals_and_cut_decimals_are_not_terms():
    keys = _keys("Load RBr and KTc blocks, as in Section III; OPT-6.7B and vLLM use LLMs and NVMe")
    assert not any(re.search(r"\b(rbr|ktc|iii|opt-6)\b", k) for k in keys), keys
    assert {"vllm", "llms", "nvme"} <= keys


def test_numbered_versions_fold_into_the_term():
    from papermind.concepts.rank import merge_variants

    chunks = [
        _chunk(i, t)
        for i, t in enumerate(
            [
                "ZeRO partitions states. ZeRO-3 partitions parameters.",
                "ZeRO-3 is the third stage of ZeRO. GPT-2 and GPT-3 differ.",
                "ZeRO-1 partitions optimizer states. GPT-3 is large. GPT-2 is small.",
            ]
        )
    ]
    terms = merge_variants(collect(chunks, {}, set()))
    assert "zero 3" not in terms and "ZeRO-3" in terms["zero"].surfaces
    assert "gpt 2" in terms and "gpt 3" in terms  # no base term: versions stay apart


def test_generic_field_phrases_are_dropped():
    chunks = [
        _chunk(
            i,
            "Data scientists train deep learning models with block tables at the "
            "token level to maximize system throughput.",
        )
        for i in range(4)
    ]
    ranked = {t.key for t in score_terms(collect(chunks, {}, set()), {}, 3, {})}
    assert "data scientist" not in ranked and "deep learning" not in ranked
    assert "token level" not in ranked and not any(k.startswith("maximize") for k in ranked)
    assert "block table" in ranked


def test_a_section_named_after_a_term_softens_other_papers_use():
    text = "We use recomputation. The backward pass needs recomputation, as recomputation saves memory."
    chunks = [
        ChunkText(i, "p", text, 1, 1, len(text), "body", i, "Tiling and Recomputation") for i in range(4)
    ]
    plain = [ChunkText(i, "p", text, 1, 1, len(text), "body", i, "Method") for i in range(4)]
    others = {"recomputation": 3.0}
    with_heading = {
        t.key: t.score for t in score_terms(collect(chunks, {}, set()), others, 6, {"recomputation": 3})
    }
    without = {
        t.key: t.score for t in score_terms(collect(plain, {}, set()), others, 6, {"recomputation": 3})
    }
    assert with_heading["recomputation"] > 3 * without.get("recomputation", 0.0)


def test_colon_list_items_are_headings_and_hyphenated_pairs_contrast():
    from papermind.concepts.rank import _contrast

    texts = [
        "Operations are compute-bound or memory-bound. 2. Memory-bound: the time taken "
        "is set by memory accesses.",
        "Softmax is memory-bound, matmul is compute-bound.",
        "Most sub-layers are memory-bound; a few are compute-bound. Each sub-layer "
        "feeds identical layers, and identical layers stack.",
    ]
    chunks = [_chunk(i, t) for i, t in enumerate(texts * 2)]
    terms = collect(chunks, {}, set())
    assert terms["memory bound"].in_heading and not terms["compute bound"].in_heading
    kept = [terms[k] for k in ("memory bound", "compute bound", "sub layer", "identical layer")]
    for t in kept:
        t.score = 1.0
    _contrast(kept)
    assert terms["memory bound"].score > 1.0 and terms["compute bound"].score > 1.0
    assert terms["sub layer"].score == 1.0  # "sub-" is a prefix, not a contrasted modifier


def test_terms_named_as_a_mechanism_rank_higher():
    texts = [
        "vLLM implements a copy-on-write mechanism for blocks. The beam width grows.",
        "The copy-on-write mechanism is applied when a block changes. The beam width is 4.",
        "We share blocks with copy-on-write. A beam width of 6 is used.",
    ]
    terms = collect([_chunk(i, t) for i, t in enumerate(texts)], {}, set())
    assert terms["copy on write"].named == 2 and terms["beam width"].named == 0
    named = {t.key: t.score for t in score_terms(terms, {}, 4, {})}["copy on write"]
    terms["copy on write"].named = 0
    plain = {t.key: t.score for t in score_terms(terms, {}, 4, {})}["copy on write"]
    assert named > 1.5 * plain


def test_a_sentence_opening_with_a_gerund_and_its_object_is_no_term():
    keys = _keys("Attention helps. Learning long-range dependencies is hard. Batching requests helps.")
    assert "long-range dependencies" in keys
    assert not any(k.startswith(("learning ", "batching ")) for k in keys), keys
    # mid-sentence, a gerund modifier is part of the term
    assert "learning rate" in _keys("We tune the learning rate.")
