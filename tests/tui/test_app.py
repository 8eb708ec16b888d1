"""Behaviour of the TUI under Pilot: empty state, quiz, reader, errors, palette, themes."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from papermind.tui.widgets.row_table import RowTable
from tests.tui.conftest import aio, settle


def _text(widget: Static) -> str:
    """The widget's text (Rich renderables such as Group rendered to plain text)."""
    import io

    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return content
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(content)
    return console.file.getvalue()


@aio
async def test_empty_state_offers_ingest_and_schedule_still_works(empty_api, make_app):
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "ScheduleScreen"
        banner = screen.query_one("#empty-banner")
        assert not banner.has_class("hidden")
        assert "No papers ingested" in str(screen.query_one("#empty-text").render())
        week = _text(screen.query_one("#this-week", Static))
        assert "week 4" in week and "Readings" in week and "not ingested" in week
        assert screen.query_one("#term", RowTable).row_count > 5
        assert "0 papers" in app.sub_title
        # the ingest dialog opens from the banner's key
        await pilot.press("i")
        await settle(pilot)
        assert type(app.screen).__name__ == "IngestScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ScheduleScreen"


@aio
async def test_ingest_dialog_reports_a_bad_folder_and_keeps_running(empty_api, make_app, tmp_path):
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        field = app.screen.query_one("#folder", Input)
        field.value = str(tmp_path / "nowhere")
        await pilot.press("enter")
        await settle(pilot)
        assert "Failed" in _text(app.screen.query_one("#log", Static))
        assert app.is_running


@aio
async def test_quiz_keyboard_answer_records_attempt_and_review_state(empty_api, make_app):
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "QuizScreen"
        assert screen.query_one("#progress", DataTable).row_count >= 1
        screen.start("paper", "bert", "Paper bert")
        await settle(pilot)
        q = screen.questions[0]
        # answer whatever type comes first, from the keyboard only
        if q.type in ("single", "truefalse"):
            await pilot.press("1", "enter")
        elif q.type == "multi":
            await pilot.press("1", "ctrl+s")
        else:
            await pilot.press(*"42", "enter")
        await settle(pilot)
        assert screen.results, "the answer was graded"
        feedback = _text(screen.query_one("#feedback", Static))
        assert "score" in feedback
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.index == 1
    history = empty_api.quiz.history("tester")
    assert [a.question_id for a in history] == [q.id]
    from papermind.quiz.review import attempts as review

    with empty_api.session() as s:
        cards = review.cards(s, "tester")
    assert q.id in cards and cards[q.id].due is not None


@aio
async def test_quiz_summary_after_last_question(empty_api, make_app):
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        screen.start("paper", "bert", "Paper bert")
        await settle(pilot)
        screen.questions = screen.questions[:1]  # a one-question quiz
        screen.show_question()
        await settle(pilot)
        await pilot.press("ctrl+s") if screen.questions[0].type == "multi" else None
        if screen.questions[0].type in ("single", "truefalse"):
            await pilot.press("enter")
        elif screen.questions[0].type != "multi":
            await pilot.press("x", "enter")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "Paper bert: " in _text(screen.query_one("#summary-text", Static))
        assert " of 1 right" in _text(screen.query_one("#summary-text", Static))


@aio
async def test_worker_error_becomes_notification_and_app_keeps_running(empty_api, make_app):
    from papermind.tui.messages import OpenReader

    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.post_message(OpenReader("no-such-paper", 1))
        await settle(pilot)
        assert type(app.screen).__name__ == "ReaderScreen"
        for _ in range(200):  # the failed worker's state change reaches the app (slow on a busy machine)
            if app._notifications:
                break
            await pilot.pause(0.05)
        messages = [n.message for n in app._notifications]
        assert any("no-such-paper" in m for m in messages), messages
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and type(app.screen).__name__ == "ScheduleScreen"


@aio
async def test_palette_help_and_theme_toggle(empty_api, make_app):
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark != dark
        await pilot.press("question_mark")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"instructor")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "instructor"
        table = app.screen.query_one("#check", DataTable)
        assert table.row_count >= 0
        assert "bank" in _text(app.screen.query_one("#check-summary", Static))


@aio
async def test_reader_pages_outline_and_find(toy_store, make_app):
    papers = toy_store.library.papers()
    key = papers[0].key
    from papermind.tui.messages import OpenReader

    app = make_app(toy_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.post_message(OpenReader(key, 1, ("memory",)))
        await settle(pilot)
        reader = app.screen
        assert type(reader).__name__ == "ReaderScreen"
        assert reader.page_no == 1
        assert reader.query_one("#outline", OptionList).option_count >= 1
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert reader.page_no == 2
        await pilot.press("ctrl+f")
        reader.query_one("#find", Input).value = "the"
        await pilot.press("enter")
        await settle(pilot)
        assert reader.matches, "find-in-paper found matches"
        first = reader.current
        await pilot.press("n")
        await settle(pilot)
        assert reader.current == (first + 1) % len(reader.matches)
        assert reader.page_no == reader.matches[reader.current][0]


@aio
async def test_search_results_open_the_reader_at_the_hit_page(toy_store, make_app):
    app = make_app(toy_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"block tables for the kv cache")
        await settle(pilot, rounds=6)
        assert screen.hits, "results arrived while typing"
        hit = screen.hits[0]
        assert screen.query_one("#results", OptionList).option_count == len(screen.hits)
        await pilot.press("enter")  # submit: focus moves to the results
        await settle(pilot)
        await pilot.press("enter")  # open the highlighted result
        await settle(pilot)
        reader = app.screen
        assert type(reader).__name__ == "ReaderScreen"
        assert reader.paper_key == hit.paper_key and reader.page_no == hit.page


@aio
async def test_concept_map_select_shows_occurrences(toy_store, make_app):
    key = toy_store.library.papers()[0].key
    app = make_app(toy_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        screen.load_map(f"p:{key}")
        await settle(pilot)
        assert screen.nodes, "the map has concepts"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.selected is not None
        occ = screen.query_one("#occurrences", OptionList)
        assert occ.option_count >= 1
        assert screen.occurrences, "the selected concept's occurrences loaded"
        occ.focus()
        occ.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReaderScreen"


@aio
async def test_concept_map_of_papers_not_ingested_says_so(empty_api, make_app):
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot, rounds=6)
        detail = _text(app.screen.query_one("#detail", Static))
        assert "not ingested" in detail, detail
        assert app.is_running


@aio
async def test_quiz_progress_due_counts_use_the_app_clock(empty_api, make_app):
    from datetime import timedelta

    from tests.tui.conftest import NOW

    q = next(q for q in empty_api.quiz.questions(paper="bert") if q.type in ("single", "truefalse"))
    empty_api.quiz.grade(q.id, q.answer, user="tester", now=NOW)  # reviewed at NOW: not due at NOW
    at_now = {p.paper: p.due for p in empty_api.quiz.progress("tester", now=NOW)}
    later = {p.paper: p.due for p in empty_api.quiz.progress("tester", now=NOW + timedelta(days=400))}
    assert at_now["bert"] < later["bert"]  # the real clock (later than NOW) would count it due
    app = make_app(empty_api)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        table = app.screen.query_one("#progress", DataTable)
        rows = {str(table.get_row_at(i)[0]): table.get_row_at(i) for i in range(table.row_count)}
        assert rows["bert"][-1] == str(at_now["bert"])


@aio
async def test_help_lists_the_palette_commands_and_serve(empty_api, make_app):
    from textual.widgets import Markdown

    from papermind.tui.commands import COMMANDS

    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        source = app.screen.query_one(Markdown).source
        assert "ctrl+p" in source and "papermind serve" in source
        for title, _, _ in COMMANDS:
            assert title in source


@pytest.mark.slow  # the dialog ingests a PDF
@aio
async def test_ingest_dialog_shows_progress_and_the_real_summary(empty_api, make_app, toy_pdfs, tmp_path):
    import shutil

    from textual.widgets import ProgressBar

    folder = tmp_path / "pdfs" / "nested"
    folder.mkdir(parents=True)
    shutil.copy(toy_pdfs / "toy-paging.pdf", folder / "Toy-Paging.PDF")  # nested, upper-case suffix
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#folder", Input).value = str(tmp_path / "pdfs")
        await pilot.press("enter")
        for _ in range(600):  # the worker embeds the paper: wait for its summary
            await pilot.pause(0.1)
            if "Done:" in _text(app.screen.query_one("#log", Static)):
                break
        log = _text(app.screen.query_one("#log", Static))
        assert "Done: 1 added" in log and "0 failed" in log
        bar = app.screen.query_one("#bar", ProgressBar)
        assert bar.total == 1 and bar.progress == 1
    assert [p.key for p in empty_api.library.papers()] == ["toy-paging"]


@aio
async def test_next_discussion_lists_the_discussed_paper_and_the_new_reading(empty_api, make_app):
    from datetime import date, datetime

    app = make_app(empty_api, today=date(2026, 9, 1), now=datetime(2026, 9, 1, 9, 0))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        week = _text(app.screen.query_one("#this-week", Static))
        assert "covers attention, bert" in week  # week 3 discusses attention and reads bert


@pytest.mark.slow  # ingests a PDF
@aio
async def test_screens_pick_up_papers_ingested_while_they_were_hidden(empty_api, make_app, toy_pdfs):
    from textual.widgets import Select

    from papermind.tui.messages import StoreReady

    app = make_app(empty_api)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        options = lambda: [v for _, v in app.screen.query_one("#paper", Select)._options]
        assert "toy-paging" not in options()
        await pilot.press("f2")
        await settle(pilot)
        empty_api.ingest([toy_pdfs / "toy-paging.pdf"])
        app.post_message(StoreReady(empty_api.library.papers()))  # what the app posts after an ingest
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert "toy-paging" in options()


@aio
async def test_this_week_shows_the_schedule_while_the_store_is_still_opening(
    empty_api, make_app, monkeypatch
):
    import threading

    from papermind.store import migrate

    opened = threading.Event()
    release = threading.Event()
    real = migrate.ensure_schema

    def slow_open(engine):  # type: ignore[no-untyped-def]
        opened.set()
        release.wait(30)
        real(engine)

    monkeypatch.setattr(migrate, "ensure_schema", slow_open)
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(400):  # the schedule arrives from its worker
            await pilot.pause(0.05)
            if "Readings" in _text(app.screen.query_one("#this-week", Static)):
                break
        week = _text(app.screen.query_one("#this-week", Static))
        assert "week 4" in week and "Readings" in week
        # ...while opening the store is still held up (it waits for `release`)
        release.set()
        await settle(pilot)
        assert opened.is_set() and "0 papers" in app.sub_title
        assert "not ingested" in _text(app.screen.query_one("#this-week", Static))


@aio
async def test_the_store_opens_only_once_the_first_frame_is_on_the_terminal(empty_api, make_app, monkeypatch):
    """Opening the store (a thread importing SQLAlchemy) and mounting the footer share the one
    interpreter with the first frame: they wait for it, also when the schedule is read before
    the first frame (the usual case: the screen starts reading it when the app loads; in a
    terminal Textual ran the after-refresh callback that starts them before that frame), and the
    deferred widgets end up where they belong."""
    from papermind.tui.app import PapermindApp
    from papermind.tui.screens.schedule import ScheduleScreen

    real_mount = ScheduleScreen.on_mount

    async def busy_mount(self: ScheduleScreen) -> None:
        """A busy machine: the schedule is read before the screen mounts."""
        assert self._prefetch is not None
        await self._prefetch.wait()
        real_mount(self)
        assert self.data is not None  # shown before the first frame

    monkeypatch.setattr(ScheduleScreen, "on_mount", busy_mount)
    app = make_app(empty_api)
    asked_with_frame: list[bool] = []
    real_open = PapermindApp.open_store

    def open_store() -> None:
        asked_with_frame.append(app.first_frame_shown)
        real_open(app)

    app.open_store = open_store  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert asked_with_frame and all(asked_with_frame), asked_with_frame
        assert "0 papers" in app.sub_title
        # the widgets mounted after the first frame are there, in their places
        screen = app.screen
        assert [w.id for w in screen.children][:3] == [None, "empty-banner", "top"]
        assert [w.id for w in screen.query_one("#side").children] == [None, "version", "due-pane"]
        footer = screen.query_one("Footer")
        assert "Search" in " ".join(str(k.render()) for k in footer.children)


@aio
async def test_f2_returns_to_the_first_week_screen_with_what_was_open_on_it(toy_store, make_app):
    """The week screen starts as Textual's default screen (not a mode's): F2 from another mode
    comes back to that same screen, version and all, with the reader still open on top of it."""
    from papermind.tui.messages import OpenReader

    app = make_app(toy_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = app.screen
        assert type(first).__name__ == "ScheduleScreen" and app.current_mode == "week"
        first.use_version("revised")
        app.post_message(OpenReader(toy_store.library.papers()[0].key, 1))
        await settle(pilot)
        assert type(app.screen).__name__ == "ReaderScreen"
        await pilot.press("f3")
        await settle(pilot)
        assert app.current_mode == "search"
        await pilot.press("f2")
        await settle(pilot)
        assert app.current_mode == "week" and type(app.screen).__name__ == "ReaderScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is first and first.version == "revised"


@aio
async def test_enter_on_a_term_row_opens_its_paper_or_says_none_is_ingested(empty_api, make_app, monkeypatch):
    app = make_app(empty_api)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#term", RowTable)
        table.focus()
        said: list[str] = []
        opened: list[tuple[str, int]] = []
        monkeypatch.setattr(screen, "notify", lambda message, **_: said.append(message))
        monkeypatch.setattr(app, "action_open_reader", lambda key, page: opened.append((key, page)))
        assert table.cursor_row == 3  # this week (week 4) is under the cursor
        await pilot.press("enter")
        await settle(pilot)
        assert said == ["No ingested paper for this session"] and opened == []
        monkeypatch.setattr(screen, "_ingested", lambda data: {"memory-gap"})
        await pilot.press("enter")
        await settle(pilot)
        assert opened == [("memory-gap", 1)]
        # week 5's discussion covers memory-gap again (and reads zero-infinity, not ingested):
        # its row names both, and Enter opens the one there is
        await pilot.press("down", "enter")
        await settle(pilot)
        assert opened[-1] == ("memory-gap", 1)
        row = screen.query_one("#term", RowTable).row(4).plain
        assert "zero-infinity*" in row and "↺ memory" in row  # the column is cut at its width


@aio
async def test_the_collector_launch_turned_off_is_on_again_once_the_store_opens(empty_api, make_app):
    import gc

    gc.disable()  # as papermind.launch does before the app starts
    try:
        app = make_app(empty_api)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "0 papers" in app.sub_title and gc.isenabled()
    finally:
        gc.enable()


@aio
async def test_an_empty_library_focuses_the_ingest_button(empty_api, make_app):
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "ingest"
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "IngestScreen"


@aio
async def test_enter_on_a_full_librarys_first_screen_does_not_open_the_ingest_dialog(toy_store, make_app):
    """The hidden empty-library banner's button used to hold the focus: Enter opened Ingest."""
    app = make_app(toy_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#empty-banner").has_class("hidden")
        assert app.focused is not None and app.focused.id != "ingest"
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ScheduleScreen"


@aio
async def test_preparing_the_model_shows_in_the_status_and_a_notification(empty_api, make_app):
    """The one-time model export (seconds, a minute under load) is announced while it runs: the
    status line says so and a notification explains it; the listener goes when the app does."""
    import threading

    from papermind import embed

    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # the export is reported from the thread that loads the model, as a worker would
        worker = threading.Thread(target=embed._notify_export, args=(None,))
        worker.start()
        worker.join()
        await settle(pilot)
        assert "model: preparing (one-time)…" in app.sub_title
        assert any("preparing the search model (one-time" in n.message for n in app._notifications)
        threading.Thread(target=embed._notify_export, args=(3.2,)).start()
        for _ in range(100):
            if "preparing" not in app.sub_title:
                break
            await pilot.pause(0.05)
        assert "model: loading…" in app.sub_title
    assert app._model_export not in embed._export_listeners
