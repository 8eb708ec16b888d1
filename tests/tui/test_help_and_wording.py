"""Help opens light (a paragraph per list, no table of widgets) with the keys going to it at once,
says nothing in developer terms; the quiz's judgement prompt reads as a sentence and
points are shown with at most two decimals."""

from __future__ import annotations

from textual.containers import VerticalScroll

from tests.tui.conftest import aio, settle


@aio
async def test_help_scrolls_with_the_arrows_at_once_and_is_light(empty_api, make_app):
    app = make_app(empty_api)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "HelpScreen"
        scroll = screen.query_one("#help-scroll", VerticalScroll)
        assert app.focused is scroll
        # a widget per paragraph, not per table cell and bullet (131 widgets took ~1 s to open)
        assert len(list(screen.walk_children())) <= 20
        await pilot.press("down", "down", "down")
        await settle(pilot)
        assert scroll.scroll_y >= 3


def test_help_speaks_to_a_student() -> None:
    from papermind.tui.screens.help import help_text

    text = help_text().lower()
    assert "worker" not in text and "service call" not in text


def _result(**kw):
    from papermind.quiz.bank.model import Evidence
    from papermind.quiz.grading.rules import GradeResult

    base = dict(question_id="q", score=0.2123, correct=False, feedback="", verdict="incorrect")
    base.update(kw)
    if "evidence" not in kw:
        base["evidence"] = Evidence(section="Abstract", quote="a quote")
    return GradeResult(**base)


def test_points_have_at_most_two_decimals_and_the_judgement_prompt_is_a_sentence() -> None:
    from papermind.tui.widgets.grade import render_grade

    shown = str(render_grade(_result(points=0.4246, max_points=2.0)))
    assert "score 0.21 of 1 · 0.42 of 2 points" in shown, shown
    assert (
        "Disagree with the grade? Press 1 (I missed it), 2 (Partly) or 3 (I had it) "
        "to record your own judgement." in shown
    ), shown
    assert "Evidence: Abstract" in shown and " · Abstract" not in shown  # no page: no dangling " · "
    assert "1 of 2 points" in str(render_grade(_result(score=0.5, points=1.0, max_points=2.0)))
