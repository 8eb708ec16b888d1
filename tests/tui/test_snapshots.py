"""Snapshot tests of the main screens at 80x24 and 120x40 (fixed clock, no spinners).

Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from tests.tui.conftest import settle


def test_schedule_empty_state_80x24(snap_compare, empty_api, make_app):
    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(make_app(empty_api), terminal_size=(80, 24), run_before=run_before)


def test_schedule_120x40(snap_compare, empty_api, make_app):
    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(make_app(empty_api), terminal_size=(120, 40), run_before=run_before)


def test_help_80x24(snap_compare, empty_api, make_app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(empty_api), terminal_size=(80, 24), run_before=run_before)


def test_quiz_graded_120x40(snap_compare, empty_api, make_app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = pilot.app.screen
        screen.start("paper", "attention", "Paper attention")
        await settle(pilot)
        q = screen.questions[0]
        if q.type in ("single", "truefalse"):
            await pilot.press("1", "enter")
        elif q.type == "multi":
            await pilot.press("1", "ctrl+s")
        else:
            await pilot.press(*"attention", "enter")
        await settle(pilot)

    assert snap_compare(make_app(empty_api), terminal_size=(120, 40), run_before=run_before)


def test_reader_80x24(snap_compare, toy_store, make_app):
    from papermind.tui.messages import OpenReader

    key = toy_store.library.papers()[0].key

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.post_message(OpenReader(key, 1, ("memory",)))
        await settle(pilot)

    assert snap_compare(make_app(toy_store), terminal_size=(80, 24), run_before=run_before)
