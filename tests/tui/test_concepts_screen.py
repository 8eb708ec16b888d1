"""The concept map screen: week names whole in the picker, an opaque dropdown, occurrence
snippets cut at a word, and the numbers beside a concept explained."""

from __future__ import annotations

import re

from textual.widgets import OptionList, Select, Static, Tree
from textual.widgets._select import SelectOverlay

from tests.tui.conftest import aio, settle


def test_cut_ends_at_a_word_with_an_ellipsis() -> None:
    from papermind.tui.screens._choices import cut

    assert cut("short title", 40) == "short title"
    out = cut("the solution to address the challenges imposed by caching", 30)
    assert out.endswith("…") and len(out) <= 30
    assert "the solution to address the challenges imposed by caching".startswith(out[:-1])
    assert out[:-1].split()[-1] in {"to", "address", "the"}  # a whole word before the ellipsis


def test_week_choices_keep_the_whole_title(empty_api) -> None:
    from papermind.tui.screens._choices import week_choices

    titles = {m.week: m.title for m in empty_api.schedule.load().meetings}
    for label, week in week_choices(empty_api):
        if len(titles[week]) <= 100:
            assert label == f"{week} · {' '.join(titles[week].split())}"


@aio
async def test_concept_numbers_are_explained_snippets_end_at_a_word_dropdown_is_opaque(toy_store, make_app):
    key = toy_store.library.papers()[0].key
    app = make_app(toy_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        screen.load_map(f"p:{key}")
        await settle(pilot)
        tree = screen.query_one("#tree", Tree)
        first = tree.root.children[0]
        assert re.search(r"\d+ ×\d+", str(first.label)), first.label
        assert "score 0-100" in str(tree.border_subtitle) and "occurrences" in str(tree.border_subtitle)
        await pilot.press("enter")
        await settle(pilot)
        detail = str(screen.query_one("#detail", Static).render())
        assert re.search(r"score \d+ of 100 \(how central to this map\) · \d+ occurrences", detail), detail
        assert "salience" not in detail
        # a defined concept says where its definition comes from (the map's own paper)
        from dataclasses import replace

        label = next(iter(screen.nodes))
        screen.nodes[label] = replace(
            screen.nodes[label], definition="X is a thing.", definition_paper=key, definition_page=3
        )
        screen.show_concept(label)
        await settle(pilot)
        shown = str(screen.query_one("#detail", Static).render())
        assert f"X is a thing.\n({key} p.3)" in shown, shown
        occ = screen.query_one("#occurrences", OptionList)
        for i, o in enumerate(screen.occurrences):
            shown = str(occ.get_option_at_index(i).prompt).split("  ", 1)[1]
            full = " ".join(o.snippet.split())
            assert shown == full or (
                shown.endswith("…") and re.match(re.escape(shown[:-1]) + r"\W", full + " ")
            )
        select = screen.query_one("#scope", Select)
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        overlay = select.query_one(SelectOverlay)
        # opaque, set off from the panes it covers, and framed
        assert overlay.styles.background.a == 1.0
        assert overlay.styles.background != screen.query_one("#detail-pane").styles.background
        assert overlay.styles.border_top[0] != ""
