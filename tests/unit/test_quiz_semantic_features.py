"""The semantic grader's features and its logistic decision for short answers."""

from __future__ import annotations

import pytest

from papermind.quiz import semantic
from papermind.quiz.model import Question
from papermind.quiz.grading import grade


def test_term_words_and_acronyms():
    assert semantic.term_words("The KV cache is stored in the KV cache blocks") == ["kv", "cache", "stored", "blocks"]
    assert semantic.term_words("paged KV blocks", drop={"kv"}) == ["paged", "blocks"]
    got = semantic.with_acronyms(set(), "fewer HBM accesses")
    assert {"high", "bandwidth", "memory"} <= got
    assert "kv" in semantic.with_acronyms(set(), "the key-value cache")


def test_logistic_is_monotone_in_each_feature():
    f = {"sim_gain": 0.2, "soft_coverage": 0.3, "support": 0.6, "denial": False, "restate": False}
    v = semantic.logistic(f)
    assert 0 < v < 1
    assert semantic.logistic({**f, "soft_coverage": 0.5}) > v
    assert semantic.logistic({**f, "support": 0.7}) > v
    assert semantic.logistic({**f, "sim_gain": 0.3}) > v
    assert semantic.logistic({**f, "denial": True}) < v
    assert semantic.logistic({**f, "restate": True}) < v


Q = Question(
    id="s", type="short", paper="pagedattention",
    prompt="Why does vLLM split the KV cache into fixed-size blocks?",
    reference=["So that a sequence's KV cache need not be contiguous: blocks are allocated on demand, "
               "which removes external fragmentation and limits internal fragmentation to one block."],
)


@pytest.mark.slow
def test_short_answers_decided_by_the_logistic_model():
    semantic.prefetch(["blocks on demand, no contiguity needed, so almost no fragmentation"])
    terse = grade(Q, "blocks on demand, no contiguity needed, so almost no fragmentation")
    assert terse.correct and terse.details["method"] == "semantic"
    assert set(semantic.SHORT_FEATURES) <= set(terse.details)
    assert 0.0 <= terse.details["value"] <= 1.0
    restated = grade(Q, "vLLM splits the KV cache into fixed-size blocks.")
    assert not restated.correct and restated.details["restate"]
    off = grade(Q, "because beam search keeps the top-k candidates at every step")
    assert not off.correct and off.score < 0.5
    denied = grade(Q, "it doesn't remove fragmentation at all, blocks only make lookups faster")
    assert not denied.correct and denied.details["denial"]
    assert denied.details["value"] <= semantic.DENIAL_CAP


@pytest.mark.slow
def test_prefetch_embeds_answers_and_their_words_once():
    semantic.prefetch(["a quite unusual zebra sentence"])
    assert {"a quite unusual zebra sentence", "zebra", "unusual"} <= set(semantic._cached)
