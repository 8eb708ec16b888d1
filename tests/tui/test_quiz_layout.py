"""The quiz screen at 80x24 after grading a short answer: the verdict line is in view and the
answer box still shows every word of the answer (the scrollbar that appears does not cut it)."""

from __future__ import annotations

import re

import pytest

from tests.tui.conftest import aio, settle
from tests.tui.test_quiz_judgement import _screen_text, _start, bank_api  # noqa: F401

# distinct words of three letters: lines that fill the box to its last column (as real answers do)
ANSWERS = [" ".join(f"{c}{i:0{n}d}" for i in range(1, 40)) for c in "w" for n in (2, 3)]
FEEDBACK = " ".join(["The answer misses how the scale of the dot products affects the softmax."] * 6)


def _incorrect(monkeypatch) -> None:
    from papermind.quiz.grading import semantic

    def incorrect(answer, reference, **kw):
        return semantic.SemanticResult(
            score=0.2123, correct=False, value=0.2, feedback=FEEDBACK, details={}, verdict="incorrect"
        )

    monkeypatch.setattr(semantic, "grade", incorrect)


@pytest.mark.parametrize("answer", ANSWERS)
@aio
async def test_after_grading_the_verdict_is_in_view_and_the_answer_keeps_every_word(
    answer,
    bank_api,  # noqa: F811
    make_app,
    monkeypatch,
):
    _incorrect(monkeypatch)
    app = make_app(bank_api)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, ["tq-02"])
        await pilot.press(*answer)
        await settle(pilot)
        words = re.findall(r"\w+", answer)
        assert set(words) <= set(re.findall(r"\w+", _screen_text(app))), "typed answer fully shown"
        await pilot.press("enter")
        await settle(pilot)
        shot = _screen_text(app)
        assert "✘ Incorrect" in shot, shot
        box = screen.query_one("#text-answer")
        assert box.text == answer
        # every word of the answer is still on screen (scroll back to the box to look)
        screen.query_one("#q-scroll").scroll_home(animate=False)
        await settle(pilot)
        assert set(words) <= set(re.findall(r"\w+", _screen_text(app))), _screen_text(app)
