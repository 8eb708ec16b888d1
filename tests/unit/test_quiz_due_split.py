"""``pm.quiz.due_split``: per paper, reviews due apart from never-answered questions (temp DB)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers.quizbank import store_with_bank

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def pm(tmp_path):
    p = store_with_bank(tmp_path)
    yield p
    p.close()


def split(pm, now):
    return {r.paper: (r.due, r.new, r.questions) for r in pm.quiz.due_split("ann", now=now)}


def test_nothing_answered_is_all_new(pm):
    assert split(pm, T0) == {"pagedattention": (0, 2, 2), "attention": (0, 1, 1)}


def test_answered_card_is_neither_until_its_review_date(pm):
    pm.quiz.grade("pa-01", "B", user="ann", now=T0)
    assert split(pm, T0)["pagedattention"] == (0, 1, 2)
    assert split(pm, T0 + timedelta(days=400))["pagedattention"] == (1, 1, 2)


def test_agrees_with_due_counts(pm):
    pm.quiz.grade("pa-01", "A", user="ann", now=T0)
    pm.quiz.grade("at-01", 8, user="ann", now=T0)
    later = T0 + timedelta(days=30)
    counts = pm.quiz.due_counts("ann", now=later)
    for r in pm.quiz.due_split("ann", now=later):
        assert r.due + r.new == counts[r.paper]


def test_other_users_cards_do_not_count(pm):
    pm.quiz.grade("pa-01", "B", user="bob", now=T0)
    assert split(pm, T0)["pagedattention"] == (0, 2, 2)
