"""Opening a search hit lands on the hit: the reader goes to the passage, marks it, scrolls it into
view and names the section it is in (not the last section begun on the page)."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from tests.tui.conftest import aio, settle

FILLER = "Filler sentence that pads the page out to many lines."
NEEDLE = "The chunk pre-allocation scheme wastes memory in three distinct ways on every request."


@pytest.fixture(scope="module")
def long_page_api(tmp_path_factory):
    from papermind.api import Papermind
    from tests.helpers.pdfs import make_pdf

    d = tmp_path_factory.mktemp("long-page")
    page1 = "\n".join(
        ["A Long Page", "Abstract", *[FILLER] * 4, "1 Introduction", *[FILLER] * 18, "2 Method"]
        + [*[FILLER] * 6, NEEDLE, *[FILLER] * 3, "3 Later Work", *[FILLER] * 4]
    )
    make_pdf(d / "long.pdf", [page1, "4 Conclusion\n" + FILLER], title="A Long Page")
    pm = Papermind(db=d / "t.db")
    report = pm.ingest([d / "long.pdf"])
    assert report.ok, report.failed
    yield pm
    pm.close()


def _render(widget) -> str:
    return str(widget.render())


@aio
async def test_the_reader_opens_on_a_passage_marked_in_view_and_names_its_section(long_page_api, make_app):
    from papermind.tui.screens.reader import ReaderScreen
    from papermind.tui.widgets.highlight import PASSAGE

    key = long_page_api.library.papers()[0].key
    app = make_app(long_page_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ReaderScreen(key, 1, passage=NEEDLE))
        await settle(pilot)
        reader = app.screen
        assert reader.passage_at is not None and reader.passage_at[0] == 1
        page, start, end = reader.passage_at
        text = reader._texts[1]
        assert " ".join(text[start:end].split()) == NEEDLE
        body = reader.query_one("#page-text", Static).content
        assert isinstance(body, Text)
        assert any(str(s.style) == PASSAGE and s.start == start for s in body.spans)
        header = _render(reader.query_one("#page-title", Label))
        assert "2 Method" in header and "3 Later" not in header
        scroll = reader.query_one("#page-scroll", VerticalScroll)
        width = scroll.scrollable_content_region.width - 2
        line = len(Text(text[:start]).wrap(app.console, width))
        assert scroll.scroll_y > 0 and scroll.scroll_y <= line < scroll.scroll_y + scroll.size.height
        assert reader.query_one("#find-bar").has_class("hidden"), "no find bar full of query words"


@aio
async def test_a_search_hit_opens_the_reader_on_its_sentence(toy_store, make_app):
    app = make_app(toy_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"block tables map logical blocks")
        await settle(pilot, rounds=6)
        assert screen.hits
        hit = screen.hits[0]
        await pilot.press("enter")  # submit: focus moves to the results
        await settle(pilot)
        await pilot.press("enter")  # open the highlighted hit
        await settle(pilot)
        reader = app.screen
        assert type(reader).__name__ == "ReaderScreen"
        assert reader.passage == hit.snippet
        assert reader.passage_at is not None and reader.passage_at[0] == reader.page_no == hit.page
        assert not reader.terms and reader.query_one("#find-bar").has_class("hidden")


def test_locate_tolerates_line_breaks_hyphens_and_a_cut_snippet() -> None:
    from papermind.tui.widgets.highlight import locate

    text = "Intro.\nThe chunk pre-\nallocation scheme in existing\nsystems wastes memory. Next one."
    at = locate(text, "The chunk pre-allocation scheme in existing systems wastes memory.")
    assert at is not None and text[at[0] :].startswith("The chunk") and text[: at[1]].endswith("memory.")
    assert locate(text, "…scheme in existing systems") is not None
    assert locate(text, "nothing like this here") is None
