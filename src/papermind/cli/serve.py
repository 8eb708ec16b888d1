"""``papermind serve``: the same TUI in a web browser, through textual-serve.

Each browser tab that connects runs its own ``python -m papermind`` (with this command's --db and
--corpus, and --student in student mode) behind a websocket; the page is served by aiohttp. Every
request needs the per-run token in the printed URL and a matching Origin
(``papermind.webserve.server``).
"""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from papermind.cli._app import JsonOpt, app, emit, err_console, errors, state

if TYPE_CHECKING:
    from papermind.cli._app import CliState


def app_command(cli: CliState, *, student: bool = False) -> str:
    """The shell command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "papermind"]
    if cli.db:
        parts += ["--db", cli.db]
    if cli.corpus:
        parts += ["--corpus", cli.corpus]
    if student:
        parts.append("--student")
    return shlex.join(parts)


def build_server(
    cli: CliState,
    host: str,
    port: int,
    *,
    public_url: str | None = None,
    student: bool = False,
    token: str | None = None,
) -> Any:
    """A guarded textual-serve server for the papermind TUI (not started)."""
    from papermind.errors import PapermindError

    try:
        from papermind.webserve.server import GuardedServer, new_token
    except ImportError as exc:
        raise PapermindError(
            "textual-serve is not installed", "pip install textual-serve (or reinstall papermind)"
        ) from exc
    return GuardedServer(
        app_command(cli, student=student),
        host,
        port,
        token=token or new_token(),
        public_url=public_url,
        title="papermind",
    )


def exposure_warnings(host: str, student: bool) -> list[str]:
    from papermind.webserve.server import is_loopback

    out: list[str] = []
    if not is_loopback(host):
        out.append(
            f"listening on {host or 'every interface'}, beyond this machine: anyone who can reach it "
            "and has the URL (with its token) can use papermind; share the URL only with your class"
        )
    if not student:
        out.append(
            "student mode is off: users of the page can ingest, import and export files on this machine"
        )
    return out


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url", help="The address others use to reach this server (e.g. http://lab-pc:8000)."
        ),
    ] = None,
    student: Annotated[
        bool | None,
        typer.Option(
            "--student/--no-student",
            help="No file access in the app (no ingest, import or export). "
            "(default: on unless --host is loopback)",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Open the papermind TUI in a web browser (textual-serve); ctrl+c stops the server."""
    with errors(as_json):
        from papermind.webserve.server import is_loopback

        student_mode = (not is_loopback(host)) if student is None else student
        server = build_server(state(ctx), host, port, public_url=public_url, student=student_mode)
        warnings = exposure_warnings(host, student_mode)
        info = {
            "url": server.url_with_token,
            "public_url": server.public_url,
            "student": student_mode,
            "warnings": warnings,
            "command": server.command,
        }

        def human(c: Any) -> None:
            c.print(f"papermind at [bold]{server.url_with_token}[/] (ctrl+c stops)", highlight=False)
            c.print(
                "open that URL (it holds this run's secret token)"
                + ("; student mode: no file access in the app" if student_mode else ""),
                highlight=False,
            )

        emit(as_json, info, human)
        for w in warnings:
            err_console.print(f"[yellow]warning:[/] {w}", highlight=False)
        sys.stdout.flush()
    server.serve()
