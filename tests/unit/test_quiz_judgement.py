"""Shuffled choices, the student's own judgement (self-assessed / overruled), overrule statistics,
the daily new-question limit and the forecast, partial-credit feedback, reversed comparisons and
the unsure band (temp DB per test; no model)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from papermind.quiz.bank.model import Question
from papermind.quiz.bank.shuffle import choice_order, presented, to_bank
from papermind.quiz.grading import negation, verdict
from papermind.quiz.grading.comparisons import reversed_comparison
from papermind.quiz.grading.rules import grade
from papermind.quiz.review import attempts as review
from tests.helpers.quizbank import store_with_bank

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def pm(tmp_path):
    p = store_with_bank(tmp_path)
    yield p
    p.close()


MULTI = Question(
    id="m-01",
    type="multi",
    prompt="Which hold?",
    choices=["w", "x", "y", "z"],
    answer=[0, 2],
    choice_feedback=["fw", "fx", "fy", "fz"],
)


def test_choice_order_is_per_user_and_question_and_stable():
    assert choice_order("ann", "q1", 4) == choice_order("ann", "q1", 4)
    orders = {tuple(choice_order(u, "q1", 4)) for u in ("ann", "bob", "cid", "dan", "eve", "fay")}
    assert len(orders) > 1  # students see different orders
    assert sorted(choice_order("ann", "q1", 4)) == [0, 1, 2, 3]


def test_presented_question_grades_in_shown_letters_and_maps_back():
    q = presented(MULTI, "ann")
    assert q.order is not None and [q.choices[i] for i in range(4)] == [MULTI.choices[j] for j in q.order]
    assert [q.choices[i] for i in q.answer] == sorted(["w", "y"], key=q.choices.index)
    assert q.choice_feedback == [MULTI.choice_feedback[j] for j in q.order]
    shown = ",".join("ABCD"[i] for i in q.answer)
    assert grade(q, shown).score == 1.0
    assert to_bank(q, q.answer) == [0, 2]
    fixed = Question(id="f", type="single", prompt="?", choices=["a", "b"], answer=1, shuffle=False)
    assert presented(fixed, "ann") is fixed


def test_service_stores_the_bank_choice_of_a_presented_question(pm):
    bank_q = pm.quiz.question("pa-01")
    q = pm.quiz.present(bank_q, "ann")
    shown_key = "ABC"[q.answer]
    r = pm.quiz.grade(q, shown_key, user="ann", now=T0)
    assert r.correct and r.verdict == "correct" and r.details["bank_picks"] == [1]
    assert pm.quiz.history("ann")[0].answer == 1  # the bank's "B", whatever letter was shown
    assert pm.quiz.stats().items[0].pick_rates["B"] == 1.0


def test_half_right_multi_says_partly_right_and_how():
    r = grade(MULTI, "A")  # one of two right choices, no wrong pick
    assert r.score == 0.5 and r.correct  # passes the 0.5 mark ...
    assert r.feedback.startswith("Partly right, 0.50 of 1: 1 of 2 right choices picked, 0 of 2 wrong ones")
    assert r.max_points == 1.0 and r.points == 0.5
    wrong = grade(MULTI, "A,B")
    assert wrong.score == 0.0 and "1 of 2 right choices picked, 1 of 2 wrong ones" in wrong.feedback


def _unsure_attempt(pm, qid="pa-02", score=0.3):
    with pm.session() as s:
        review.record(
            s,
            user="ann",
            qid=qid,
            paper="pagedattention",
            answer="x",
            score=score,
            correct=False,
            verdict="unsure",
            now=T0,
        )


def test_self_assessed_unsure_answer_feeds_fsrs(pm):
    _unsure_attempt(pm)
    due_before = pm.quiz.history("ann")[0].due
    info = pm.quiz.judge("pa-02", "had", user="ann")
    assert (info.judged_by, info.self_rating, info.overruled) == ("self", "had", False)
    assert info.score == 1.0 and info.correct and info.auto_score == 0.3
    assert info.due > due_before  # Easy instead of Again: the review moves out
    with pm.session() as s:
        card = review.cards(s, "ann")["pa-02"]
        assert card.reps == 1  # re-judged, not a second review
    assert pm.quiz.judge("pa-02", "missed", user="ann").due <= due_before + timedelta(minutes=30)


def test_overruling_a_committed_verdict_is_counted_per_question(pm):
    for user in ("ann", "bob", "cid", "dan"):
        r = pm.quiz.grade("pa-02", "false", user=user, now=T0)  # the key is true: incorrect
        assert r.verdict == "incorrect"
    for user in ("ann", "bob", "cid"):
        assert pm.quiz.judge("pa-02", "had", user=user).overruled
    assert not pm.quiz.judge("pa-02", "missed", user="dan").overruled  # agrees with the grader
    _unsure_attempt(pm, qid="at-01")
    pm.quiz.judge("at-01", "partly", user="ann")
    items = {it.question_id: it for it in pm.quiz.stats().items}
    assert (items["pa-02"].overruled, items["pa-02"].overrule_rate) == (3, 0.75)
    assert "often overruled (n=4)" in items["pa-02"].flags
    assert (items["at-01"].unsure, items["at-01"].self_assessed, items["at-01"].overrule_rate) == (1, 1, None)


def test_judging_without_an_answer_or_with_a_bad_rating_is_one_clear_error(pm):
    from papermind.errors import NotFoundError, QuizError

    with pytest.raises(NotFoundError):
        pm.quiz.judge("pa-01", "had", user="ann")
    pm.quiz.grade("pa-01", "B", user="ann", now=T0)
    with pytest.raises(QuizError, match="unknown rating"):
        pm.quiz.judge("pa-01", "great", user="ann")


def test_daily_new_limit_and_forecast(pm):
    now = T0 + timedelta(hours=1)
    due = pm.quiz.questions(due=True, user="ann", now=now, new_limit=2)
    assert len(due) == 2  # three new questions, two allowed a day
    pm.quiz.grade(due[0].id, "B" if due[0].type == "single" else "true", user="ann", now=T0)
    assert len(pm.quiz.questions(due=True, user="ann", now=now, new_limit=2)) == 1  # one new started today
    assert len(pm.quiz.questions(due=True, user="ann", now=now, new_limit=None)) == 2
    fc = pm.quiz.forecast("ann", days=7, now=now, new_limit=2)
    assert len(fc.days) == 7 and fc.days[0].date == now.date()
    assert (fc.new_today, fc.new_limit, fc.new_available) == (1, 2, 2)
    month = pm.quiz.forecast("ann", days=60, now=now)
    assert sum(d.due for d in month.days) == 1  # the one reviewed card falls due on one day
    late = pm.quiz.forecast("ann", days=3, now=now + timedelta(days=365))
    assert late.days[0].due == 1  # overdue reviews count today


@pytest.mark.parametrize(
    ("answer", "reference", "flipped"),
    [
        (
            "recomputing them takes longer than fetching them",
            "fetching them would take longer than recomputing them",
            True,
        ),
        ("fetching is slower than recomputing", "fetching is slower than recomputing them on the gpu", False),
        ("recomputing is slower than fetching", "recomputing is faster than fetching", True),
        ("they recompute instead of fetching", "they fetch instead of recomputing", True),
        ("recomputing beats fetching for long sequences", "recomputing is faster than fetching", False),
    ],
)
def test_reversed_comparisons(answer, reference, flipped):
    assert reversed_comparison(answer, reference) is flipped


def test_swapped_roles():
    from papermind.quiz.grading.comparisons import role_swap

    ref = "Queries come from the previous decoder layer; keys and values come from the encoder output."
    assert role_swap("the queries come from the encoder output and the keys and values from the decoder", ref)
    assert not role_swap("queries from the decoder, keys and values from the encoder output", ref)
    assert not role_swap("it attends over the encoder output", ref)


def test_unsure_band_and_what_always_commits():
    f = {"reversed": False, "denial": False}
    assert verdict.decide(0.45, 0.45, 0.5, f, False, False)[0] == "unsure"
    assert verdict.decide(verdict.UNSURE_HIGH, 0.9, 0.5, f, False, False)[0] == "correct"
    assert verdict.decide(verdict.UNSURE_LOW - 0.01, 0.2, 0.5, f, False, False)[0] == "incorrect"
    assert verdict.decide(0.45, 0.45, 0.5, f, True, False)[0] == "incorrect"  # missing keyword
    assert verdict.decide(0.45, 0.45, 0.75, f, False, True)[0] == "incorrect"  # a cloze blank
    denied = {"reversed": False, "denial": True}
    assert verdict.decide(0.3, 0.95, 0.5, denied, False, False)[0] == "unsure"  # close apart from "not"
    assert verdict.decide(0.3, 0.4, 0.5, denied, False, False)[0] == "incorrect"


def test_hedged_negation_is_not_a_denial():
    prompt = "Why do fixed sparse patterns such as a local sliding window break down?"
    ref = "Important tokens follow no fixed pattern and are often far from the current token."
    assert not negation.denial(
        "the important tokens are not always nearby, so a window misses them", ref, prompt
    )
    assert negation.denial("they aren't far away, the window catches them", ref, prompt)


def test_qti_export_carries_the_shuffle_flag(tmp_path):
    import xml.etree.ElementTree as ET
    import zipfile

    from papermind.quiz.bank.load import load_bank
    from papermind.quiz.interchange.qti import export_qti

    (tmp_path / "b.toml").write_text(
        'paper = "bert"\n\n[[question]]\nid = "s1"\ntype = "single"\nprompt = "?"\nchoices = ["a", "b"]\n'
        'answer = "A"\n\n[[question]]\nid = "s2"\ntype = "multi"\nprompt = "?"\nchoices = ["a", "b", "c"]\n'
        'answer = ["A", "C"]\nshuffle = false\n',
        encoding="utf-8",
    )
    bank = load_bank(tmp_path / "b.toml")
    assert not [p for p in bank.problems if p.severity == "error"]
    assert [q.shuffle for q in bank.questions] == [True, False]
    export_qti([bank], tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        xml = next(n for n in z.namelist() if n.endswith(".xml") and "manifest" not in n)
        root = ET.fromstring(z.read(xml))
    flags = [e.get("shuffle") for e in root.iter() if e.tag.endswith("render_choice")]
    assert flags == ["Yes", "No"]


def test_exported_results_carry_verdicts_self_assessments_and_overrules(pm, tmp_path):
    import json

    pm.quiz.grade("pa-02", "false", user="ann", now=T0)  # incorrect, then overruled
    pm.quiz.judge("pa-02", "had", user="ann")
    pm.quiz.grade("pa-01", "B", user="ann", now=T0)  # correct, left alone
    out = tmp_path / "ann.json"
    pm.classroom.export_results(out, user="ann", now=T0.replace(tzinfo=None) + timedelta(hours=1))
    rows = {a["question_id"]: a for a in json.loads(out.read_text(encoding="utf-8"))["attempts"]}
    assert (rows["pa-02"]["verdict"], rows["pa-02"]["self_assessment"], rows["pa-02"]["overruled"]) == (
        "incorrect",
        "had",
        True,
    )
    assert (rows["pa-01"]["verdict"], rows["pa-01"]["self_assessment"], rows["pa-01"]["overruled"]) == (
        "correct",
        None,
        False,
    )
