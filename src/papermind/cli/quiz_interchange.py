"""``papermind quiz import`` / ``quiz export``: banks to and from Moodle GIFT, Canvas QTI and Anki;
every skipped or changed item is printed, in human output as in ``--json``."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from papermind.cli._app import JsonOpt, emit, errors, get_api
from papermind.cli.quiz import quiz_app

if TYPE_CHECKING:
    from rich.console import Console


@quiz_app.command("import")
def quiz_import(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A GIFT file.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The TOML bank to write.")],
    paper: Annotated[str | None, typer.Option("--paper", help="Paper key for the bank.")] = None,
    prefix: Annotated[
        str | None, typer.Option("--prefix", help="Id prefix (default: the output name).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import a Moodle GIFT file into a TOML bank; unsupported parts are reported by line."""
    from papermind.quiz.interchange.gift import import_gift
    from papermind.safe_write import atomic_output

    with errors(as_json):
        with atomic_output(output, force=force, inputs=[source]) as tmp:
            result = import_gift(source, tmp, paper=paper, prefix=prefix or output.stem)
        result = dataclasses.replace(result, output=str(output))

        def human(c: Console) -> None:
            for p in result.problems:
                c.print(f"[yellow]{p}[/]", highlight=False)
            c.print(f"wrote {result.questions} question(s) to {output}")

        emit(as_json, result, human)


@quiz_app.command("export")
def quiz_export(
    ctx: typer.Context,
    banks: Annotated[list[str], typer.Argument(help="Bank files or names.")],
    output: Annotated[Path, typer.Option("-o", "--output")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="gift | qti | anki")] = "gift",
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Export banks as GIFT, a Canvas QTI 1.2 zip, or an Anki .apkg."""
    from papermind.errors import QuizError
    from papermind.safe_write import atomic_output, check_target

    with errors(as_json):
        if fmt not in ("gift", "qti", "anki"):
            raise QuizError(f"unknown format {fmt!r}", "use gift, qti or anki")
        svc = get_api(ctx).quiz
        loaded = [svc.load_bank(b) for b in banks]
        inputs = [b.path for b in loaded]
        check_target(output, force=force, inputs=inputs)  # before any work
        with atomic_output(output, force=force, inputs=inputs) as tmp:
            if fmt == "gift":
                from papermind.quiz.interchange.gift_export import export_gift

                info = export_gift(loaded, tmp)
            elif fmt == "qti":
                from papermind.quiz.interchange.qti import export_qti

                info = export_qti(loaded, tmp)
            else:
                from papermind.quiz.interchange.anki import export_anki

                info = export_anki(loaded, tmp)
        info["output"] = str(output)
        info.setdefault("skipped", [])
        info.setdefault("lossy", [])

        def human(c: Console) -> None:
            for line in info["skipped"]:
                c.print(f"[yellow]skipped[/] {line}", highlight=False)
            for line in info["lossy"]:
                c.print(f"[yellow]changed[/] {line}", highlight=False)
            c.print(f"wrote {info['questions']} question(s) to {output}")
            if info["skipped"] or info["lossy"]:
                c.print(
                    f"{len(info['skipped'])} skipped, {len(info['lossy'])} changed for the {fmt} format "
                    "(listed above)"
                )

        emit(as_json, info, human)
