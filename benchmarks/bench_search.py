"""Search latency on an ingested store, end to end through the library API, beside its bare parts.

    python benchmarks/bench_search.py --db /tmp/search/real.db [--threads N] [--cold]

- warm latency: ``pm.search.search(q, k=10)`` (hybrid) over the distinct queries of
  benchmarks/data/retrieval_dev.toml, after one warm-up query, with embed_query's LRU cache
  cleared before the timed pass (every query runs the model once; nothing is served from cache);
- bare parts, per query: one ``model.encode`` of the query, one FAISS search (k=100), one FTS5
  bm25 query (k=100) through sqlite3; their summed p50 against the end-to-end p50 is the
  overhead ratio (goal <= 1.5x);
- ``--cold``: a fresh process (``python -c``) from interpreter start to the first hybrid result,
  model load included (goal <= 6 s).
``--threads`` sets torch's intra-op threads (default: torch's own choice).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", default="benchmarks/data/retrieval_dev.toml")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=2, help="passes over the queries (cache cleared each)")
    ap.add_argument("--cold", action="store_true")
    args = ap.parse_args()

    if args.cold:
        code = (
            "import time; t=time.perf_counter()\n"
            "from papermind.api import Papermind\n"
            f"pm=Papermind({args.db!r}); h=pm.search.search('why is the KV cache fragmented', k=10)\n"
            "print(f'{time.perf_counter()-t:.3f} {len(h)}')"
        )
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        wall = time.perf_counter() - t
        print(
            f"cold first query: {float(out[0]):.2f} s in-process (imports + model load + index load + search), "
            f"{wall:.2f} s wall incl. interpreter start; {out[1]} hits"
        )
        return

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    import sqlite3

    from papermind.api import Papermind
    from papermind.embed import _embed_query_cached, get_model
    from papermind.search.evaluate import load_queries
    from papermind.search.query import fts_expression, parse

    qs = [q.text for q in load_queries(args.queries)]
    assert len(set(qs)) == len(qs), "queries must be distinct"
    pm = Papermind(args.db)
    pm.search.warm()
    pm.search.search("warm-up: attention memory", k=10)
    e2e: list[float] = []
    for _ in range(args.rounds):
        _embed_query_cached.cache_clear()
        for q in qs:
            t = time.perf_counter()
            pm.search.search(q, k=10)
            e2e.append(time.perf_counter() - t)

    model = get_model()
    index, _, _ = pm.vector_index.get()
    con = sqlite3.connect(pm.settings.db_url.removeprefix("sqlite:///"))
    enc, fa, ft = [], [], []
    for _ in range(args.rounds):
        for q in qs:
            t = time.perf_counter()
            v = model.encode([q], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            enc.append(time.perf_counter() - t)
            t = time.perf_counter()
            index.search(v, 100)
            fa.append(time.perf_counter() - t)
            expr = fts_expression(parse(q))
            t = time.perf_counter()
            con.execute(
                "SELECT rowid, bm25(chunks_fts, 1.0, 1.5) r FROM chunks_fts WHERE chunks_fts MATCH ? "
                "ORDER BY r LIMIT 100",
                (expr,),
            ).fetchall()
            ft.append(time.perf_counter() - t)
    ms = lambda x: f"{x * 1000:7.2f}"
    parts = pct(enc, 50) + pct(fa, 50) + pct(ft, 50)
    print(
        f"store {args.db}: {index.ntotal} vectors; {len(qs)} distinct queries x {args.rounds} rounds; "
        f"torch threads {torch.get_num_threads()}; embed cache cleared before each round"
    )
    print(f"{'':28}{'p50 ms':>8}{'p95 ms':>8}{'mean ms':>9}")
    for name, xs in (
        ("end to end pm.search.search", e2e),
        ("  model.encode (1 query)", enc),
        ("  FAISS search k=100", fa),
        ("  FTS5 bm25 k=100", ft),
    ):
        print(f"{name:<28}{ms(pct(xs, 50))} {ms(pct(xs, 95))} {ms(statistics.mean(xs))}")
    print(
        f"sum of bare parts p50: {parts * 1000:.2f} ms; overhead ratio end-to-end/parts: {pct(e2e, 50) / parts:.2f}x"
    )


if __name__ == "__main__":
    main()
