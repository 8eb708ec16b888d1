"""Every command's summary line in ``--help`` listings is one line of text.

Typer shows a command's first docstring paragraph in its group's command list and keeps the
paragraph's line breaks there, so a summary wrapped in the source shows up broken mid-sentence.
"""

from __future__ import annotations

import typer
from typer.core import TyperCommand, TyperGroup

from papermind.cli import app


def _commands(group: TyperGroup, prefix: str = "") -> list[tuple[str, TyperCommand | TyperGroup]]:
    found: list[tuple[str, TyperCommand | TyperGroup]] = []
    for name, cmd in group.commands.items():
        assert isinstance(cmd, TyperCommand | TyperGroup)
        found.append((f"{prefix}{name}", cmd))
        if isinstance(cmd, TyperGroup):
            found.extend(_commands(cmd, f"{prefix}{name} "))
    return found


def test_every_command_summary_is_one_line() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    commands = _commands(root)
    assert len(commands) > 20  # the whole CLI, sub-groups included
    wrapped = [name for name, cmd in commands if "\n" in (cmd.help or "").strip().split("\n\n")[0]]
    assert wrapped == []


def test_top_level_listing_shows_unbroken_summaries() -> None:
    from typer.testing import CliRunner

    out = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"}).output
    assert "Rebuild the full-text (FTS5) and vector (FAISS) indexes, and the sentence vectors." in out
    assert "Show the key concepts of a week's papers (or one paper), with their links." in out


def test_no_help_text_loses_words_to_rich_markup() -> None:
    # The CLI renders help as Rich markup: "[default: x]" is read as a tag and vanishes.
    from rich.markup import render

    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    lost = []
    for name, cmd in [("papermind", root), *_commands(root)]:
        texts = [cmd.help or ""] + [getattr(p, "help", None) or "" for p in cmd.params]
        for text in texts:
            if render(text).plain != text.replace("\\[", "["):
                lost.append(f"{name}: {text}")
    assert lost == []
