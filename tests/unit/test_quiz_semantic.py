"""The semantic short-answer grader (loads the embedding model once; kept to a few cases)."""

from __future__ import annotations

import pytest

from papermind.quiz.bank.model import Blank, Pattern, Question
from papermind.quiz.grading.rules import grade

pytestmark = pytest.mark.slow

Q = Question(
    id="s",
    type="short",
    paper="attention",
    prompt="Why does the Transformer need positional encodings?",
    reference=[
        "Because it contains no recurrence and no convolution, attention alone ignores token "
        "order, so information about each token's position must be injected."
    ],
)


def test_short_semantic_cases():
    para = grade(
        Q,
        "Self-attention by itself treats the input as an unordered set, so without "
        "recurrence or convolution the model must be told where each token is.",
    )
    assert para.correct and para.details["method"] == "semantic"
    restated = grade(Q, "The Transformer needs positional encodings.")
    assert not restated.correct
    negated = grade(Q, "It doesn't need them at all; attention already knows the order of the tokens.")
    assert not negated.correct and negated.details["denial"]
    off = grade(Q, "Because GPUs have a lot of memory bandwidth.")
    assert not off.correct and off.score < 0.5
    strict = Question(**{**Q.__dict__, "keywords": ["order"], "lines": {}})
    assert not grade(strict, "the model must be told where each token sits, it has no recurrence").correct
    assert grade(Q, "").score == 0


def test_pattern_first_then_semantic_and_cloze():
    q = Question(
        id="p", type="short", prompt=Q.prompt, answers=[Pattern("*word order*")], reference=Q.reference
    )
    r = grade(q, "to give the model the word order")
    assert r.correct and r.details["method"] == "pattern"
    c = Question(
        id="c",
        type="cloze",
        prompt="",
        text="Pages are split into {1} of {2} size.",
        blanks=[
            Blank(answers=[Pattern("block*")], reference=["fixed-size blocks"]),
            Blank(answers=[Pattern("fixed")], reference=["fixed"]),
        ],
    )
    r = grade(c, ["blocks", "constant"])
    assert r.details["blanks"][0]["method"] == "pattern" and r.details["blanks"][1]["method"] == "semantic"
    assert grade(c, ["blocks", "variable"]).score == 0.5
