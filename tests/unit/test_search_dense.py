"""The approximate indexes against exact search on synthetic vectors, and filtered search."""

from __future__ import annotations

import numpy as np

from papermind.index import vectors
from papermind.search import dense


def _unit(rng, n, d=64):
    x = rng.standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_sq8_refine_recall_on_random_vectors():
    """The index used above the threshold keeps recall on the hardest case: random vectors."""
    rng = np.random.default_rng(3)
    data = _unit(rng, 20000)
    ids = np.arange(len(data), dtype=np.int64) + 5
    queries = _unit(rng, 50)
    sq8 = vectors.build(ids, data, "sq8")
    assert dense.recall_at_k(sq8, data, ids, queries, 10) >= 0.95
    got = [c for c, _ in dense.search(sq8, queries[0], 10)]
    truth = dense.exact_search(data, ids, queries[:1], 10)[0].tolist()
    assert len(got) == 10 and len(set(got) & set(truth)) >= 9


def test_hnsw_recall_against_exact():
    rng = np.random.default_rng(0)
    # Clustered data (like real embeddings): 40 centres, points scattered around them.
    centres = _unit(rng, 40)
    data = centres[rng.integers(0, 40, 6000)] + 0.35 * _unit(rng, 6000)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    data = data.astype(np.float32)
    ids = np.arange(1000, 1000 + len(data), dtype=np.int64)
    queries = data[rng.integers(0, len(data), 100)] + 0.1 * _unit(rng, 100)
    queries = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)

    approx = vectors.build(ids, data, "hnsw")
    exact = vectors.build(ids, data, "flat")
    assert dense.recall_at_k(exact, data, ids, queries, 10) == 1.0
    assert dense.recall_at_k(approx, data, ids, queries, 10) >= 0.95
    sq8 = vectors.build(ids, data, "sq8")
    assert dense.recall_at_k(sq8, data, ids, queries, 10) >= 0.95
    # ids round-trip: results are chunk ids, not positions
    got = dense.search(approx, queries[0], 5)
    assert all(1000 <= cid < 1000 + len(data) for cid, _ in got)


def test_filtered_search_returns_only_allowed_ids_in_both_index_kinds():
    rng = np.random.default_rng(1)
    data = _unit(rng, 3000)
    ids = np.arange(len(data), dtype=np.int64) * 3 + 7
    allowed = ids[::10].tolist()
    for kind in ("flat", "hnsw", "sq8"):
        index = vectors.build(ids, data, kind)
        got = dense.search(index, data[5], 20, allowed)
        assert len(got) == 20 and set(c for c, _ in got) <= set(allowed)
        assert dense.search(index, data[5], 5, []) == []


def test_index_kind_switches_at_threshold():
    assert vectors.index_kind(vectors.APPROX_THRESHOLD - 1) == "flat"
    assert vectors.index_kind(vectors.APPROX_THRESHOLD) == "sq8"


def test_with_sentences_lets_a_chunk_with_one_answering_sentence_overtake_a_diluted_match():
    found = [(1, 0.60), (2, 0.50), (3, 0.40)]  # chunk cosines, best first
    best = {1: 0.55, 2: 0.90}  # chunk 2 holds one sentence close to the query; 3 has no sentence rows
    got = dense.with_sentences(found, best, 0.5)
    assert [c for c, _ in got] == [2, 1, 3]
    assert dict(got) == {1: 0.575, 2: 0.70, 3: 0.40}  # 3 keeps its chunk cosine
    # mix 0 is the chunk cosines alone, in their order
    assert dense.with_sentences(found, best, 0.0) == found


def test_a_small_index_searches_on_one_thread_a_large_one_on_all(monkeypatch):
    # OpenMP's thread team spin-waits on a loaded machine: one query over a small flat index took
    # ~8 ms at p95 with two threads against 0.1 ms with one.
    import faiss

    before = faiss.omp_get_max_threads()
    try:
        small = vectors.build(np.arange(100, dtype=np.int64), _unit(np.random.default_rng(1), 100), "flat")
        vectors.set_search_threads(small)
        assert faiss.omp_get_max_threads() == 1

        class Large:
            ntotal = vectors.APPROX_THRESHOLD

        monkeypatch.setattr(vectors.os, "cpu_count", lambda: 3)
        vectors.set_search_threads(Large())  # type: ignore[arg-type]
        assert faiss.omp_get_max_threads() == 3
    finally:
        faiss.omp_set_num_threads(before)
