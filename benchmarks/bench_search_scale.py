"""Search at scale on synthetic chunks: random text and L2-normalised random vectors.

    python benchmarks/bench_search_scale.py --sizes 100000 1000000 [--kinds hnsw flat sq8-refine]
        [--ef 64 128 256 512] [--fts] [--queries 50]

For each size and index kind: build time, p50/p95 of one k=10 query (dense part only), recall@10
against exact search, and the process's RSS. ``sq8-refine`` is what papermind builds above
``APPROX_THRESHOLD`` (an 8-bit scalar-quantised scan whose top candidates are re-ranked exactly,
``papermind.index.vectors.build(..., "sq8")``); ``flat`` is exact IndexFlatIP, the baseline;
``hnsw`` is kept for comparison (M, efConstruction and efSearch from ``index/vectors.py``).
``--fts`` also times FTS5 bm25 (the query builder papermind uses, 3 content words OR-ed + phrases)
over the same number of random-text chunks (Zipf-distributed 30k-word vocabulary, 60 words each).
Random vectors are the worst case for graph and quantised indexes (neighbours are nearly
equidistant); real embeddings are clustered and score higher recall at the same settings.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

SEARCH_THREADS = 0  # --search-threads: OpenMP threads while timing queries (0 = faiss default)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]


def unit(rng, n: int, d: int):  # type: ignore[no-untyped-def]
    import numpy as np

    out = np.empty((n, d), dtype=np.float32)
    for a in range(0, n, 100_000):  # in blocks: no float64 temporaries of the whole matrix
        x = rng.standard_normal((min(n, a + 100_000) - a, d), dtype=np.float32)
        out[a : a + len(x)] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def exact_topk(data, qs, k: int):  # type: ignore[no-untyped-def]
    import faiss

    flat = faiss.IndexFlatIP(data.shape[1])
    flat.add(data)
    return flat.search(qs, k)[1]


def bench_dense(n: int, kinds: list[str], efs: list[int], nq: int, dim: int) -> None:
    import faiss
    import numpy as np

    from papermind.index import vectors

    rng = np.random.default_rng(n)
    t = time.perf_counter()
    data = unit(rng, n, dim)
    ids = np.arange(n, dtype=np.int64)
    qs = unit(rng, nq, dim)
    print(
        f"\n== {n:,} vectors x {dim} (generated in {time.perf_counter() - t:.1f}s; RSS {rss_mb():.0f} MB)",
        flush=True,
    )
    truth = exact_topk(data, qs, 10)
    for kind in kinds:
        t = time.perf_counter()
        if kind == "sq8-refine":
            index = vectors.build(ids, data, "sq8")
        else:
            index = vectors.build(ids, data, kind)
        build = time.perf_counter() - t
        if SEARCH_THREADS:
            faiss.omp_set_num_threads(SEARCH_THREADS)
        settings = efs if kind == "hnsw" else [None]
        for ef in settings:
            params = None
            if ef is not None:
                faiss.downcast_index(index.index).hnsw.efSearch = ef
            ts, got = [], []
            for i in range(nq):
                t = time.perf_counter()
                _, found = index.search(qs[i : i + 1], 10, params=params)
                ts.append(time.perf_counter() - t)
                got.append(found[0])
            recall = float(np.mean([len(set(a.tolist()) & set(b.tolist())) / 10 for a, b in zip(truth, got)]))
            label = kind + (f" efSearch={ef}" if ef else "")
            extra = f" M={vectors.HNSW_M} efC={vectors.HNSW_EF_CONSTRUCTION}" if kind == "hnsw" else ""
            print(
                f"{label:<22} build {build:7.1f}s{extra}  p50 {pct(ts, 50) * 1000:7.2f} ms  p95 {pct(ts, 95) * 1000:7.2f} ms"
                f"  recall@10 {recall:.3f}  RSS {rss_mb():.0f} MB (peak {peak_mb():.0f} MB)",
                flush=True,
            )
        del index
        faiss.omp_set_num_threads(os.cpu_count() or 1)


def bench_fts(n: int, nq: int) -> None:
    import numpy as np

    from papermind.search.query import fts_expression, parse

    rng = np.random.default_rng(7)
    vocab = [f"w{i}" for i in range(30_000)]
    weights = 1.0 / np.arange(1, len(vocab) + 1) ** 1.07
    weights /= weights.sum()
    path = Path(tempfile.mkdtemp(prefix="fts-scale-")) / "fts.db"
    con = sqlite3.connect(path)
    con.execute(
        "CREATE VIRTUAL TABLE chunks_fts USING fts5(text, section, tokenize='porter unicode61 remove_diacritics 2')"
    )
    t = time.perf_counter()
    for a in range(0, n, 50_000):
        m = min(n, a + 50_000) - a
        words = rng.choice(len(vocab), size=(m, 60), p=weights)
        con.executemany(
            "INSERT INTO chunks_fts(rowid, text, section) VALUES (?, ?, ?)",
            ((a + i, " ".join(vocab[w] for w in row), "s") for i, row in enumerate(words)),
        )
        con.commit()
    con.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")
    con.commit()
    build = time.perf_counter() - t
    ts = []
    for _ in range(nq):
        qw = [vocab[int(w)] for w in rng.choice(len(vocab), size=3, p=weights)]
        expr = fts_expression(parse(" ".join(qw)))
        t = time.perf_counter()
        con.execute(
            "SELECT rowid, bm25(chunks_fts, 1.0, 1.5) r FROM chunks_fts WHERE chunks_fts MATCH ? "
            "ORDER BY r LIMIT 100",
            (expr,),
        ).fetchall()
        ts.append(time.perf_counter() - t)
    size = os.path.getsize(path) / 2**20
    print(
        f"FTS5 {n:,} random-text chunks: build {build:.1f}s ({size:.0f} MB)  bm25 k=100 p50 {pct(ts, 50) * 1000:.2f} ms"
        f"  p95 {pct(ts, 95) * 1000:.2f} ms",
        flush=True,
    )
    con.close()
    path.unlink()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--kinds", nargs="+", default=["flat", "sq8-refine"])
    ap.add_argument("--ef", type=int, nargs="+", default=[128, 256, 512])
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--fts", action="store_true")
    ap.add_argument("--search-threads", type=int, default=0)
    args = ap.parse_args()
    global SEARCH_THREADS
    SEARCH_THREADS = args.search_threads
    import faiss

    print(f"faiss {faiss.__version__}, {faiss.omp_get_max_threads()} OpenMP threads, {os.cpu_count()} CPUs")
    for n in args.sizes:
        bench_dense(n, args.kinds, args.ef, args.queries, args.dim)
        if args.fts:
            bench_fts(n, args.queries)


if __name__ == "__main__":
    main()
