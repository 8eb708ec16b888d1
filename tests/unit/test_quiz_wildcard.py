"""Wildcard patterns: Moodle semantics, matched in linear time; answers have a length limit."""

from __future__ import annotations

import gc
import time

import pytest

from papermind.errors import QuizError
from papermind.quiz.bank.lints import pattern_problem
from papermind.quiz.bank.model import Pattern, Question
from papermind.quiz.grading.rules import MAX_ANSWER_CHARS, grade
from papermind.quiz.grading.text import wildcard_match


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("*block*", "Fixed-size BLOCKS", True),
        ("*HBM*SRAM*", "moves tiles from HBM to SRAM", True),
        ("*HBM*SRAM*", "moves tiles from SRAM to HBM", False),
        ("a*b", "ab", True),
        ("a*b", "a", False),
        ("ab*ba", "aba", False),  # the two ends may not overlap
        ("*ab*ab*", "xabyab", True),
        ("*ab*ab*", "xaby", False),
        ("x", "x", True),
        ("x", "xx", False),
        ("*", "", True),
        ("paged  attention", "Paged\nattention", True),
    ],
)
def test_moodle_semantics(pattern, text, expected):
    assert wildcard_match(pattern, text) is expected


def test_case_sensitive():
    assert not wildcard_match("Block*", "blocks", case_sensitive=True)
    assert wildcard_match("Block*", "Blocks", case_sensitive=True)


def _ns(pattern: str, text: str) -> int:
    """One match's time in nanoseconds, the best of five with the garbage collector off (the test
    compares growth, not time)."""
    runs = []
    gc.disable()
    try:
        for _ in range(5):
            t = time.perf_counter_ns()
            wildcard_match(pattern, text)
            runs.append(time.perf_counter_ns() - t)
    finally:
        gc.enable()
    return min(runs)


@pytest.mark.parametrize(
    ("pattern", "unit"),
    [("*HBM*SRAM*", "HBM "), ("*a*a*a*a*a*a*a*a*a*a*a*a*b", "a")],
)
def test_matching_grows_linearly(pattern, unit):
    # A backtracking matcher grows quadratically (or worse) with these answers: 8x the text would
    # take 64x the time. Linear matching takes about 8x; allow 20x for noise on a shared machine.
    small = _ns(pattern, unit * 10_000)
    large = _ns(pattern, unit * 80_000)
    assert large < 20 * max(small, 1)


def test_pathological_patterns_are_named():
    assert "13 wildcards" in (pattern_problem("*a*a*a*a*a*a*a*a*a*a*a*a*b") or "")
    assert "no literal text" in (pattern_problem("***") or "")
    assert "characters long" in (pattern_problem("x" * 201) or "")
    assert pattern_problem("*one block*") is None


def test_answers_over_the_length_limit_are_refused_with_a_message():
    q = Question(id="q", type="short", prompt="Why?", answers=[Pattern("*HBM*SRAM*")])
    assert grade(q, "HBM then SRAM").score == 1
    with pytest.raises(QuizError, match=r"at most 5,000") as exc:
        grade(q, "HBM " * 250_000)
    assert exc.value.hint
    cloze = Question(id="c", type="cloze", prompt="Fill", text="{1}", blanks=[])
    with pytest.raises(QuizError, match="characters long"):
        grade(cloze, ["x" * (MAX_ANSWER_CHARS + 1)])
