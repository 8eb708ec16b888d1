"""The semantic grader's features (token-level agreement, verbal denial) and its logistic decision."""

from __future__ import annotations

import json

import pytest

from papermind.quiz.bank.model import Question
from papermind.quiz.grading import features, negation, semantic, tokenscore, value
from papermind.quiz.grading.rules import grade


def test_logistic_is_monotone_in_each_feature():
    f = {"denial": False, "token_f": 0.5, "token_f_gain": 0.1, "token_p_gain": 0.1}
    v = value.logistic(f)
    assert 0 < v < 1
    assert value.logistic({**f, "token_f": 0.6}) > v
    assert value.logistic({**f, "token_f_gain": 0.2}) > v
    assert value.logistic({**f, "token_p_gain": 0.2}) > v
    assert value.logistic({**f, "denial": True}) < v


@pytest.mark.parametrize(
    "answer",
    [
        "it doesn't remove fragmentation, blocks only make lookups faster",
        "it is not faster, the recomputation makes it slower",
        "they aren't really needed, attention already knows the order",
        "it makes no difference where the parameters live",
        "sequence length never affects the cost",
    ],
)
def test_denial_is_an_opening_negated_statement(answer):
    ref = (
        "Blocks remove fragmentation and make the recomputation faster; the parameters and sequence "
        "length affect the cost, and order is needed."
    )
    assert negation.denial(answer, ref, "Why is it faster and does it remove fragmentation?")


@pytest.mark.parametrize(
    "answer",
    [
        "the sparsity is per token not per element, so each kept token is a dense vector",
        "mlperf compares systems, not who can afford the biggest hyperparameter sweep",
        "without the cache you'd recompute attention over every previous token",
        "inside a layer there's no sequential dependency between positions",
        "throughput says nothing about whether the model reaches the quality target",
    ],
)
def test_contrasts_conditions_and_quantifiers_are_not_denials(answer):
    ref = (
        "Sparsity per token keeps dense vectors; systems compete on the quality target; the cache "
        "avoids recomputing attention; positions have a sequential dependency in an RNN."
    )
    assert not negation.denial(answer, ref, "Why does the design use sequential positions and a cache?")


def test_agreeing_negation_is_not_a_denial():
    ref = "Because it has no recurrence and no convolution, so it needs positional information."
    assert not negation.denial(
        "there's no recurrence so order must be added", ref, "Why positional encodings?"
    )
    assert not negation.denial("it has no recurrence, so order is lost", ref, "Why positional encodings?")


def test_build_df_counts_documents_and_drops_rare_pieces():
    table = tokenscore.build_df(["attention blocks", "attention memory", "attention blocks zebra"])
    assert table["documents"] == 3
    assert table["df"]["attention"] == 3 and table["df"]["blocks"] == 2
    assert "zebra" not in table["df"] and "memory" not in table["df"]  # df 1 < min_df 2


def test_shipped_df_table_weights_rare_pieces_higher():
    data = json.loads(tokenscore.DF_FILE.read_text(encoding="utf-8"))
    assert data["documents"] > 100 and len(data["df"]) > 1000
    assert tokenscore.idf("fragmentation") > tokenscore.idf("memory") > tokenscore.idf("the")
    assert tokenscore.idf("a-piece-never-seen") >= tokenscore.idf("fragmentation")


@pytest.mark.slow
def test_token_scores_reward_the_reference_meaning():
    ref = "Most requests generate far fewer tokens than the maximum, so the reserved slots sit unused."
    same = tokenscore.score(ref, ref)
    assert same.precision == pytest.approx(1.0, abs=1e-3) and same.f == pytest.approx(1.0, abs=1e-3)
    close = tokenscore.score("outputs are much shorter than the max, so reserved slots are never used", ref)
    far = tokenscore.score("beam search keeps the top candidates at each decoding step", ref)
    assert close.f > far.f + 0.1
    assert tokenscore.score("the of and", ref) == tokenscore.TokenScore(0.0, 0.0, 0.0)  # only stop words
    assert (
        tokenscore.best("outputs are much shorter", ["unrelated words here", ref]).f
        == tokenscore.score("outputs are much shorter", ref).f
    )


Q = Question(
    id="s",
    type="short",
    paper="pagedattention",
    prompt="Why does vLLM split the KV cache into fixed-size blocks?",
    reference=[
        "So that a sequence's KV cache need not be contiguous: blocks are allocated on demand, "
        "which removes external fragmentation and limits internal fragmentation to one block."
    ],
)


@pytest.mark.slow
def test_short_answers_decided_by_the_logistic_model():
    features.prefetch(["blocks on demand, no contiguity needed, so almost no fragmentation"])
    terse = grade(Q, "blocks on demand, no contiguity needed, so almost no fragmentation")
    assert terse.correct and terse.details["method"] == "semantic"
    assert set(value.SHORT_FEATURES) <= set(terse.details)
    assert 0.0 <= terse.details["value"] <= 1.0
    restated = grade(Q, "vLLM splits the KV cache into fixed-size blocks.")
    assert not restated.correct and restated.details["restate"]
    off = grade(Q, "because beam search keeps the top-k candidates at every step")
    assert not off.correct and off.score < 0.5
    denied = grade(Q, "it doesn't remove fragmentation at all, blocks only make lookups faster")
    assert not denied.correct and denied.details["denial"]
    assert denied.details["value"] <= semantic.DENIAL_CAP


@pytest.mark.slow
def test_prefetch_runs_answers_through_the_model_once():
    features.prefetch(["a quite unusual zebra sentence"])
    assert "a quite unusual zebra sentence" in tokenscore._sentences
    assert "a quite unusual zebra sentence" in tokenscore._tokens


@pytest.mark.slow
def test_feedback_names_what_the_answer_misses():
    ref = (
        "Because most requests generate far fewer tokens than the maximum, so the reserved but unused "
        "slots (internal fragmentation) cannot be used by other requests."
    )
    prompt = "Why does reserving memory for each request's maximum output length waste GPU memory?"
    gaps = tokenscore.missing_terms("because the kv cache has to be stored in contiguous memory", ref, prompt)
    assert gaps and all(g in ref for g in gaps)  # whole clauses of the model answer, verbatim
    assert "the reserved but unused slots" in gaps  # "so" dropped, the rest as written
    assert tokenscore.missing_terms(ref, ref, prompt) == []
    partial = tokenscore.missing_terms("I think it's internal fragmentation", ref, prompt)
    assert "internal fragmentation" not in partial and partial
    bert = (
        "It teaches the model the relationship between two sentences, which QA and NLI depend on and "
        "which plain language modeling does not directly capture."
    )
    said = tokenscore.missing_terms(
        "it helps with question answering", bert, "Why does BERT add next sentence prediction?"
    )
    # no word fragments such as "teaches, nli depend on, which plain": clauses as written
    assert said and all(g in bert and len(g.split()) >= 3 for g in said)
    q = Question(id="pa", type="short", paper="pagedattention", prompt=prompt, reference=[ref])
    res = grade(q, "because the kv cache has to be stored in contiguous memory")
    assert (
        not res.correct and "also says" in res.feedback and "“the reserved but unused slots”" in res.feedback
    )


@pytest.mark.parametrize(
    "answer",
    [
        "it doesnt really, throughput per gpu drops as nodes are added",
        "its not really hard, the output has no structure",
        "sequence length wasnt the reason, they kept the same context",
    ],
)
def test_denial_reads_contractions_written_without_apostrophes(answer):
    ref = (
        "Throughput per GPU grows as nodes are added; the output is hard because of its structure; "
        "sequence length was the reason."
    )
    assert negation.denial(answer, ref, "Why does throughput grow and why is the output hard?")
    assert negation.polarity("it doesnt") == negation.polarity("it does not") == 1
