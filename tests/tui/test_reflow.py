"""Reader reflow: paragraph lines joined, headings and breaks kept, find positions on screen."""

from __future__ import annotations

from textual.widgets import Static

from papermind.tui.widgets.reflow import is_heading, reflow
from tests.tui.conftest import aio, settle

BODY = (
    "Serving large language models needs a key-value cache for every\n"
    "request. Existing systems reserve contiguous memory for the max-\n"
    "imum sequence length, which causes internal and external frag-\n"
    "mentation inside the serving system.\n"
    "3.2 Paged Attention\n"
    "We propose block tables that map logical blocks to physical ones,\n"
    "like virtual memory pages in an operating system kernel does it.\n"
    "\n"
    "Figure 2. Memory waste.\n"
    "Orca\n"
    "20.4\n"
)


def test_reflow_joins_paragraph_lines_and_mends_hyphenated_words():
    out = reflow(BODY)
    assert (
        "for every request. Existing systems reserve contiguous memory for the maximum sequence length" in out
    )
    assert "external fragmentation inside" in out


def test_reflow_keeps_headings_breaks_and_short_lines():
    out = reflow(BODY).split("\n")
    assert "3.2 Paged Attention" in out  # a heading stays on its own line
    i = out.index("3.2 Paged Attention")
    assert out[i - 1] == "" and out[i + 1] == ""  # set off from the paragraphs around it
    assert out[i + 2].startswith("We propose block tables") and out[i + 2].endswith("does it.")
    assert "Orca" in out and "20.4" in out  # figure labels are not glued into a paragraph
    assert "Figure 2. Memory waste." in out


def test_heading_detection():
    assert is_heading("1 Introduction") and is_heading("3.2 Paged Attention") and is_heading("Abstract")
    assert is_heading("RELATED WORK")
    assert not is_heading("We propose block tables that map logical blocks.")
    assert not is_heading("20.4")


@aio
async def test_reader_shows_reflowed_text_and_hits_point_at_the_term(toy_store, make_app):
    from papermind.tui.messages import OpenReader

    key = next(p.key for p in toy_store.library.papers() if "paging" in p.key)
    raw = toy_store.library.page(key, 1).text
    app = make_app(toy_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.post_message(OpenReader(key, 1, ("memory",)))
        await settle(pilot)
        reader = app.screen
        shown = str(reader.query_one("#page-text", Static).render())
        assert shown == reflow(raw) != raw
        assert reader.matches
        for _ in range(min(4, len(reader.matches))):
            page, start, end = reader.matches[reader.current]
            assert page == reader.page_no
            assert reader._texts[page][start:end].lower() == "memory"
            assert str(reader.query_one("#page-text", Static).render())[start:end].lower() == "memory"
            await pilot.press("n")
            await settle(pilot)
