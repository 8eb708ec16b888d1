"""Command: ``papermind concepts`` - key concepts of a week's papers (or one paper) as a map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from papermind.cli._app import JsonOpt, app, console, emit, errors, get_api, print_json


@app.command("concepts")
def concepts(
    ctx: typer.Context,
    week: Annotated[int | None, typer.Option("--week", help="Map this week's papers (1-16).")] = None,
    paper: Annotated[str | None, typer.Option("--paper", help="Map one paper (its key).")] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=200, help="Concepts to show.")] = 25,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json | dot | mermaid")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the map to this file.")] = None,
    version: Annotated[
        str | None,
        typer.Option(
            "--version", help="Schedule version: revised (default) or original.", show_default=False
        ),
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Re-extract all concepts and maps first.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the -o file if it exists.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Show the key concepts of a week's papers (or one paper), with their links.

    Each concept lists its definition, where it occurs, how it relates to the others and what it
    builds on from earlier weeks."""
    from papermind.errors import ConfigError

    with errors(as_json):
        from papermind.concepts.export import FORMATS, render, to_dict

        if as_json:
            fmt = "json"
        if fmt not in FORMATS:
            raise ConfigError(f"unknown format {fmt!r}", "use one of: " + ", ".join(FORMATS))
        if output is not None:
            from papermind.safe_write import check_target

            check_target(output, force=force)  # before any work
        api = get_api(ctx)
        if not rebuild and (week is not None or paper is not None) and api.concepts.is_stale():
            from papermind.cli._app import err_console

            # stderr, as the one-time model export's notice: --json output stays one document
            err_console.print("[dim]rebuilding the concept maps (the papers or the rules changed)…[/]")
        report = api.concepts.rebuild() if rebuild else None
        if week is None and paper is None:
            if report is not None:
                emit(
                    as_json,
                    {"rebuilt": report},
                    lambda c: c.print(
                        f"rebuilt concept maps: {report['concepts']} concepts, "
                        f"{report['occurrences']} occurrences, {report['edges']} edges "
                        f"from {report['papers']} papers",
                        highlight=False,
                    ),
                )
                return
            raise ConfigError(
                "give --week N or --paper KEY (or --rebuild)", "e.g. `papermind concepts --week 6`"
            )
        if week is not None and paper is not None:
            raise ConfigError("give either --week or --paper, not both")
        if paper is not None:
            m = api.concepts.paper_map(paper, top=top, version=version)
        else:
            assert week is not None
            m = api.concepts.week_map(week, top=top, version=version)
        text = render(m, fmt)
        if output is not None:
            from papermind.safe_write import write_text

            write_text(output, text, force=force)
            if as_json:
                print_json({**to_dict(m), "written_to": str(output)})
            else:
                console.print(f"wrote {fmt} map ({len(m.nodes)} concepts) to {output}", highlight=False)
                if m.message:
                    console.print(f"note: {m.message}", highlight=False)
            return
        if fmt == "json":
            print_json(to_dict(m))
        else:
            typer.echo(text, nl=False)
