"""Command: ``papermind eval retrieval FILE.toml`` - search quality and latency on a query set."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from papermind.cli._app import JsonOpt, app, emit, errors, get_api

if TYPE_CHECKING:
    from rich.console import Console

eval_app = typer.Typer(name="eval", help="Measure papermind against labelled data.", no_args_is_help=True)
app.add_typer(eval_app)


@eval_app.command("retrieval")
def retrieval_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="TOML with \\[\\[query]] tables: text, paper, pages.")],
    mode: Annotated[str, typer.Option("--mode", help="hybrid | dense | bm25 | all")] = "all",
    k: Annotated[int, typer.Option("-k", min=1, help="Cut-off for hit@k, MRR and nDCG.")] = 5,
    misses: Annotated[bool, typer.Option("--misses", help="List the queries with no page hit.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Print hit@k by paper and page, MRR and nDCG@k by page, and warm latency p50/p95 per mode."""
    from papermind.errors import PapermindError

    with errors(as_json):
        from papermind.search.evaluate import evaluate, load_queries
        from papermind.search.service import MODES

        if mode != "all" and mode not in MODES:
            raise PapermindError(f"unknown mode {mode!r}", "use hybrid, dense, bm25 or all")
        queries = load_queries(file)
        api = get_api(ctx)
        modes = list(MODES) if mode == "all" else [mode]
        reports = [evaluate(api.search.search, queries, m, k) for m in modes]

        def human(console: Console) -> None:
            from rich.table import Table

            t = Table(title=f"{file.name}: {len(queries)} queries, k={k}")
            for col in (
                "mode",
                f"hit@{k} paper",
                f"hit@{k} page",
                "MRR page",
                f"nDCG@{k}",
                "p50 ms",
                "p95 ms",
            ):
                t.add_column(col, justify="right" if col != "mode" else "left")
            for r in reports:
                t.add_row(
                    r.mode,
                    f"{r.hit_paper:.3f}",
                    f"{r.hit_page:.3f}",
                    f"{r.mrr:.3f}",
                    f"{r.ndcg:.3f}",
                    f"{r.p50_ms:.1f}",
                    f"{r.p95_ms:.1f}",
                )
            console.print(t)
            if misses:
                for r in reports:
                    for q in r.results:
                        if q.rank is None:
                            console.print(
                                f"[dim]{r.mode}[/] miss: {q.text!r} gold {q.paper}:{list(q.pages)} got {q.top}"
                            )

        data = [
            {k_: v for k_, v in r.__dict__.items() if k_ != "results"}
            | ({"misses": [q for q in r.results if q.rank is None]} if misses else {})
            for r in reports
        ]
        emit(as_json, {"file": str(file), "k": k, "modes": data}, human)
