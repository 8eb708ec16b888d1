"""Dense retrieval: inner product over L2-normalised MiniLM vectors in FAISS.

The index comes from ``VectorIndex.get()`` (``papermind.index.vector_index``): exact
``IndexFlatIP`` for small stores, an SQ8 scan with exact re-ranking above
``papermind.index.vectors.APPROX_THRESHOLD``; ids are chunk ids. A paper filter is applied inside FAISS with an id selector (flat, HNSW), or for the refined
SQ8 index by scoring the allowed ids' stored full vectors exactly; either way a filtered search
still returns ``n`` results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import faiss
    import numpy as np


def search(
    index: faiss.Index, qvec: np.ndarray, n: int = 100, allowed_ids: Sequence[int] | None = None
) -> list[tuple[int, float]]:
    """[(chunk_id, cosine)] best first."""
    import faiss
    import numpy as np

    if index.ntotal == 0 or n <= 0:
        return []
    q = np.ascontiguousarray(qvec.reshape(1, -1), dtype=np.float32)
    n = min(int(n), index.ntotal)
    if allowed_ids is None:
        scores, ids = index.search(q, n)
    else:
        if len(allowed_ids) == 0:
            return []
        arr = np.asarray(allowed_ids, dtype=np.int64)
        inner = faiss.downcast_index(index.index) if hasattr(index, "index") else index
        if isinstance(inner, faiss.IndexRefine):  # so index is the IndexIDMap2 around it
            return _exact_subset(cast("faiss.IndexIDMap2", index), inner, q[0], arr, n)
        sel = faiss.IDSelectorBatch(arr)
        # faiss's bundled stubs lack SearchParametersHNSW and the SWIG keyword constructors
        params = (
            faiss.SearchParametersHNSW(sel=sel, efSearch=max(inner.hnsw.efSearch, n))  # type: ignore[attr-defined]
            if isinstance(inner, faiss.IndexHNSW)
            else faiss.SearchParameters(sel=sel)  # type: ignore[call-arg]
        )
        scores, ids = index.search(q, min(n, len(arr)), params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


def _exact_subset(
    index: faiss.IndexIDMap2, refine: faiss.IndexRefine, q: np.ndarray, allowed: np.ndarray, n: int
) -> list[tuple[int, float]]:
    """Score only the allowed ids, exactly, from the refine stage's full vectors."""
    import faiss
    import numpy as np

    id_map = faiss.vector_to_array(index.id_map)
    pos = np.flatnonzero(np.isin(id_map, allowed))
    if len(pos) == 0:
        return []
    vecs = faiss.downcast_index(refine.refine_index).reconstruct_batch(pos)
    scores = vecs @ q
    top = np.argsort(-scores)[:n]
    return [(int(id_map[pos[i]]), float(scores[i])) for i in top]


def with_sentences(
    found: Sequence[tuple[int, float]], best_sentence: Mapping[int, float], mix: float
) -> list[tuple[int, float]]:
    """Dense candidates re-scored as ``(1 - mix) x chunk cosine + mix x best sentence cosine``,
    best first. A chunk vector averages ~200 word pieces, so the one sentence that answers is
    diluted by the rest; its own cosine says how well the chunk answers at its best, the chunk's
    how much of it is on topic. A chunk without sentence vectors keeps its chunk cosine."""
    mixed = [(c, (1.0 - mix) * v + mix * best_sentence.get(c, v)) for c, v in found]
    return sorted(mixed, key=lambda x: -x[1])


def exact_search(vectors: np.ndarray, ids: np.ndarray, qvecs: np.ndarray, k: int) -> np.ndarray:
    """Brute-force top-k ids for each query (the reference for recall checks)."""
    import numpy as np

    sims = qvecs @ vectors.T
    k = min(k, vectors.shape[0])
    part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    order = np.take_along_axis(sims, part, axis=1).argsort(axis=1)[:, ::-1]
    return ids[np.take_along_axis(part, order, axis=1)]


def recall_at_k(
    index: faiss.Index, vectors: np.ndarray, ids: np.ndarray, qvecs: np.ndarray, k: int = 10
) -> float:
    """Mean fraction of the exact top-k found by ``index`` (1.0 for an exact index)."""
    import numpy as np

    truth = exact_search(vectors, ids, qvecs, k)
    _, got = index.search(np.ascontiguousarray(qvecs, dtype=np.float32), k)
    hits = sum(len(set(t.tolist()) & set(g.tolist())) for t, g in zip(truth, got))
    return hits / float(truth.size)
