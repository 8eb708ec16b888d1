"""Dense retrieval: inner product over L2-normalised MiniLM vectors in FAISS.

The index comes from ``pm.library.vector_index()`` (exact ``IndexFlatIP`` for small stores,
HNSW above ``papermind.index.vectors.HNSW_THRESHOLD``; ids are chunk ids). A paper filter is
applied inside FAISS with an id selector, so a filtered search still returns ``n`` results.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

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
        sel = faiss.IDSelectorBatch(arr)
        inner = faiss.downcast_index(index.index) if hasattr(index, "index") else index
        params = (
            faiss.SearchParametersHNSW(sel=sel, efSearch=max(inner.hnsw.efSearch, n))
            if isinstance(inner, faiss.IndexHNSW)
            else faiss.SearchParameters(sel=sel)
        )
        scores, ids = index.search(q, min(n, len(arr)), params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


def exact_search(vectors: np.ndarray, ids: np.ndarray, qvecs: np.ndarray, k: int) -> np.ndarray:
    """Brute-force top-k ids for each query (the reference for recall checks)."""
    import numpy as np

    sims = qvecs @ vectors.T
    k = min(k, vectors.shape[0])
    part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    order = np.take_along_axis(sims, part, axis=1).argsort(axis=1)[:, ::-1]
    return ids[np.take_along_axis(part, order, axis=1)]


def recall_at_k(index: faiss.Index, vectors: np.ndarray, ids: np.ndarray, qvecs: np.ndarray, k: int = 10) -> float:
    """Mean fraction of the exact top-k found by ``index`` (1.0 for an exact index)."""
    import numpy as np

    truth = exact_search(vectors, ids, qvecs, k)
    _, got = index.search(np.ascontiguousarray(qvecs, dtype=np.float32), k)
    hits = sum(len(set(t.tolist()) & set(g.tolist())) for t, g in zip(truth, got))
    return hits / float(truth.size)
