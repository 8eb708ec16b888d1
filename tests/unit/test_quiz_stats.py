"""Item statistics against hand-computed values."""

from __future__ import annotations

import json

import pytest

from papermind.quiz.analysis.item_stats import compute_stats
from papermind.quiz.bank.model import Question

QS = {
    "q1": Question(id="q1", type="single", prompt="p", choices=["a", "b", "c"], answer=1),
    "q2": Question(id="q2", type="truefalse", prompt="p", answer=True),
    "q3": Question(id="q3", type="numeric", prompt="p", answer=8.0),
    "q4": Question(id="q4", type="truefalse", prompt="p", answer=True),
}
# user -> (q1 pick, q2, q3, q4) scores; q1 scores follow from the picks (B is right)
DATA = {
    "u1": ("B", 0, 1, 1),
    "u2": ("B", 0, 0, 1),
    "u3": ("A", 1, 0, 1),
    "u4": ("C", 1, 1, 1),
}


def rows():
    out = []
    for u, (pick, s2, s3, s4) in DATA.items():
        out.append((u, "q1", 1.0 if pick == "B" else 0.0, json.dumps(pick)))
        out += [(u, "q2", float(s2), '"x"'), (u, "q3", float(s3), '"8"'), (u, "q4", float(s4), '"true"')]
    out.append(("u1", "q1", 1.0, json.dumps("b")))  # a second attempt: same per-user mean
    return out


def test_hand_computed_item_statistics():
    rep = compute_stats(rows(), QS)
    items = {i.question_id: i for i in rep.items}
    assert (rep.users, rep.attempts) == (4, 17)
    # q1: x = [1, 1, 0, 0]; rest = [2/3, 1/3, 2/3, 1] -> r = -(1/3) / sqrt(1 * 2/9) = -0.7071
    assert items["q1"].facility == 0.5
    assert items["q1"].discrimination == pytest.approx(-0.7071, abs=1e-4)
    assert items["q1"].attempts == 5 and items["q1"].users == 4
    assert items["q1"].pick_rates == {"A": 0.2, "B": 0.6, "C": 0.2}
    assert "negative discrimination (n=4)" in items["q1"].flags
    # q2: x = [0, 0, 1, 1]; rest = [1, 2/3, 1/3, 2/3] -> -0.7071
    assert items["q2"].discrimination == pytest.approx(-0.7071, abs=1e-4)
    # q3: every rest score is 2/3 -> no variance -> undefined
    assert items["q3"].facility == 0.5 and items["q3"].discrimination is None
    assert items["q3"].flags == [] and items["q3"].pick_rates == {}
    assert items["q4"].facility == 1.0 and items["q4"].flags == ["too easy (n=4)"]


def test_positive_discrimination_and_too_hard():
    data = [
        ("a", "x", 1.0, '"A"'),
        ("b", "x", 0.0, '"A"'),
        ("c", "x", 0.0, '"A"'),
        ("a", "y", 1.0, '"1"'),
        ("b", "y", 0.5, '"1"'),
        ("c", "y", 0.0, '"1"'),
        ("a", "z", 0.3, '"1"'),
        ("b", "z", 0.0, '"1"'),
        ("c", "z", 0.0, '"1"'),
    ]
    rep = {i.question_id: i for i in compute_stats(data, {}).items}
    # x: [1,0,0] vs rest [(1+.3)/2, (.5+0)/2, 0] = [.65,.25,0]
    # cov = .35, sxx = 2/3, syy = .215 -> r = .35 / sqrt(2/3 * .215) = 0.9245
    assert rep["x"].discrimination == pytest.approx(0.9245, abs=1e-4)
    assert rep["z"].facility == 0.1 and rep["z"].flags == ["too hard (n=3)"]


def test_one_users_answers_raise_no_facility_flag():
    data = [("a", "x", 1.0, '"1"'), ("a", "y", 0.0, '"1"'), ("b", "y", 0.0, '"1"')]
    rep = {i.question_id: i for i in compute_stats(data, {}).items}
    assert rep["x"].facility == 1.0 and rep["y"].facility == 0.0
    assert rep["x"].flags == [] and rep["y"].flags == []  # 1 and 2 users: not "too easy/hard"


def test_stats_through_the_service(tmp_path):
    from papermind.api import Papermind

    q = tmp_path / "q"
    q.mkdir()
    (q / "b.toml").write_text(
        '[[question]]\nid = "s1"\ntype = "single"\nprompt = "p"\nchoices = ["a", "b"]\nanswer = "A"\n',
        encoding="utf-8",
    )
    with Papermind(db=tmp_path / "t.db", quizzes=q) as pm:
        for user, ans in (("a", "A"), ("b", "B"), ("c", "A")):
            pm.quiz.grade("s1", ans, user=user)
        (item,) = pm.quiz.stats().items
        assert item.facility == pytest.approx(0.6667, abs=1e-4)
        assert item.pick_rates == {"A": pytest.approx(0.6667, abs=1e-4), "B": pytest.approx(0.3333, abs=1e-4)}
