"""Grading per type (no embedding model: short answers here are decided by patterns)."""

from __future__ import annotations

import pytest

from papermind.errors import QuizError
from papermind.quiz.bank.model import Blank, Pattern, Question
from papermind.quiz.grading.numbers import parse_number
from papermind.quiz.grading.rules import grade, split_cloze
from papermind.quiz.grading.text import wildcard_match


def q(**kw) -> Question:
    base = {"id": "q", "type": "single", "prompt": "p"}
    base.update(kw)
    return Question(**base)


SINGLE = q(choices=["a", "b", "c", "d"], answer=1, explanation="because")
MULTI = q(type="multi", choices=["a", "b", "c", "d"], answer=[0, 2])


@pytest.mark.parametrize("ans", ["B", "b", " b ", "1", 1, "b"])
def test_single_correct_forms(ans):
    r = grade(SINGLE, ans)
    assert r.score == 1.0 and r.correct and r.explanation == "because"


def test_single_wrong_and_invalid():
    r = grade(SINGLE, "C")
    assert r.score == 0 and not r.correct and "B) b" in r.feedback
    with pytest.raises(QuizError, match="out of range"):
        grade(SINGLE, "E")
    with pytest.raises(QuizError, match="exactly one"):
        grade(SINGLE, "A,B")
    with pytest.raises(QuizError):
        grade(SINGLE, "")


@pytest.mark.parametrize(
    ("ans", "score"),
    [
        ("A,C", 1.0),
        ("ac", 1.0),
        ("0 2", 1.0),
        (["C", "A"], 1.0),
        ("A", 0.5),
        ("A,B", 0.0),
        ("A,C,D", 0.5),
        ("A,B,C,D", 0.0),
        ("B,D", 0.0),
        ("A,C,B", 0.5),
    ],
)
def test_multi_partial_credit(ans, score):
    r = grade(MULTI, ans)
    assert r.score == pytest.approx(score)
    assert r.correct == (score >= 0.5)


def test_multi_weights():
    w = q(type="multi", choices=["a", "b", "c"], answer=[0, 1], weights=[50, 50, -100])
    assert grade(w, "A").score == 0.5
    assert grade(w, "AB").score == 1.0
    assert grade(w, "AC").score == 0.0


def test_truefalse():
    tf = q(type="truefalse", answer=False)
    assert grade(tf, "false").correct and grade(tf, "F").correct and grade(tf, False).correct
    assert not grade(tf, "yes").correct
    with pytest.raises(QuizError):
        grade(tf, "maybe")


def test_numeric_tolerances_and_units():
    n = q(type="numeric", answer=800.0, tolerance=5.0, unit="KB")
    assert grade(n, "800").correct and grade(n, "804.9 KB").correct and grade(n, "805 kb").correct
    assert not grade(n, "806").correct
    assert grade(n, "0.8 MB").correct and grade(n, "800,000 B").correct
    assert not grade(n, "0.9 MB").correct
    with pytest.raises(QuizError, match="does not match"):
        grade(n, "800 ms")
    with pytest.raises(QuizError, match="number"):
        grade(n, "lots")
    rel = q(type="numeric", answer=200.0, rel_tolerance=0.05)
    assert grade(rel, "210").correct and not grade(rel, "211").correct and grade(rel, "1.9e2").correct
    rng = q(type="numeric", answer=3.0, range=(2.0, 4.0))
    assert grade(rng, "2").correct and grade(rng, "4").correct and not grade(rng, "4.01").correct
    exact = q(type="numeric", answer=64.0)
    assert grade(exact, "64").correct and not grade(exact, "64.5").correct
    assert parse_number("1.5 GiB", "MiB") == pytest.approx(1536)
    assert parse_number("250 us", "ms") == pytest.approx(0.25)


def test_bare_number_right_in_the_base_unit_is_credited_with_a_note():
    n = q(type="numeric", answer=800.0, rel_tolerance=0.05, unit="KB")  # the hint works in bytes
    r = grade(n, "819200")
    assert r.correct and "B" in r.feedback and "unit" in r.feedback
    assert r.details["value"] == pytest.approx(819.2)
    assert not grade(n, "819200 KB").correct  # a stated unit is taken at its word
    assert not grade(n, "5").correct
    plain = q(type="numeric", answer=800.0, rel_tolerance=0.05)
    assert not grade(plain, "819200").correct  # no unit, no second reading


def test_wildcards():
    assert wildcard_match("*block*", "Fixed-size BLOCKS")
    assert wildcard_match("paged  attention", "Paged attention")
    assert not wildcard_match("block", "blocks")
    assert not wildcard_match("Block*", "blocks", case_sensitive=True)
    assert wildcard_match("a.b*", "a.bc") and not wildcard_match("a.b", "axb")


def test_short_patterns_without_model():
    s = q(type="short", answers=[Pattern("*non*contiguous*"), Pattern("*scattered*", 0.5, "half")])
    assert grade(s, "They can be non-contiguous").score == 1
    r = grade(s, "scattered around")
    assert r.score == 0.5 and r.feedback.startswith("half") and r.correct  # pass mark 0.5
    strict = q(type="short", answers=[Pattern("*scattered*", 0.5)], pass_mark=0.6)
    assert not grade(strict, "scattered").correct
    assert grade(s, "no idea").score == 0 and grade(s, "   ").feedback.startswith("No answer.")


def test_short_wildcard_guarded_against_negation():
    s = q(type="short", answers=[Pattern("*contiguous*")])
    assert grade(s, "blocks are contiguous").correct
    assert not grade(s, "blocks are not contiguous").correct
    exact = q(type="short", answers=[Pattern("not contiguous")])
    assert grade(exact, "Not contiguous").correct


def test_cloze_blanks():
    c = q(
        type="cloze",
        text="into {1} that need not be {2}",
        blanks=[Blank(answers=[Pattern("block*")]), Blank(answers=[Pattern("contiguous")])],
    )
    assert grade(c, "blocks | contiguous").score == 1
    r = grade(c, ["blocks", "adjacent"])
    assert r.score == 0.5 and "expected 'contiguous'" in r.feedback
    assert grade(c, "pages; contiguous").score == 0.5
    with pytest.raises(QuizError, match="expected 2 answers"):
        grade(c, "blocks")
    assert split_cloze("a\nb", 2) == ["a", "b"]


@pytest.mark.parametrize(
    ("answer", "value"),
    [("16 tokens", 16), ("4 GPUs", 4), ("16k tokens", 16_000), ("2 million requests", 2_000_000)],
)
def test_unitless_question_reads_words_naming_what_is_counted(answer: str, value: float) -> None:
    # "What is vLLM's default block size, in tokens?" answered "16 tokens" was refused as a unit.
    assert parse_number(answer, None) == pytest.approx(value)


@pytest.mark.parametrize("answer", ["16 KB", "3 ms", "16 b"])
def test_unitless_question_still_refuses_a_physical_unit(answer: str) -> None:
    with pytest.raises(QuizError, match="unexpected unit"):
        parse_number(answer, None)
