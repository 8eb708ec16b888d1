"""The short-answer grader around negations and comparisons: verbs that deny, concessions in the
question, "I don't know", and, through the model, reversed comparisons and right answers that
contain negation words."""

from __future__ import annotations

import pytest

from papermind.quiz.bank.model import Question
from papermind.quiz.grading import negation, verdict
from papermind.quiz.grading.rules import grade

IO_PROMPT = "What does it mean for an attention algorithm to be IO-aware?"
IO_REF = (
    "It accounts for reads and writes between levels of GPU memory, fast on-chip SRAM and slower "
    "HBM, and minimises HBM traffic."
)


@pytest.mark.parametrize(
    "answer",
    ["ignores HBM and SRAM and only counts FLOPs", "it neglects the reads and writes to HBM"],
)
def test_verbs_that_deny_their_object_are_denials(answer):
    assert negation.denial(answer, IO_REF, IO_PROMPT)


def test_ignoring_what_the_reference_also_sets_aside_is_not_a_denial():
    ref = "It ignores the zero entries and only multiplies the nonzero blocks."
    assert not negation.denial("it ignores the zero entries", ref, "What does the sparse kernel skip?")


def test_denying_what_the_question_concedes_is_not_a_denial():
    prompt = "How can the kernel work block by block, even though softmax normalises over an entire row?"
    ref = "It keeps a running maximum and sum per row and rescales earlier partial outputs."
    answer = "it never needs the entire row at once, it keeps a running max and sum and rescales"
    assert negation.conceded(prompt) >= {"entir", "row"} or "row" in negation.conceded(prompt)
    assert not negation.denial(answer, ref, prompt)
    # without the concession the same opening denies what the question asserts
    assert negation.denial(answer, ref, "How does the kernel normalise over an entire row?")


@pytest.mark.parametrize(
    ("answer", "admits"),
    [
        ("I don't know, something about memory and GPUs.", True),
        ("idk, memory?", True),
        ("not sure but it keeps the cache in blocks", True),
        ("i dont know exactly why but blocks are allocated on demand", True),
        ("blocks are allocated on demand, so nobody knows the length in advance", False),
        ("it is not sure to fit, so blocks are allocated on demand", False),
    ],
)
def test_admits_not_knowing(answer, admits):
    assert negation.admits_not_knowing(answer) is admits


def test_an_answer_that_admits_not_knowing_never_passes_with_confidence():
    f = {"reversed": False, "denial": False, "admits_unknown": True}
    assert verdict.decide(0.95, 0.95, 0.5, f, False, False)[0] == "unsure"
    assert verdict.decide(0.1, 0.1, 0.5, f, False, False)[0] == "incorrect"


def test_the_unsure_band_is_a_parameter():
    f = {"reversed": False, "denial": False}
    assert verdict.decide(0.65, 0.65, 0.5, f, False, False)[0] == "correct"
    assert verdict.decide(0.65, 0.65, 0.5, f, False, False, (0.3, 0.7))[0] == "unsure"
    assert verdict.decide(0.28, 0.28, 0.5, f, False, False, (0.25, 0.7))[0] == "unsure"


RECOMPUTE = Question(
    id="r",
    type="short",
    paper="flashattention",
    prompt="Why does FlashAttention recompute the attention matrix in the backward pass instead of storing it?",
    reference=[
        "Recomputing the attention matrix on-chip from Q, K and V costs more FLOPs but is faster than "
        "reading the stored N x N matrix back from HBM, because attention is memory-bound."
    ],
)


@pytest.mark.slow
def test_a_reversed_comparison_is_not_passed():
    r = grade(
        RECOMPUTE,
        "reading the stored N x N matrix back from HBM is faster than recomputing it on-chip from Q, K and V",
    )
    assert r.verdict != "correct" and not r.correct
    assert "other way round" in r.feedback


@pytest.mark.slow
def test_a_right_paraphrase_with_negation_words_is_not_marked_incorrect():
    r = grade(
        RECOMPUTE,
        "it doesnt keep the N x N attention matrix for the backward pass; recomputing it on-chip from "
        "Q, K, V costs extra FLOPs but attention is memory-bound, so it is faster than reading it from HBM",
    )
    assert r.verdict != "incorrect"
    assert "negation" in r.feedback or r.correct


def test_an_answer_in_the_reference_s_own_words_gets_a_wider_unsure_band():
    plain = {"reversed": False, "denial": False, "token_p": verdict.ECHO_PRECISION - 0.2}
    echo = {**plain, "token_p": verdict.ECHO_PRECISION + 0.1}
    between = (verdict.UNSURE_HIGH + verdict.UNSURE_HIGH_ECHO) / 2
    assert verdict.decide(between, between, 0.5, plain, False, False)[0] == "correct"
    said, why = verdict.decide(between, between, 0.5, echo, False, False)
    assert said == "unsure" and "own words" in why
    high = verdict.UNSURE_HIGH_ECHO + 0.05
    assert verdict.decide(high, high, 0.5, echo, False, False)[0] == "correct"
    low = verdict.UNSURE_LOW - 0.05
    assert verdict.decide(low, low, 0.5, echo, False, False)[0] == "incorrect"
