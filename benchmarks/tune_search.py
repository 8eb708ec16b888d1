"""Sweep the hybrid search knobs on a retrieval set (both halves reported, to spot overfitting).

    python benchmarks/tune_search.py --db /tmp/search/real.db [benchmarks/data/retrieval_dev.toml]

Query embeddings are cached across configurations (embed_query's LRU cache), so a sweep costs
about one FTS5 query per query per configuration. Quality only; latency is bench_search.py's job.
"""

from __future__ import annotations

import argparse
import itertools
import sys


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default="benchmarks/data/retrieval_dev.toml")
    ap.add_argument("--db", required=True)
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--grid", default="default")
    args = ap.parse_args()

    import torch

    torch.set_num_threads(1)
    from papermind.api import Papermind
    from papermind.search.evaluate import evaluate, load_queries

    pm = Papermind(args.db)
    qs = load_queries(args.file)
    halves = (qs[0::2], qs[1::2])

    def run(**kw):  # type: ignore[no-untyped-def]
        svc = pm.search.with_params(**kw)
        rs = [evaluate(svc.search, h, "hybrid", args.k, latency=False) for h in halves]
        n = len(qs)
        hit = sum(r.hit_page * r.queries for r in rs) / n
        mrr = sum(r.mrr * r.queries for r in rs) / n
        return hit, mrr, rs

    grids = {
        "default": dict(
            fusion=["rrf"],
            rrf_k=[10, 30, 60],
            dense_weight=[0.7, 1.0, 1.3],
            references_factor=[1.0, 0.3],
            page_extra=[0.0, 0.2],
            phrases=[True, False],
            section_weight=[0.0, 1.0, 2.0],
        ),
        "fine": dict(
            fusion=["rrf"],
            rrf_k=[3, 5, 10, 20],
            dense_weight=[0.5, 0.6, 0.7, 0.85],
            references_factor=[0.3, 0.1],
            candidates=[50, 100],
            section_weight=[1.5],
        ),
        "paper": dict(paper_weight=[0.0, 0.05, 0.1, 0.2, 0.3, 0.5]),
        "convex": dict(
            fusion=["convex"],
            dense_weight=[0.3, 0.5, 0.7, 1.0, 1.5],
            page_extra=[0.0, 0.2],
            references_factor=[1.0, 0.3],
            section_weight=[1.0, 2.0],
        ),
    }
    grid = grids[args.grid]
    rows = []
    for combo in itertools.product(*grid.values()):
        kw = dict(zip(grid.keys(), combo))
        hit, mrr, rs = run(**kw)
        rows.append((mrr + hit, hit, mrr, rs[0].hit_page, rs[0].mrr, rs[1].hit_page, rs[1].mrr, kw))
        print(
            f"hit {hit:.3f} mrr {mrr:.3f} | A {rs[0].hit_page:.3f}/{rs[0].mrr:.3f} B {rs[1].hit_page:.3f}/{rs[1].mrr:.3f} {kw}",
            flush=True,
        )
    rows.sort(key=lambda r: -r[0])
    print("\nbest:", file=sys.stderr)
    for r in rows[:10]:
        print(
            f"hit {r[1]:.3f} mrr {r[2]:.3f} | A {r[3]:.3f}/{r[4]:.3f} B {r[5]:.3f}/{r[6]:.3f} {r[7]}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
