"""Candidate extraction and salience from a paper's structure: editions after names, special
tokens, generic heads after a specific modifier, evaluation sections judged against the paper's
title, headings that spell out a term, kinds of a heading's noun, adjectives, coined terms."""

from __future__ import annotations

from papermind.concepts.build import PaperText, extract_corpus
from papermind.concepts.candidates import candidates_in
from papermind.concepts.collect import collect
from papermind.concepts.rank import score_terms
from papermind.concepts.sections import heading_parts, is_evaluation
from papermind.concepts.terms import ChunkText


def _keys(text: str) -> set[str]:
    return {c[2] for c in candidates_in(text, set())}


def _chunk(
    i: int, text: str, heading: str = "Design", kind: str = "body", section: int | None = None
) -> ChunkText:
    return ChunkText(i, "p", text, 1, 1, len(text), kind, i if section is None else section, heading)


def test_years_and_versions_name_an_edition_but_never_start_a_term():
    keys = _keys("On the WMT 2014 English-to-German task we train ResNet-50 v1.5 in 2019 only.")
    assert {"WMT 2014", "WMT 2014 English-to-German", "ResNet-50 v1.5"} <= keys
    assert not any(k.startswith(("2014", "2019", "v1.5")) for k in keys)


def test_special_tokens_and_generic_heads_after_a_specific_modifier():
    keys = _keys(
        "The [CLS] token starts every input. Each reference implementation runs a feature-based approach."
    )
    assert "[CLS]" in keys and "[CLS] token" in keys
    assert "reference implementation" in keys and "feature-based approach" in keys
    assert "implementation" not in keys and "approach" not in keys  # generic words alone stay out
    # the generic word never starts a term, and "the X mechanism" stays X's
    assert not any(k.startswith("implementation") for k in keys)
    assert "copy-on-write mechanism" not in _keys("We use the copy-on-write mechanism here.")


def test_next_is_a_modifier_and_adverb_fragments_are_dropped():
    keys = _keys("The next sentence prediction task uses a fully connected layer.")
    assert "next sentence prediction" in keys
    assert "fully connected layer" not in keys and "connected layer" not in keys


def test_a_heading_word_from_the_papers_title_is_its_subject_not_its_experiments():
    title = "MLPerf Training Benchmark"
    assert not is_evaluation("MLPERF TRAINING BENCHMARK", "Timing Rules", title)
    assert not is_evaluation("BENCHMARKING PROCESS", "Submission Divisions", title)
    assert is_evaluation("Evaluation", "Setup", title)
    assert is_evaluation("BENCHMARK RESULTS", "Image models", "Paged attention for serving")
    # a subsection says it reports experiments only outright
    assert not is_evaluation("MLPERF TRAINING BENCHMARK", "Time-to-Train Performance Metric", title)
    assert is_evaluation("Analysis", "Experimental results", title)
    assert not is_evaluation("Overview of the System", "Experimental results", title)  # a method part


def test_heading_parts_split_at_of_and_drop_a_leading_question_word():
    assert heading_parts("Why Self-Attention") == ["Self-Attention"]
    assert heading_parts("Choice of Quality Thresholds") == ["Choice", "Quality Thresholds"]
    assert heading_parts("We use recomputation") == ["We use recomputation"]


def test_a_heading_that_spells_out_a_term_folds_into_it():
    body = "Each layer has a feed-forward network. The feed-forward network is applied per position."
    head = "Position-wise Feed-Forward Networks"
    chunks = [_chunk(1, f"{head}\n{body}", head, section=1), _chunk(2, body, section=2)]
    terms = collect(chunks, {}, set())
    assert "position wise feed forward network" not in terms
    t = terms["feed forward network"]
    assert t.is_heading and "Position-wise Feed-Forward Networks" in t.surfaces


def test_kinds_of_a_sections_head_noun_count_as_in_a_heading():
    text = "Submissions to the closed division use the reference model; the open division allows any model."
    terms = collect([_chunk(1, text, "Submission Divisions")], {}, set())
    assert terms["closed division"].kind_of_heading and terms["open division"].kind_of_heading
    plain = collect([_chunk(1, text, "Rules")], {}, set())
    assert not plain["closed division"].kind_of_heading


def test_hyphenated_adjectives_are_not_terms_alone_but_compound_nouns_are():
    text = (
        "A sparsity-aware cache and sparsity-aware scheduling help. We use copy-on-write. "
        "The copy-on-write keeps blocks. A sparsity-aware policy runs with copy-on-write."
    )
    ranked = {t.key for t in score_terms(collect([_chunk(i, text) for i in range(3)], {}, set()), {}, 3, {})}
    assert "copy on write" in ranked
    assert "sparsity aware" not in ranked


def _paper(key: str, texts: list[str]) -> PaperText:
    p = PaperText(len(key), key, key.title(), [])
    for i, t in enumerate(texts):
        cid = hash((key, i)) % 10_000_000
        p.chunks.append(ChunkText(cid, key, t, 1, 1, len(t), "body", i, "Design"))
        p.ordinal[cid] = i
    return p


def test_a_term_the_paper_proposes_outranks_the_same_term_cited_by_other_papers():
    uses = "The Transformer stacks layers. We train the Transformer on text. The Transformer is fast."
    own = _paper(
        "attention",
        ["In this work we propose the Transformer, a model architecture relying on attention.", uses, uses],
    )
    citing = [
        _paper(f"other{i}", [uses, uses, "Serving systems batch requests in a serving loop."])
        for i in range(4)
    ]
    out = extract_corpus([own, *citing])
    rank_own = next(r.rank for r in out["attention"] if r.term.key == "transformer")
    d = next(r.definition for r in out["attention"] if r.term.key == "transformer")
    assert d is not None and d.strength == 3 and "we propose the Transformer" in d.sentence
    for i in range(4):
        rows = {r.term.key: r.rank for r in out[f"other{i}"]}
        assert rows.get("transformer", 999) >= rank_own


def test_a_gerund_before_a_name_or_number_is_a_verb_with_its_object():
    keys = _keys(
        "After porting NanoFlow we saw adding 2ms and optimizing GPU utilization in serving systems."
    )
    assert not {"porting NanoFlow", "adding 2ms", "optimizing GPU utilization", "optimizing GPU"} & keys
    assert {"GPU utilization", "serving systems"} <= keys


def test_another_papers_passing_use_counts_less_than_the_same_rate_of_use():
    central = "The block table maps logical blocks. We update the block table on each step."
    own = _paper("own", [central] * 8)
    filler = "Serving systems batch requests and schedule them on GPUs in rounds."

    def score_with(other_texts: list[str]) -> float:
        out = extract_corpus([own, _paper("other", other_texts), _paper("third", [filler] * 8)])
        return next(r.term.score for r in out["own"] if r.term.key == "block table")

    passing = score_with([central] * 2 + [filler] * 30)  # the same three uses, in a long paper
    central_too = score_with([central] * 2)  # used as often as here
    assert passing > central_too


def test_a_gerund_with_an_object_is_no_term_alone_either():
    keys = _keys("We spent weeks optimizing GPU utilization, and optimizing is hard.")
    assert "optimizing GPU" not in keys
    starts = [
        c[0]
        for c in candidates_in("We spent weeks optimizing GPU utilization.", set())
        if c[2] == "optimizing"
    ]
    assert starts == []
