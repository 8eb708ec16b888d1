"""Ranking rules that keep one slot per concept and let a paper's own units through: a name with
its edition or its kind is the name; a longer term the title names, or a one-word name, is no
minor use of a shorter one."""

from __future__ import annotations

from papermind.concepts.collect import collect
from papermind.concepts.rank import merge_variants, score_terms
from papermind.concepts.terms import ChunkText


def _chunk(i: int, text: str, kind: str = "body") -> ChunkText:
    return ChunkText(i, "p", text, 1, 1, len(text), kind, i)


def test_a_name_with_its_edition_or_its_kind_is_the_name():
    texts = [
        "The MLPerf Training benchmark uses ResNet-50 v1.5 and the SQuAD dataset.",
        "MLPerf Training times ResNet-50 on SQuAD; the GPU memory holds weights.",
        "In MLPerf Training, ResNet-50 v1.5 trains; SQuAD v1.1 is a dataset. GPU memory is small.",
        "The GPU kernel reads GPU memory. The reference implementation uses ResNet-50.",
    ]
    terms = merge_variants(collect([_chunk(i, t) for i, t in enumerate(texts)], {}, set()))
    assert "mlperf training benchmark" not in terms
    assert "MLPerf Training benchmark" in terms["mlperf training"].surfaces
    assert "resnet 50 v1.5" not in terms and "ResNet-50 v1.5" in terms["resnet 50"].surfaces
    assert "squad v1.1" not in terms and "squad dataset" not in terms
    # a word after a name that is not a kind of it makes another thing
    assert "gpu memory" in terms
    # lower-case phrases are no names: their kind stays a term of its own
    assert "reference implementation" in terms


def test_a_longer_term_in_the_title_is_no_minor_use_of_a_shorter_one():
    body = "GPU memory is scarce. GPU memory holds the model. We add GPU memory to GPU memory."
    texts = [body] * 6 + ["The GPU memory wall limits scale.", "Breaking the GPU memory wall."]
    chunks = [_chunk(i, t) for i, t in enumerate(texts)]
    plain = {t.key for t in score_terms(collect(chunks, {}, set()), {}, 3, {})}
    titled = {
        t.key
        for t in score_terms(collect(chunks, {}, set(), title="Breaking the GPU Memory Wall"), {}, 3, {})
    }
    assert "gpu memory wall" not in plain and "gpu memory wall" in titled


def test_a_term_introduced_in_quotes_counts_as_the_papers_own():
    texts = [
        "Hyperparameters are tuned. We allow \u201chyperparameter borrowing\u201d during review.",
        "Hyperparameters matter. Hyperparameter borrowing helped submissions.",
        "Hyperparameters are portable, as hyperparameter borrowing shows.",
        "Hyperparameters are set by rules. Hyperparameters are few. Hyperparameters vary.",
        "Hyperparameters are searched. Hyperparameters are logged. Hyperparameters are fixed.",
        "Hyperparameters differ. Hyperparameters are listed. Hyperparameters are reported.",
        "The prompt \u201csea otter\u201d becomes \u201cloutre de mer\u201d; \u201csea otter\u201d again.",
    ] * 2
    terms = collect([_chunk(i, t) for i, t in enumerate(texts)], {}, set())
    assert terms["hyperparameter borrowing"].introduced
    assert terms["sea otter"].quoted and not terms["sea otter"].introduced  # only ever quoted
    ranked = [t.key for t in score_terms(terms, {}, 3, {"hyperparameters": 2})]
    assert "hyperparameter borrowing" in ranked


def test_a_list_of_kinds_counts_as_uses_of_the_kinds_written_out_elsewhere():
    texts = [
        "MLPerf has two submission divisions: closed and open. Each result has a division (open or closed).",
        "The closed division fixes the model. The open division allows new models.",
        "Each submission has a category (available, preview, or research).",
    ]
    terms = collect([_chunk(i, t) for i, t in enumerate(texts)], {}, set())
    assert terms["closed division"].weighted == 3 and terms["open division"].weighted == 3
    assert "preview category" not in terms  # never written out: a list invents no term
    spans = {texts[0][o.start : o.end] for o in terms["closed division"].occurrences if o.chunk_id == 0}
    assert spans == {"divisions: closed and open", "division (open or closed"}


def test_solid_hyphenated_and_open_compounds_and_written_out_acronyms_are_one_term():
    texts = [
        "BERT is fine-tuned on downstream tasks. The masked LM hides words.",
        "Down-stream tasks differ. A masked language model predicts words.",
        "Each downstream task has data. The masked LM and the masked language model agree.",
        "The GB of memory holds a grey block. Grey blocks are masked. GB counts bytes.",
    ]
    terms = merge_variants(collect([_chunk(i, t) for i, t in enumerate(texts)], {}, set()))
    down = next(t for k, t in terms.items() if k in ("downstream task", "down stream task"))
    assert {"downstream tasks", "Down-stream tasks"} <= set(down.surfaces)
    masked = next(t for k, t in terms.items() if k in ("masked lm", "masked language model"))
    assert {"masked LM", "masked language model"} <= set(masked.surfaces)
    # two capitals alone match too many word pairs: "GB" is no "grey block"
    assert "GB" not in terms["grey block"].surfaces


def test_a_longer_spelling_the_paper_often_writes_takes_no_second_slot():
    texts = [
        "we test on English-to-German and say that English-to-German translation is hard for the GPU memory",
        "results on English-to-German translation and English-to-German are good with GPU memory",
        "English-to-German translation scores improve and English-to-German wins if GPU memory helps",
        "the GPU memory holds English-to-German models and English-to-German translation is fast",
    ]
    chunks = [_chunk(i, t) for i, t in enumerate(texts)]
    ranked = [t.key for t in score_terms(collect(chunks, {}, set()), {}, 3, {})]
    assert "english to german" in ranked and "english to german translation" not in ranked
    assert "gpu memory" in ranked  # a term sharing no words stays


def _evaluation(i: int, text: str) -> ChunkText:
    return ChunkText(i, "p", text, 1, 1, len(text), "body", i, "Evaluation", True)


def _score(texts: list[str], key: str) -> float:
    body = [_chunk(0, "the paged cache holds the keys and the paged cache is shared by requests")]
    chunks = body + [_evaluation(i + 1, t) for i, t in enumerate(texts)]
    return {t.key: t.score for t in score_terms(collect(chunks, {}, set()), {}, 3, {})}[key]


def test_a_name_the_paper_compares_with_is_not_discounted_as_experiment_only():
    compared = [
        "our cache is faster than FooNet on every model we tried",
        "the gain over FooNet grows with the batch",
        "FooNet runs each model with its own cache, and FooNet pages it",
        "FooNet loads the weights once and FooNet keeps them",
    ]
    mentioned = [
        "we ran FooNet on every model we tried",
        "the batch of FooNet grows with the model",
        "FooNet runs each model with its own cache, and FooNet pages it",
        "FooNet loads the weights once and FooNet keeps them",
    ]
    assert collect([_evaluation(0, compared[0])], {}, set())["foonet"].compared == 1
    assert _score(compared, "foonet") > 1.5 * _score(mentioned, "foonet")


def test_one_modifier_with_interchangeable_model_nouns_is_one_term():
    texts = [
        "a recurrent neural network reads tokens in order; the recurrent network is slow",
        "recurrent models factor computation along positions, as a recurrent neural network does",
        "the recurrent layer keeps a hidden state",
        "a recurrent layer is sequential",
    ]
    terms = merge_variants(collect([_chunk(i, t) for i, t in enumerate(texts)], {}, set()))
    assert "recurrent network" not in terms and "recurrent model" not in terms
    assert {"recurrent network", "recurrent models"} <= set(terms["recurrent neural network"].surfaces)
    assert "recurrent layer" in terms  # a layer is a part of a model, not another name for it
