"""Ablations of the search pipeline on the dev set and the blind set side by side.

    python benchmarks/ablate_search.py --db DB [--configs NAME ...] [--modes hybrid dense bm25]
        [--set dev blind blind2 blind3]

Each named configuration changes some ``SearchParams`` from the shipped defaults (``default``);
``off`` turns every issue-13 addition off (the pipeline as it was before). The blind set
(benchmarks/data/retrieval_blind.toml) is for checking, never for choosing: pick on dev.
Prints hit@5 (page) / MRR@5 / nDCG@5 per set and mode. Quality only (latency: bench_search.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

OFF: dict[str, object] = {
    "sentence_weight": 0.0,
    "sentence_mix": 0.0,
    "feedback_docs": 0,
    "neighbour_weight": 0.0,
    "snippet_by_vector": False,
}
CONFIGS: dict[str, dict[str, object]] = {
    "default": {},
    "off": OFF,
    "no-sentences": {"sentence_weight": 0.0},
    "no-sentence-mix": {"sentence_mix": 0.0},
    "sentence-mix-only": {**OFF, "sentence_mix": 0.5},
    "convex-equal": {"fusion": "convex", "dense_weight": 1.0},
    "zscore-equal": {"fusion": "zscore", "dense_weight": 1.0},
    "zscore": {"fusion": "zscore"},
    "no-feedback": {"feedback_docs": 0},
    "no-dense-feedback": {"feedback_beta": 0.0},
    "no-term-feedback": {"feedback_terms": 0},
    "no-neighbours": {"neighbour_weight": 0.0},
    "sentences-only": {**OFF, "sentence_weight": 1.0},
    "feedback-only": {**OFF, "feedback_docs": 3, "feedback_beta": 0.5, "feedback_terms": 5},
    "dense-feedback-only": {**OFF, "feedback_docs": 3, "feedback_beta": 0.5, "feedback_terms": 0},
    "term-feedback-only": {**OFF, "feedback_docs": 3, "feedback_beta": 0.0, "feedback_terms": 5},
    "neighbours-only": {**OFF, "neighbour_weight": 0.3},
    "sentence-mix-0.25": {"sentence_mix": 0.25},
    "sentence-mix-0.75": {"sentence_mix": 0.75},
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--configs", nargs="*", default=["off", "default"])
    ap.add_argument("--modes", nargs="*", default=["hybrid"])
    ap.add_argument(
        "--set", nargs="*", default=["dev", "blind"], choices=["dev", "blind", "blind2", "blind3"]
    )
    ap.add_argument("--param", action="append", default=[], help="extra NAME=VALUE for every config")
    ap.add_argument("-k", type=int, default=5)
    args = ap.parse_args()

    import torch

    torch.set_num_threads(1)  # quality only; one thread wastes less on a busy machine
    from papermind.api import Papermind
    from papermind.search.evaluate import evaluate, load_queries

    files = {
        "dev": HERE / "data" / "retrieval_dev.toml",
        "blind": HERE / "data" / "retrieval_blind.toml",
        "blind2": HERE / "data" / "retrieval_blind2.toml",
        "blind3": HERE / "data" / "retrieval_blind3.toml",
    }
    sets = {name: load_queries(files[name]) for name in args.set}
    extra: dict[str, object] = {}
    for kv in args.param:
        name, value = kv.split("=", 1)
        extra[name] = float(value) if "." in value else int(value)
    pm = Papermind(args.db)
    print(f"{'config':<22} {'mode':<7} " + "  ".join(f"{n + ' hit/MRR/nDCG':<24}" for n in sets))
    for name in args.configs:
        # snippets do not change the ranking: skip choosing them by vector here
        svc = pm.search.with_params(**{**CONFIGS[name], "snippet_by_vector": False, **extra})
        for mode in args.modes:
            cells = []
            for qs in sets.values():
                r = evaluate(svc.search, qs, mode, args.k, latency=False)
                cells.append(f"{r.hit_page:.3f} / {r.mrr:.3f} / {r.ndcg:.3f}   ")
            print(f"{name:<22} {mode:<7} " + "  ".join(cells), flush=True)
    pm.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
