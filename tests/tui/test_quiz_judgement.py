"""The quiz screen under Pilot: shuffled choices with letters, an unsure short answer judged by the
student, undo that lets the student answer again and corrects the summary, partial credit shown
as such. The grader's verdict is fixed where the test is about the screen, not the grader."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from tests.tui.conftest import aio, settle

BANK = """paper = "attention"

[[question]]
id = "tq-01"
type = "single"
prompt = "How many heads in the base model?"
choices = ["4", "8", "16", "32"]
answer = "B"

[[question]]
id = "tq-02"
type = "short"
prompt = "Why scale the dot products by 1/sqrt(d_k)?"
reference = ["For large d_k the dot products grow large and push the softmax into regions with tiny gradients."]
evidence = { page = 4, quote = "We suspect that for large values of d_k, the dot products grow large in magnitude" }

[[question]]
id = "tq-03"
type = "multi"
prompt = "Which are sublayers of an encoder layer?"
choices = [
  "self-attention",
  "feed-forward network",
  "encoder-decoder attention",
  "a recurrent layer that carries a hidden state from one position to the next, as in earlier seq2seq models",
]
answer = ["A", "B"]
points = 2
"""


@pytest.fixture
def bank_api(tmp_path):
    from papermind.api import Papermind

    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    (quizzes / "attention.toml").write_text(BANK, encoding="utf-8")
    pm = Papermind(db=tmp_path / "t.db", quizzes=quizzes)
    yield pm
    pm.close()


def _text(widget: Static) -> str:
    return str(widget.render())


def _screen_text(app) -> str:
    """The screen's text as rendered (from the SVG screenshot), one line per row."""
    import html
    import re

    rows = re.findall(r"<text[^>]*>(.*?)</text>", app.export_screenshot())
    return html.unescape("".join(re.sub(r"<[^>]+>", "", r) for r in rows)).replace("\xa0", " ")


async def _start(pilot, qids: list[str]):
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    screen = pilot.app.screen
    screen.start("paper", "attention", "Paper attention")
    await settle(pilot)
    screen.questions = [q for q in screen.questions if q.id in qids]
    screen.index = 0
    screen.show_question()
    await settle(pilot)
    return screen


@aio
async def test_choices_are_shuffled_per_user_and_lettered(bank_api, make_app):
    from papermind.quiz.bank.shuffle import choice_order

    app = make_app(bank_api)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, ["tq-01"])
        q = screen.questions[0]
        order = choice_order("tester", "tq-01", 4)
        assert q.choices == [["4", "8", "16", "32"][i] for i in order]
        ol = screen.query_one("#choices", OptionList)
        labels = [str(ol.get_option_at_index(i).prompt) for i in range(4)]
        assert labels == [f"{'ABCD'[i]}) {c}" for i, c in enumerate(q.choices)]
        key = "abcd"[q.choices.index("8")]
        await pilot.press(key, "enter")
        await settle(pilot)
        assert _text(screen.query_one("#feedback", Static)).startswith("✔ Correct")
    assert bank_api.quiz.history("tester")[0].answer == 1  # stored as the bank's "B"


@aio
async def test_unsure_short_answer_is_judged_by_the_student(bank_api, make_app, monkeypatch):
    from papermind.quiz.grading import semantic

    def unsure(answer, reference, **kw):
        return semantic.SemanticResult(
            score=0.2,
            correct=False,
            value=0.45,
            feedback="Unsure: too close to call.",
            details={},
            verdict="unsure",
        )

    monkeypatch.setattr(semantic, "grade", unsure)
    app = make_app(bank_api)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, ["tq-02"])
        await pilot.press(*"the softmax saturates", "enter")
        await settle(pilot)
        shown = _text(screen.query_one("#feedback", Static))
        assert "? Unsure" in shown and "Model answer: For large d_k" in shown
        assert "the dot products grow large in magnitude" in shown  # the evidence
        assert "How did you do?" in shown
        due_before = bank_api.quiz.history("tester")[0].due
        await pilot.press("3")  # I had it
        await settle(pilot)
        shown = _text(screen.query_one("#feedback", Static))
        assert "You had it (your judgement)" in shown and "score 1.00 of 1" in shown
    a = bank_api.quiz.history("tester")[0]
    assert (a.verdict, a.judged_by, a.self_rating, a.overruled, a.score) == (
        "unsure",
        "self",
        "had",
        False,
        1.0,
    )
    assert a.due > due_before  # FSRS moved the review out


@aio
async def test_undo_lets_the_student_answer_again_and_fixes_the_summary(bank_api, make_app):
    app = make_app(bank_api)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, ["tq-01"])
        q = screen.questions[0]
        wrong = "abcd"[q.choices.index("4")]
        await pilot.press(wrong, "enter")
        await settle(pilot)
        assert _text(screen.query_one("#feedback", Static)).startswith("✘ Incorrect")
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert screen.results == [] and _text(screen.query_one("#feedback", Static)) == ""
        assert not screen.query_one("#choices", OptionList).disabled
        await pilot.press("abcd"[q.choices.index("8")], "enter")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        summary = _text(screen.query_one("#summary-text", Static))
        assert summary.startswith("Paper attention: 1 of 1 right, 0 partly · score 1.00 of 1")
    assert [(a.question_id, a.score) for a in bank_api.quiz.history("tester")] == [("tq-01", 1.0)]


@aio
async def test_half_right_multi_shows_partly_right_with_the_scoring(bank_api, make_app):
    app = make_app(bank_api)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot, ["tq-03"])
        q = screen.questions[0]
        shot = _screen_text(app)
        assert "as in earlier seq2seq models" in shot and "…" not in shot  # wrapped at 80x24, not cut
        await pilot.press("abcd"[q.choices.index("self-attention")], "ctrl+s")
        await settle(pilot)
        shown = _text(screen.query_one("#feedback", Static))
        assert shown.startswith("◐ Partly right  score 0.50 of 1 · 1 of 2 points")
        assert "✔ Correct" not in shown
        assert "1 of 2 right choices picked, 0 of 2 wrong ones" in shown


@aio
async def test_this_week_due_counts_refresh_after_answers(bank_api, make_app):
    import re

    def due_new(app) -> tuple[int, int]:
        m = re.search(r"attention +(\d+) +(\d+)", _screen_text(app))
        assert m, "the This-week pane lists the attention quiz"
        return int(m.group(1)), int(m.group(2))

    app = make_app(bank_api)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert due_new(app) == (0, 3)  # three new questions
        screen = await _start(pilot, ["tq-01"])
        q = screen.questions[0]
        await pilot.press("abcd"[q.choices.index("8")], "enter")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert due_new(app) == (0, 2)  # refreshed on return, without pressing r
