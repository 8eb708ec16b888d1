"""The FAISS vector index, a file beside the database, derived from the embeddings table.

A JSON sidecar records what it was built from: model, dimension, count, index type and the
store's ``corpus_version``. ``load_or_rebuild`` trusts the file only when every one of those
matches the database (and FAISS's own count agrees); otherwise it rebuilds from the store and
writes the file atomically (temp file + rename), so a crash never leaves a half-written index.

Index type is chosen by size: exact inner product (``IndexFlatIP``) below ``APPROX_THRESHOLD``
vectors; above it an approximate index, an 8-bit scalar-quantised scan whose top candidates are
re-ranked exactly (``IndexRefineFlat`` over ``IndexScalarQuantizer``). Both are wrapped in
``IndexIDMap2`` so FAISS ids are chunk row ids. Vectors are L2-normalised, so inner product is
cosine similarity.

Why not HNSW: measured here (benchmarks/bench_search_scale.py, docs/search.md), HNSW took minutes
to build at 100k on two cores and, on random vectors, needed efSearch ~1024 for recall 0.84; the
SQ8 scan with exact re-ranking reached recall@10 1.000 at 1M with p50 ~42 ms and a 2 s build.
``build(..., "hnsw")`` is kept for comparison in the benchmark.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from papermind.embed import DIM, MODEL_NAME
from papermind.store.meta import corpus_version
from papermind.store.models import Embedding

if TYPE_CHECKING:
    import faiss
    import numpy as np

APPROX_THRESHOLD = 100_000
SQ_TRAIN_SAMPLE = 200_000
REFINE_K_FACTOR = 8  # the SQ8 scan keeps 8*k candidates for the exact re-rank
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


@dataclass(frozen=True)
class IndexMeta:
    model: str
    dim: int
    count: int
    corpus_version: int
    kind: str  # "flat" | "sq8" (| "hnsw", benchmarks only)


def expected_meta(session: Session) -> IndexMeta:
    n = session.execute(select(func.count()).select_from(Embedding)).scalar_one()
    return IndexMeta(
        model=MODEL_NAME,
        dim=DIM,
        count=n,
        corpus_version=corpus_version(session),
        kind=index_kind(n),
    )


def index_kind(n: int) -> str:
    return "sq8" if n >= APPROX_THRESHOLD else "flat"


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def read_meta(path: Path) -> IndexMeta | None:
    try:
        data = json.loads(_meta_path(path).read_text())
        return IndexMeta(**data)
    except (OSError, ValueError, TypeError):
        return None


def is_current(path: Path, session: Session, want: IndexMeta | None = None) -> tuple[bool, str]:
    """Whether the file at ``path`` can be trusted; the reason when it can't. ``want`` is
    ``expected_meta(session)`` when the caller already has it (it counts the embeddings)."""
    if not path.exists():
        return False, "missing"
    meta = read_meta(path)
    if meta is None:
        return False, "no readable metadata"
    want = want or expected_meta(session)
    for field_name in ("model", "dim", "count", "corpus_version", "kind"):
        if getattr(meta, field_name) != getattr(want, field_name):
            return False, f"{field_name} {getattr(meta, field_name)!r} != {getattr(want, field_name)!r}"
    return True, "current"


def build(ids: np.ndarray, vectors: np.ndarray, kind: str | None = None) -> faiss.Index:
    import faiss

    kind = kind or index_kind(len(ids))
    dim = vectors.shape[1] if vectors.ndim == 2 and vectors.shape[0] else DIM
    inner: faiss.Index
    if kind == "sq8":
        base = faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
        if len(ids):
            base.train(vectors[:SQ_TRAIN_SAMPLE])
        inner = refine = faiss.IndexRefineFlat(base)
        refine.k_factor = REFINE_K_FACTOR
    elif kind == "hnsw":
        inner = hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        inner = faiss.IndexFlatIP(dim)
    index = faiss.IndexIDMap2(inner)
    if len(ids):
        index.add_with_ids(vectors, ids.astype("int64"))
    return index


def load_vectors(session: Session) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    rows = session.execute(select(Embedding.chunk_id, Embedding.vector).order_by(Embedding.chunk_id)).all()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    if not rows:
        return ids, np.zeros((0, DIM), dtype=np.float32)
    vecs = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)
    return ids, np.ascontiguousarray(vecs, dtype=np.float32)


def write(index: faiss.Index, path: Path, meta: IndexMeta) -> None:
    import faiss

    from papermind.errors import IndexError_

    meta_path = _meta_path(path)
    for target in (path, meta_path):
        if target.exists() and not target.is_file():
            raise IndexError_(
                f"{target} is a directory (or another non-file) where the FAISS index belongs",
                "move it away: the index is derived and is rebuilt from the store",
            )
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    meta_tmp = meta_path.with_name(meta_path.name + f".tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        faiss.write_index(index, str(tmp))
        meta_tmp.write_text(json.dumps(asdict(meta)))
        # Sidecar last: a crash between the two renames leaves old meta that no longer matches.
        os.replace(tmp, path)
        os.replace(meta_tmp, meta_path)
    except (OSError, RuntimeError) as exc:
        raise IndexError_(
            f"cannot write the FAISS index {path}: {exc}",
            "check the folder is writable and has space; searches rebuild it when they can",
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
        meta_tmp.unlink(missing_ok=True)


def rebuild(session: Session, path: Path) -> faiss.Index:
    ids, vecs = load_vectors(session)
    meta = expected_meta(session)
    index = build(ids, vecs, meta.kind)
    write(index, path, meta)
    return index


def set_search_threads(index: faiss.Index) -> None:
    """One OpenMP thread for a small exact index: one query over a few thousand vectors takes
    ~0.2 ms on one core, while OpenMP's thread team spin-waits and took ~17 ms a query when other
    work loaded the two cores. Large (approximate) indexes keep every core."""
    import faiss

    faiss.omp_set_num_threads(1 if index.ntotal < APPROX_THRESHOLD else max(os.cpu_count() or 1, 1))


def load_or_rebuild(session: Session, path: Path) -> tuple[faiss.Index, bool, str]:
    """(index, rebuilt?, reason). Never returns an index that disagrees with the store."""
    import faiss

    want = expected_meta(session)  # one count of the embeddings for both checks
    ok, reason = is_current(path, session, want)
    if ok:
        try:
            index = faiss.read_index(str(path))
        except RuntimeError as exc:
            ok, reason = False, f"unreadable ({exc})"
        else:
            if index.ntotal == want.count and index.d == DIM:
                return index, False, "current"
            ok, reason = False, f"FAISS holds {index.ntotal} vectors"
    return rebuild(session, path), True, reason
