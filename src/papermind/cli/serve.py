"""``papermind serve``: the same TUI in a web browser, through textual-serve.

Each browser tab that connects runs its own ``python -m papermind`` (with this command's --db and
--corpus) behind a websocket; the page itself is served by aiohttp.
"""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from papermind.cli._app import JsonOpt, app, emit, errors, state

if TYPE_CHECKING:
    from papermind.cli._app import CliState


def app_command(cli: CliState) -> str:
    """The shell command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "papermind"]
    if cli.db:
        parts += ["--db", cli.db]
    if cli.corpus:
        parts += ["--corpus", cli.corpus]
    return shlex.join(parts)


def build_server(cli: CliState, host: str, port: int) -> Any:
    """A textual-serve ``Server`` for the papermind TUI (not started)."""
    from papermind.errors import PapermindError

    try:
        from textual_serve.server import Server
    except ImportError as exc:
        raise PapermindError(
            "textual-serve is not installed", "pip install textual-serve (or reinstall papermind)"
        ) from exc
    return Server(app_command(cli), host=host, port=port, title="papermind")


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    as_json: JsonOpt = False,
) -> None:
    """Open the papermind TUI in a web browser (textual-serve); ctrl+c stops the server."""
    with errors(as_json):
        server = build_server(state(ctx), host, port)
        info = {"url": server.public_url, "command": server.command}
        emit(
            as_json,
            info,
            lambda c: c.print(f"papermind at [bold]{server.public_url}[/] (ctrl+c stops)", highlight=False),
        )
    server.serve()
