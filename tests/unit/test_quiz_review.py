"""Attempts, FSRS scheduling, undo, cram, progress (temp DB per test)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from papermind.quiz.review.attempts import rating_for
from tests.helpers.quizbank import store_with_bank

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def pm(tmp_path):
    p = store_with_bank(tmp_path)
    yield p
    p.close()


def card_due(pm, qid, user="ann"):
    from papermind.quiz.review import attempts as review

    with pm.session() as s:
        c = review.cards(s, user).get(qid)
        return None if c is None else c.due


def test_rating_map():
    from fsrs import Rating

    assert [rating_for(x) for x in (0, 0.49, 0.5, 0.74, 0.75, 0.99, 1)] == [
        Rating.Again,
        Rating.Again,
        Rating.Hard,
        Rating.Hard,
        Rating.Good,
        Rating.Good,
        Rating.Easy,
    ]


def test_fsrs_due_dates_move(pm):
    quiz = pm.quiz
    r = quiz.grade("pa-01", "B", user="ann", now=T0)
    assert r.correct
    d1 = card_due(pm, "pa-01")
    assert d1 - T0.replace(tzinfo=None) >= timedelta(days=1)  # Easy on a new card: days away
    t1 = d1.replace(tzinfo=UTC)
    quiz.grade("pa-01", "B", user="ann", now=t1)
    d2 = card_due(pm, "pa-01")
    assert d2 - t1.replace(tzinfo=None) > d1 - T0.replace(tzinfo=None)  # interval grows
    t2 = d2.replace(tzinfo=UTC)
    quiz.grade("pa-01", "C", user="ann", now=t2)  # lapse
    d3 = card_due(pm, "pa-01")
    assert d3 - t2.replace(tzinfo=None) <= timedelta(minutes=10)
    wrong_new = quiz.grade("pa-02", "false", user="ann", now=T0)
    assert not wrong_new.correct
    assert card_due(pm, "pa-02") - T0.replace(tzinfo=None) == timedelta(minutes=1)  # Again: 1st learning step
    assert len(quiz.history("ann")) == 4 and quiz.history("bob") == []


def test_due_selection_and_counts(pm):
    quiz = pm.quiz
    assert [q.id for q in quiz.questions(due=True, user="ann", now=T0)] == ["pa-01", "pa-02", "at-01"]
    quiz.grade("pa-01", "B", user="ann", now=T0)
    quiz.grade("pa-02", "false", user="ann", now=T0)
    soon = T0 + timedelta(minutes=5)
    assert [q.id for q in quiz.questions(due=True, user="ann", now=soon)] == ["pa-02", "at-01"]
    assert quiz.due_counts("ann", now=soon) == {"pagedattention": 1, "attention": 1}
    assert quiz.due_counts("bob", now=soon) == {"pagedattention": 2, "attention": 1}
    later = T0 + timedelta(days=60)
    assert {q.id for q in quiz.questions(due=True, user="ann", now=later)} == {"pa-01", "pa-02", "at-01"}
    assert [q.id for q in quiz.questions(paper="attention")] == ["at-01"]
    prog = {p.paper: p for p in quiz.progress("ann", now=soon)}
    assert (prog["pagedattention"].attempted, prog["pagedattention"].mastered) == (2, 1)
    assert prog["pagedattention"].mean_score == 0.5 and prog["attention"].attempted == 0


def test_undo_restores_previous_state(pm):
    quiz = pm.quiz
    quiz.grade("pa-01", "B", user="ann", now=T0)
    d1 = card_due(pm, "pa-01")
    quiz.grade("pa-01", "A", user="ann", now=T0 + timedelta(days=3))
    assert card_due(pm, "pa-01") != d1
    undone = quiz.undo_last("ann")
    assert undone.question_id == "pa-01" and undone.score == 0
    assert card_due(pm, "pa-01") == d1
    assert len(quiz.history("ann")) == 1
    quiz.undo_last("ann")
    assert card_due(pm, "pa-01") is None and quiz.history("ann") == []
    assert quiz.undo_last("ann") is None


def test_cram_records_nothing_to_the_schedule(pm):
    quiz = pm.quiz
    quiz.grade("pa-01", "B", user="ann", now=T0)
    d1 = card_due(pm, "pa-01")
    quiz.grade("pa-01", "A", user="ann", cram=True, now=T0 + timedelta(hours=1))
    quiz.grade("pa-02", "true", user="ann", cram=True, now=T0)
    assert card_due(pm, "pa-01") == d1 and card_due(pm, "pa-02") is None
    hist = quiz.history("ann")
    assert [h.cram for h in hist] == [True, True, False]
    quiz.undo_last("ann")  # undoing a cram attempt leaves the schedule alone
    assert card_due(pm, "pa-01") == d1
    assert not quiz.grade("pa-01", "A", user="ann", record=False).correct
    assert len(quiz.history("ann")) == 2
