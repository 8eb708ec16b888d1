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


def _search_run_before(query: str):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        pilot.app.screen.query_one("#query").value = query
        await pilot.press("enter")  # search now, not after the typing debounce
        await settle(pilot)
        await settle(pilot)  # the preview and see-also of the first hit
        pilot.app.screen.action_focus_results()  # no blinking input cursor in the picture
        await settle(pilot)

    return run_before


def test_search_80x24(snap_compare, toy_store, make_app):
    app = make_app(toy_store, perf_counter=lambda: 0.0)  # "· 0 ms": no changing timing text
    assert snap_compare(app, terminal_size=(80, 24), run_before=_search_run_before("block tables"))


def test_search_120x40(snap_compare, toy_store, make_app):
    app = make_app(toy_store, perf_counter=lambda: 0.0)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_search_run_before("block tables"))


def test_concepts_120x40(snap_compare, toy_store, make_app):
    key = next(p.key for p in toy_store.library.papers() if "paging" in p.key)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        pilot.app.screen.open_scope(f"p:{key}")
        await settle(pilot)
        await pilot.press("enter")  # the first (most salient) concept and its occurrences
        await settle(pilot)

    assert snap_compare(make_app(toy_store), terminal_size=(120, 40), run_before=run_before)


BANK = """\
paper = "toy-paging"

[[question]]
id = "toy-01"
type = "single"
prompt = "What maps logical blocks to physical blocks?"
choices = ["A block table", "A page cache", "A scheduler"]
answer = "A"
evidence = { page = 1, quote = "block tables that map logical blocks to physical blocks" }

[[question]]
id = "toy-02"
type = "single"
prompt = "Which answer is right?"
choices = ["This one", "This one"]
answer = "C"
"""


def test_instructor_80x24(snap_compare, tmp_path, make_app):
    from papermind.api import Papermind

    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    (quizzes / "toy-paging.toml").write_text(BANK)
    api = Papermind(db=tmp_path / "i.db", quizzes=quizzes)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)

    try:
        assert snap_compare(make_app(api), terminal_size=(80, 24), run_before=run_before)
    finally:
        api.close()
