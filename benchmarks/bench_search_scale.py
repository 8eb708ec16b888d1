"""Search at scale on synthetic chunks: random text and L2-normalised random vectors.

    python benchmarks/bench_search_scale.py --sizes 100000 1000000 [--kinds hnsw flat sq8-refine]
        [--ef 64 128 256 512] [--fts] [--queries 50]

For each size and index kind: build time, p50/p95 of one k=10 query (dense part only), recall@10
against exact search, and the process's RSS. ``sq8-refine`` is what papermind builds above
``APPROX_THRESHOLD`` (an 8-bit scalar-quantised scan whose top candidates are re-ranked exactly,
``papermind.index.vectors.build(..., "sq8")``); ``flat`` is exact IndexFlatIP, the baseline;
``hnsw`` is kept for comparison (M, efConstruction and efSearch from ``index/vectors.py``).
``--fts`` also times bm25 over the same number of random-text chunks (Zipf-distributed 30k-word
vocabulary, 60 words each; 3-word queries drawn from the same distribution): papermind's
``search.lexical.search`` beside the bare FTS5 query over every OR-ed term (same run), with the
overlap of their top 10 / 50. ``--fts-only`` skips the dense part; ``--fts-db PATH`` keeps the
built FTS file (``PATH-stem-N.db``) and reuses it on the next run.
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

import _common  # noqa: F401 - puts src/ on sys.path

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


def build_fts(path: Path, n: int) -> float:
    """Random-text chunks (Zipf 30k-word vocabulary, 60 words each) into ``path``; build seconds."""
    import numpy as np

    rng = np.random.default_rng(7)
    weights = 1.0 / np.arange(1, len(VOCAB) + 1) ** 1.07
    weights /= weights.sum()
    con = sqlite3.connect(path)
    con.execute(
        "CREATE VIRTUAL TABLE chunks_fts USING fts5(text, section, tokenize='porter unicode61 remove_diacritics 2')"
    )
    t = time.perf_counter()
    for a in range(0, n, 50_000):
        m = min(n, a + 50_000) - a
        words = rng.choice(len(VOCAB), size=(m, 60), p=weights)
        con.executemany(
            "INSERT INTO chunks_fts(rowid, text, section) VALUES (?, ?, ?)",
            ((a + i + 1, " ".join(VOCAB[w] for w in row), "s") for i, row in enumerate(words)),
        )
        con.commit()
    con.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")
    con.commit()
    con.close()
    return time.perf_counter() - t


VOCAB = [f"w{i}" for i in range(30_000)]


def bench_fts(n: int, nq: int, keep: Path | None) -> None:
    """papermind's bm25 (``search.lexical.search``, 50 candidates as the service asks) beside the
    bare FTS5 query it replaced (every OR-ed term and phrase, bm25 over all matches), same queries,
    same run; overlap@10 / @50 of the two rankings."""
    import numpy as np
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from papermind.search import lexical
    from papermind.search.query import fts_expression, parse

    path = keep if keep is not None else Path(tempfile.mkdtemp(prefix="fts-scale-")) / "fts.db"
    if keep is not None and path.exists():
        build = float("nan")
    else:
        build = build_fts(path, n)
    rng = np.random.default_rng(11)
    weights = 1.0 / np.arange(1, len(VOCAB) + 1) ** 1.07
    weights /= weights.sum()
    queries = [" ".join(VOCAB[int(w)] for w in rng.choice(len(VOCAB), size=3, p=weights)) for _ in range(nq)]
    con = sqlite3.connect(path)
    engine = create_engine(f"sqlite:///{path}")
    bare_t, ours_t, over10, over50 = [], [], [], []
    bare_cpu, ours_cpu = [], []  # this process's CPU seconds: what a query costs on an idle machine
    with Session(engine) as s:
        for text_ in queries:
            q = parse(text_)
            t, c = time.perf_counter(), time.process_time()
            bare = con.execute(
                "SELECT rowid, bm25(chunks_fts, 1.0, 1.5) r FROM chunks_fts WHERE chunks_fts MATCH ? "
                "ORDER BY r LIMIT 50",
                (fts_expression(q),),
            ).fetchall()
            bare_t.append(time.perf_counter() - t)
            bare_cpu.append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            ours = lexical.search(s, q, 50)
            ours_t.append(time.perf_counter() - t)
            ours_cpu.append(time.process_time() - c)
            b, o = [r[0] for r in bare], [r[0] for r in ours]
            over10.append(len(set(b[:10]) & set(o[:10])) / max(1, min(10, len(b))))
            over50.append(len(set(b) & set(o)) / max(1, len(b)))
    size = os.path.getsize(path) / 2**20
    print(
        f"FTS5 {n:,} random-text chunks ({size:.0f} MB, build {build:.1f}s), {nq} OR-ed 3-word queries, k=50:\n"
        f"  bare bm25 over every match   p50 {pct(bare_t, 50) * 1000:8.2f} ms  p95 {pct(bare_t, 95) * 1000:8.2f} ms"
        f"  (CPU p50 {pct(bare_cpu, 50) * 1000:.2f} ms, p95 {pct(bare_cpu, 95) * 1000:.2f} ms)\n"
        f"  papermind lexical.search     p50 {pct(ours_t, 50) * 1000:8.2f} ms  p95 {pct(ours_t, 95) * 1000:8.2f} ms"
        f"  (CPU p50 {pct(ours_cpu, 50) * 1000:.2f} ms, p95 {pct(ours_cpu, 95) * 1000:.2f} ms,"
        f" max {max(ours_cpu) * 1000:.2f} ms)  ratio p50 {pct(ours_t, 50) / pct(bare_t, 50):.3f}x\n"
        f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: wall time above CPU time is waiting"
        " for the other processes\n"
        f"  same top-10 {np.mean(over10):.3f}, same top-50 {np.mean(over50):.3f} (mean overlap with bare)",
        flush=True,
    )
    con.close()
    engine.dispose()
    if keep is None:
        path.unlink()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--kinds", nargs="+", default=["flat", "sq8-refine"])
    ap.add_argument("--ef", type=int, nargs="+", default=[128, 256, 512])
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--fts", action="store_true")
    ap.add_argument("--fts-only", action="store_true", help="skip the dense indexes")
    ap.add_argument("--fts-db", type=Path, default=None, help="keep (and reuse) the built FTS file here")
    ap.add_argument("--search-threads", type=int, default=0)
    args = ap.parse_args()
    global SEARCH_THREADS
    SEARCH_THREADS = args.search_threads
    import faiss

    print(f"faiss {faiss.__version__}, {faiss.omp_get_max_threads()} OpenMP threads, {os.cpu_count()} CPUs")
    for n in args.sizes:
        if not args.fts_only:
            bench_dense(n, args.kinds, args.ef, args.queries, args.dim)
        if args.fts or args.fts_only:
            keep = args.fts_db.with_name(f"{args.fts_db.stem}-{n}.db") if args.fts_db else None
            bench_fts(n, args.queries, keep)


if __name__ == "__main__":
    main()
