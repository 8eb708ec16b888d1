"""The entry point sends a bare ``papermind`` (or one with only --db/--corpus) straight to the app
and everything else to the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

from papermind.launch import app_options


def test_no_command_opens_the_app():
    assert app_options([]) == {}
    assert app_options(["--db", "x.db"]) == {"db": "x.db"}
    assert app_options(["--db=x.db", "--corpus", "c"]) == {"db": "x.db", "corpus": "c"}


def test_anything_else_goes_to_the_cli():
    for argv in (
        ["search", "kv"],
        ["--db", "x.db", "papers"],
        ["--help"],
        ["--version"],
        ["--db"],
        ["--db", "--corpus", "c"],
        ["--db", "a", "--db", "b"],
        ["--db="],
    ):
        assert app_options(argv) is None, argv


def test_the_app_path_imports_neither_typer_nor_the_cli(tmp_path):
    code = (
        "import sys, json\nimport papermind.tui\npapermind.tui.run_app = lambda api: print(json.dumps("
        "[api.settings.db_url, sorted(m for m in sys.modules if m == 'typer' or m.startswith('papermind.cli'))]))\n"
        f"sys.argv = ['papermind', '--db', {str(tmp_path / 's.db')!r}]\n"
        "from papermind.launch import main\nmain()"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    url, mods = json.loads(r.stdout)
    assert url.endswith("/s.db") and mods == []


def test_module_entry_still_runs_the_cli():
    r = subprocess.run(
        [sys.executable, "-m", "papermind", "--help"], check=False, capture_output=True, text=True
    )
    assert r.returncode == 0 and "search" in r.stdout


def test_the_collector_is_off_while_the_app_starts_and_on_for_the_cli(tmp_path, monkeypatch):
    """No cyclic GC between launch and the first screen's content (the app turns it back on when
    it opens the store); a CLI command runs with it on."""
    import gc

    import papermind.cli
    import papermind.launch
    import papermind.tui

    seen: list[tuple[str, bool]] = []
    monkeypatch.setattr(papermind.tui, "run_app", lambda api: seen.append(("app", gc.isenabled())))
    monkeypatch.setattr(papermind.cli, "main", lambda: seen.append(("cli", gc.isenabled())))
    try:
        monkeypatch.setattr(sys, "argv", ["papermind", "--db", str(tmp_path / "s.db")])
        papermind.launch.main()
        monkeypatch.setattr(sys, "argv", ["papermind", "papers"])
        papermind.launch.main()
    finally:
        gc.enable()
    assert seen == [("app", False), ("cli", True)]
