"""The command palette offers every screen action (with help) and runs them."""

from __future__ import annotations

from textual.command import CommandInput
from textual.widgets import Input, Select

from tests.tui.conftest import TODAY, aio, settle


async def palette(pilot, query: str) -> None:
    """Open the palette, type ``query``, run the best match."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await settle(pilot)
    app.screen.query_one(CommandInput).value = query  # typing key by key is slow under Pilot
    await settle(pilot)
    await pilot.pause(0.2)
    await pilot.press("enter")
    await settle(pilot)


@aio
async def test_palette_lists_screen_commands_with_help(toy_store, make_app):
    from papermind.tui.commands import commands, gather

    app = make_app(toy_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        cat = gather(toy_store, TODAY)
        listed = commands(app, app.screen, cat)
        titles = [t for t, _, _ in listed]
        assert all(h for _, h, _ in listed), "every command has help text"
        keys = [p.key for p in toy_store.library.papers()]
        for expected in [
            "Quiz: due cards",
            "Quiz: start this week (week 4)",
            "Search: focus the query",
            "Concepts: week 4",
            "Ingest folder…",
            "Toggle theme",
            "Schedule: switch to version revised",
            *(f"Open paper {k}" for k in keys),
        ]:
            assert expected in titles, expected
        assert any(t.startswith("Quiz: paper ") for t in titles)
        assert "Reader: find in paper" not in titles  # only offered over the reader

        # run a few through the palette itself
        await palette(pilot, f"open paper {keys[0]}")
        assert type(app.screen).__name__ == "ReaderScreen" and app.screen.paper_key == keys[0]
        assert "Reader: find in paper" in [t for t, _, _ in commands(app, app.screen, cat)]
        await palette(pilot, "reader: find")
        assert not app.screen.query_one("#find-bar").has_class("hidden")
        assert app.screen.query_one("#find", Input).has_focus

        await palette(pilot, "search: focus")
        assert app.current_mode == "search" and type(app.screen).__name__ == "SearchScreen"
        assert app.screen.query_one("#query", Input).has_focus

        await palette(pilot, "quiz: due cards")
        assert app.current_mode == "quiz"
        assert app.screen.label == "Due cards" and app.screen.questions

        await palette(pilot, "schedule: switch to version revised")
        assert app.current_mode == "week" and app.screen.version == "revised"
        assert app.screen.query_one("#version", Select).value == "revised"

        await palette(pilot, f"concepts: paper {keys[0]}")
        assert app.current_mode == "concepts"
        assert app.screen.query_one("#scope", Select).value == f"p:{keys[0]}"
