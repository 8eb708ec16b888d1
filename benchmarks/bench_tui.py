"""TUI speed: time to first paint and keystroke-to-results latency.

    python benchmarks/bench_tui.py [--db PATH] [--runs 5]

First paint: a fresh subprocess per run, from launch until the first screen is mounted and
painted (``run_test`` hands control over), beside a bare Textual app (Header + Static + Footer)
as the baseline. Latency: over the seven-paper corpus (``--db`` an ingested store, else
``/work/shared/papers`` is ingested into a temp DB first), the time from the last keystroke of a
query until its results are on screen (includes the 0.2 s debounce), after the model is warm.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

PAINT_APP = textwrap.dedent(
    """
    import asyncio, sys, time
    from papermind.api import Papermind
    from papermind.tui.app import PapermindApp

    async def main():
        app = PapermindApp(Papermind(db=sys.argv[1]))
        async with app.run_test(size=(120, 40)):
            print("PAINTED", flush=True)
    asyncio.run(main())
    """
)

PAINT_BARE = textwrap.dedent(
    """
    import asyncio
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("hello")
            yield Footer()

    async def main():
        async with Bare().run_test(size=(120, 40)):
            print("PAINTED", flush=True)
    asyncio.run(main())
    """
)

QUERIES = [
    "block table kv cache",
    "why divide by square root of d_k",
    "masked language model pretraining",
    "offload optimizer states to nvme",
    "tiling softmax shared memory",
    "time to train benchmark rules",
    "sparse attention token eviction",
    "paged attention fragmentation",
]


def first_paint(script: str, args: list[str]) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(script)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, f.name, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("PAINTED"):
            elapsed = time.perf_counter() - t0
            break
    else:  # pragma: no cover
        raise RuntimeError("the app never painted")
    proc.wait()
    os.unlink(f.name)
    return elapsed


async def latency(db: str) -> tuple[list[float], list[float], float]:
    from papermind.api import Papermind
    from papermind.tui.app import PapermindApp

    app = PapermindApp(Papermind(db=db))
    out: list[float] = []
    service: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        t0 = time.perf_counter()
        while app.model_state != "ready":  # the model warms in a worker after the store opens
            await pilot.pause(0.05)
            if time.perf_counter() - t0 > 300:
                raise RuntimeError(f"model never ready: {app.model_state}")
        warm = time.perf_counter() - t0
        await pilot.press("f3")
        await pilot.pause(0.2)
        screen = app.screen
        query_input = screen.query_one("#query")
        for q in QUERIES:
            query_input.value = ""
            await pilot.pause(0.3)
            await pilot.press(*q[:-1])
            t = time.perf_counter()
            await pilot.press(q[-1])
            while screen.shown_query != q:
                await pilot.pause(0.005)
            out.append(time.perf_counter() - t)
            service.append(screen.service_seconds)
    return out, service, warm


def ensure_db(db: str | None) -> str:
    if db:
        return db
    d = Path(tempfile.mkdtemp(prefix="bench-tui-"))
    path = d / "bench.db"
    print("ingesting /work/shared/papers into", path, "(once)…", flush=True)
    subprocess.run(
        ["papermind", "--db", str(path), "ingest", "/work/shared/papers"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return str(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="an ingested store of the seven papers (else one is built)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--skip-latency", action="store_true")
    ns = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    db = ensure_db(ns.db)

    empty = str(Path(tempfile.mkdtemp(prefix="bench-tui-empty-")) / "empty.db")
    first_paint(PAINT_APP, [empty])  # creates the empty store's file; not timed
    bare = [first_paint(PAINT_BARE, []) for _ in range(ns.runs)]
    app_empty = [first_paint(PAINT_APP, [empty]) for _ in range(ns.runs)]
    app_full = [first_paint(PAINT_APP, [db]) for _ in range(ns.runs)]
    mb = statistics.median(bare)
    print(f"first paint, bare Textual app      : median {mb * 1000:6.0f} ms  (n={ns.runs})")
    for label, xs in (("papermind, empty store", app_empty), ("papermind, 7 papers", app_full)):
        m = statistics.median(xs)
        print(
            f"first paint, {label:<22}: median {m * 1000:6.0f} ms  "
            f"max {max(xs) * 1000:.0f} ms  ratio {m / mb:.2f}x bare"
        )
    if ns.skip_latency:
        return
    out, service, warm = asyncio.run(latency(db))
    print(f"model warm (in a worker, after first paint): {warm:.1f} s")
    print(
        f"keystroke-to-results over {len(out)} queries: median {statistics.median(out) * 1000:.0f} ms, "
        f"max {max(out) * 1000:.0f} ms (includes 200 ms debounce); search service median "
        f"{statistics.median(service) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
