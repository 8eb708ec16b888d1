"""Command: ``papermind search QUERY`` - hybrid passage search over the ingested papers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from papermind.cli._app import JsonOpt, app, emit, errors, get_api

if TYPE_CHECKING:
    from rich.console import Console

    from papermind.search.service import Hit


def _page(h: Hit) -> str:
    return f"p. {h.page}" if h.page == h.page_end else f"pp. {h.page}–{h.page_end}"


@app.command("search")
def search_cmd(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for (any text; no query syntax).")],
    k: Annotated[int, typer.Option("-k", "--top", min=1, help="Number of hits.")] = 10,
    week: Annotated[
        int | None, typer.Option("--week", help="Only papers of this week (read or discussed).")
    ] = None,
    paper: Annotated[str | None, typer.Option("--paper", help="Only this paper (its key).")] = None,
    mode: Annotated[str, typer.Option("--mode", help="hybrid | dense | bm25")] = "hybrid",
    as_json: JsonOpt = False,
) -> None:
    """Search passages: one hit per paper page, with the best sentence and the terms marked."""
    with errors(as_json):
        from papermind.errors import NotFoundError, PapermindError

        if not query.strip():
            raise PapermindError(
                "the query is empty", 'say what you are looking for: papermind search "block table"'
            )
        api = get_api(ctx)
        not_ingested: list[str] = []
        if week is not None:
            keys = api.schedule.load().papers_for_week(week)  # "there is no week N" when out of range
            if not keys:
                raise NotFoundError(
                    f"week {week} has no papers", "`papermind schedule` lists each week's papers"
                )
            ingested = {p.key for p in api.library.papers()}
            not_ingested = [key for key in keys if key not in ingested]
        hits = api.search.search(query, k=k, mode=mode, paper=paper, week=week)
        empty_store = not hits and not api.library.papers()

        def human(console: Console) -> None:
            from rich.padding import Padding
            from rich.text import Text

            if not_ingested:
                console.print(
                    f"[yellow]week {week}: not ingested, so not searched: {', '.join(not_ingested)}[/]",
                    highlight=False,
                )
            if empty_store:
                console.print(
                    "[dim]no papers are ingested yet: run `papermind ingest PATH` "
                    "(or `papermind fetch` first)[/]"
                )
            elif not hits:
                console.print("[dim]no matches[/]")
                return
            for i, h in enumerate(hits, 1):
                head = Text(f"{i:>2}. ", style="bold")
                head.append(h.paper_key, style="bold cyan")
                head.append(f"  {_page(h)}", style="green")
                if h.section:
                    head.append(f"  §{h.section}", style="dim")
                if h.is_references:
                    head.append("  [references]", style="yellow")
                head.append(f"  {h.score:.4f}", style="dim")
                console.print(head)
                body = Text(h.snippet)
                for a, b in h.highlights:
                    body.stylize("bold yellow", a, b)
                console.print(Padding(body, (0, 0, 0, 4)))  # wrapped lines keep the indent

        data: dict[str, object] = {"query": query, "mode": mode, "hits": hits}
        if week is not None:
            data["not_ingested"] = not_ingested
        emit(as_json, data, human)
