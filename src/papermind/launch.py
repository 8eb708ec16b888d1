"""The ``papermind`` entry point: straight to the app when there is no command, else the CLI.

``papermind`` alone (or with only ``--db``/``--corpus``) opens the terminal app without importing
typer and the CLI's command modules (~0.7 s of a cold start on two cores); anything else, including
``--help`` and every command, goes to the typer app unchanged. ``PAPERMIND_DB`` and
``PAPERMIND_CORPUS`` are read by ``Settings`` either way.
"""

from __future__ import annotations

import gc
import sys

APP_OPTIONS = ("--db", "--corpus")


def app_options(argv: list[str]) -> dict[str, str] | None:
    """``{"db": ..., "corpus": ...}`` when ``argv`` only opens the app, else None (the CLI's)."""
    found: dict[str, str] = {}
    i = 0
    while i < len(argv):
        name, eq, value = argv[i].partition("=")
        if name not in APP_OPTIONS or name[2:] in found:
            return None
        if not eq:
            if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                return None  # let the CLI report the missing value
            value = argv[i + 1]
            i += 1
        if not value:
            return None
        found[name[2:]] = value
        i += 1
    return found


def main() -> None:
    # No cyclic garbage collection while the app starts: during the imports alone the collector
    # ran ~95 times over ever more objects (15-35 ms CPU of the launch on two cores). The app
    # turns it back on once its first screen has its content (``PapermindApp.open_store``); the
    # CLI at once.
    gc.disable()
    options = app_options(sys.argv[1:])
    if options is None:
        gc.enable()
        from papermind.cli import main as cli_main

        cli_main()
        return
    from papermind.api import Papermind
    from papermind.tui import run_app

    run_app(Papermind(options.get("db"), corpus=options.get("corpus")))
