"""The ``papermind`` command line: thin typer commands over ``papermind.api``."""

from __future__ import annotations

from typing import Annotated

import typer

from papermind import __version__
from papermind.cli._app import CliState, app

# Command modules register themselves on ``app`` when imported (each is light to import), in
# the order ``--help`` lists them: not sorted.
# isort: off
from papermind.cli import library as _library  # noqa: F401
from papermind.cli import schedule as _schedule  # noqa: F401
from papermind.cli import quiz as _quiz  # noqa: F401
from papermind.cli import quiz_reports as _quiz_reports  # noqa: F401
from papermind.cli import quiz_interchange as _quiz_interchange  # noqa: F401
from papermind.cli import concepts as _concepts  # noqa: F401
from papermind.cli import search as _search  # noqa: F401
from papermind.cli import eval as _eval  # noqa: F401
from papermind.cli import serve as _serve  # noqa: F401
from papermind.cli import classroom as _classroom  # noqa: F401
# isort: on


def _version(value: bool) -> None:
    if value:
        typer.echo(f"papermind {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="PAPERMIND_DB",
            help="Database file or SQLAlchemy URL "
            "(default: ~/.local/share/papermind/papermind.db, or $PAPERMIND_HOME/papermind.db)",
            show_default=False,
        ),
    ] = None,
    corpus: Annotated[
        str | None,
        typer.Option(
            "--corpus",
            envvar="PAPERMIND_CORPUS",
            help="Corpus folder (papers.toml, syllabus.toml).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    student: Annotated[
        bool,
        typer.Option(
            "--student",
            help="The app without file access: no ingest, import or export (`serve` uses it for others).",
        ),
    ] = False,
) -> None:
    ctx.obj = CliState(db=db, corpus=corpus)
    ctx.call_on_close(ctx.obj.close)  # the store closes when the command ends, not when collected
    if ctx.invoked_subcommand is None:
        from papermind.tui import run_app

        run_app(ctx.obj.api(), student=student)


def main() -> None:
    app()
