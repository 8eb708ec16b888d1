"""The typer application object and the helpers every command module shares.

Conventions for command modules (``papermind/cli/<topic>.py``):
- import ``app`` (or create a sub-``typer.Typer`` and ``app.add_typer`` it) and decorate commands;
- import nothing heavy at module level: get the facade with ``get_api(ctx)`` inside the command;
- every command takes ``--json`` (``JsonOpt``) and ends with ``emit(as_json, data, human)``;
- wrap the body in ``with errors(as_json):`` so a PapermindError prints message + hint and exits 1.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from papermind.api import Papermind
    from papermind.embed import ModelExport

app = typer.Typer(
    name="papermind",
    help="papermind: search, concept maps and quizzes for the ML-systems seminar's papers.\n\n"
    "Run with no command to open the terminal app.",
    rich_markup_mode="rich",
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]

console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # one line per error, never wrapped


@dataclasses.dataclass
class CliState:
    db: str | None = None
    corpus: str | None = None
    quizzes: str | None = None
    json: bool = False
    _api: Papermind | None = None

    def api(self) -> Papermind:
        if self._api is None:
            from papermind.api import Papermind

            self._api = Papermind(self.db, corpus=self.corpus, quizzes=self.quizzes)
            self._api.on_model_export(announce_model_export)
        return self._api

    def close(self) -> None:
        """Close the store the command opened (its connections, so SQLite checkpoints its WAL)."""
        if self._api is not None:
            self._api.close()
            self._api = None


def announce_model_export(event: ModelExport) -> None:
    """One line on stderr when a command has to prepare the search model first (the one-time
    export, seconds) and one when it is ready; the same with --json (stdout stays the JSON)."""
    if event.started:
        err_console.print(
            f"[dim]preparing the search model (one-time, ~{event.estimate_s} s on an idle machine)…[/]",
            highlight=False,
        )
    else:
        err_console.print(f"[dim]search model ready ({event.seconds or 0:.1f} s)[/]", highlight=False)


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def get_api(ctx: typer.Context) -> Papermind:
    return state(ctx).api()


def to_jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {k: to_jsonable(v) for k, v in dataclasses.asdict(obj).items()}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    return obj


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(data), indent=2, ensure_ascii=False) + "\n")


def emit(as_json: bool, data: Any, human: Callable[[Console], None]) -> None:
    """Print ``data`` as JSON, or call ``human`` with the rich console."""
    if as_json:
        print_json(data)
    else:
        human(console)


@contextmanager
def errors(as_json: bool = False) -> Iterator[None]:
    """Turn library errors into a message + hint on stderr (JSON on stdout with --json) and exit 1."""
    from papermind.errors import PapermindError

    try:
        yield
    except PapermindError as exc:
        if as_json:
            print_json(exc.to_dict())
        err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False)
        if exc.hint:
            err_console.print(f"[dim]hint:[/] {exc.hint}", highlight=False)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err_console.print("[yellow]interrupted[/]")
        raise typer.Exit(130) from None
