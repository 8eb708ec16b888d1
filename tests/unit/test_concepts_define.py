"""Defining sentences: the strongest, earliest real definition in the body is chosen."""

from __future__ import annotations

from papermind.concepts.define import find_definition, sentences


def test_earliest_body_definition_wins_over_abstract_and_weaker_mentions():
    chunks = [
        (1, 0, "abstract", "We use a block table to find blocks. It is fast.", 1),
        (
            2,
            1,
            "body",
            "Figure 2: The block table is shown. The block table grows with "
            "the sequence length of each request.",
            2,
        ),
        (
            3,
            2,
            "body",
            "A block table is a per-request mapping from logical to physical "
            "blocks, kept by the block manager.",
            3,
        ),
        (4, 3, "body", "The block table is a map again, restated later in the text.", 5),
    ]
    d = find_definition(["block table", "block tables"], chunks)
    assert d is not None and d.chunk_id == 3 and d.page == 3
    assert d.sentence.startswith("A block table is a per-request mapping")


def test_we_call_and_we_propose_patterns():
    chunks = [
        (1, 0, "body", "PagedAttention is fast in many settings and helps serving a lot.", 1),
        (
            2,
            1,
            "body",
            "To fix this, we propose PagedAttention, an attention algorithm inspired by virtual memory.",
            2,
        ),
    ]
    d = find_definition(["PagedAttention"], chunks)
    assert d is not None and d.strength == 3 and d.chunk_id == 2
    d2 = find_definition(
        ["online softmax"],
        [
            (
                5,
                0,
                "body",
                "We split the softmax into blocks and rescale; we call this the "
                "online softmax trick in the rest of the paper.",
                4,
            )
        ],
    )
    assert d2 is not None and "we call this" in d2.sentence


def test_no_definition_when_only_mentioned():
    chunks = [(1, 0, "body", "Results improve with the block table and with more memory.", 1)]
    assert find_definition(["block table"], chunks) is None


def test_sentences_do_not_split_after_abbreviations():
    parts = [s for _, s in sentences("Kwon et al. show it. Then, e.g. this. Next one.")]
    assert parts == ["Kwon et al. show it.", "Then, e.g. this.", "Next one."]


def _body(text: str, cid: int = 1, ordinal: int = 0) -> tuple[int, int, str, str, int]:
    return (cid, ordinal, "body", text, 1)


def test_we_propose_an_architecture_the_term_is_a_coining_definition():
    text = "We propose a new simple network architecture, the Transformer, based solely on attention."
    d = find_definition(["Transformer"], [_body(text)])
    assert d is not None and d.strength == 3
    d2 = find_definition(
        ["Transformer"], [_body("In this work we propose the Transformer, a model architecture.")]
    )
    assert d2 is not None and d2.strength == 3


def test_quoted_terms_and_lead_in_subjects_are_definitions():
    quoted = 'In "encoder-decoder attention" layers, the queries come from the previous decoder layer.'
    d = find_definition(["encoder-decoder attention"], [_body(quoted)])
    assert d is not None and d.strength == 2
    lead = "Specifically, the block manager maps logical blocks to physical blocks on the GPU."
    d2 = find_definition(["block manager"], [_body(lead)])
    assert d2 is not None and d2.sentence == lead
    # a mere mention in the middle of a sentence is no definition
    assert (
        find_definition(["block manager"], [_body("We then ask the block manager for two more blocks.")])
        is None
    )


def test_a_run_in_heading_is_defined_by_the_sentence_after_it():
    text = "Copy-on-write. When two sequences share a block, the block is copied only when one writes to it."
    d = find_definition(["copy-on-write"], [_body(text)])
    assert d is not None and d.sentence.startswith("Copy-on-write. When two sequences share a block")


def test_a_section_named_after_the_term_gives_its_first_sentence_as_a_fallback():
    first = "Instead of one attention function, we project queries, keys and values h times in parallel."
    headed = [(7, 3, "body", first + " More text follows here in the section.", 4)]
    d = find_definition(
        ["multi-head attention"], [_body("We use multi-head attention in every layer.")], headed
    )
    assert d is not None and d.chunk_id == 7 and d.page == 4 and d.sentence == first
    # a real definition in the text wins over the fallback
    text = "Multi-head attention is a set of attention functions run in parallel over projections."
    d2 = find_definition(["multi-head attention"], [_body(text, 2, 5)], headed)
    assert d2 is not None and d2.chunk_id == 2


def test_kinds_with_examples_constructions_and_long_forms_before_an_acronym():
    cases = [
        (
            ["feature-based approach"],
            "The feature-based approach, such as ELMo (Peters et al., 2018a), uses task-specific parts.",
        ),
        (
            ["decoding algorithms"],
            "Services use decoding algorithms, such as parallel sampling and beam search, that fork outputs.",
        ),
        (
            ["input representation"],
            "For a given token, its input representation is constructed by summing three embeddings.",
        ),
        (["block table"], "The block table maps logical blocks to physical blocks for each request."),
    ]
    for surfaces, text in cases:
        d = find_definition(surfaces, [_body(text)])
        assert d is not None and d.strength == 1, surfaces
    glue = "The General Language Understanding Evaluation (GLUE) benchmark (Wang et al., 2018a) is a collection of tasks."
    d = find_definition(["GLUE"], [_body(glue)])
    assert d is not None and d.strength == 2
    # an adjective after "is", or the noun "maps of", is no definition
    assert (
        find_definition(
            ["fine-tuning"], [_body("Compared to pre-training, fine-tuning is relatively cheap to run.")]
        )
        is None
    )
    assert (
        find_definition(
            ["attention weight"],
            [_body("Therefore, the attention weight maps of local attention miss a lot.")],
        )
        is None
    )


def test_section_fallback_cuts_the_heading_and_skips_self_references():
    headed = [
        (7, 3, "body", "3.2.2 Multi-Head Attention Instead of one attention function, we project h times.", 4)
    ]
    d = find_definition(["multi-head attention"], [], headed)
    assert d is not None and d.sentence == "Instead of one attention function, we project h times."
    about = [
        (
            8,
            4,
            "body",
            "3 Memory Requirements This section characterizes the memory requirements for training.",
            5,
        )
    ]
    assert find_definition(["memory requirements"], [], about) is None
    # an apposition defines only its sentence's subject, not a noun at the end of a phrase
    text = "Users ask for samples from a single input prompt, a typical use case in program suggestion."
    assert find_definition(["input prompt"], [_body(text)]) is None


def test_proposed_to_which_clauses_and_long_forms_with_a_phrase_before_is():
    cases = [
        (
            ["KV caching"],
            "To mitigate such a quadratic overhead for LLM inference, KV caching is proposed to store tensors.",
            1,
        ),
        (
            ["AIT"],
            "The arithmetic intensity (AIT) of a workload is the ratio between computation and data.",
            2,
        ),
        (
            ["local attention"],
            "Longformer adopts a local attention mechanism, which applies a fixed-size sliding window.",
            2,
        ),
        (
            ["attention scores"],
            "The attention scores are calculated by multiplying the attention weights to V.",
            1,
        ),
    ]
    for surfaces, text, strength in cases:
        d = find_definition(surfaces, [_body(text)])
        assert d is not None and d.strength == strength, surfaces
    assert (
        find_definition(
            ["block table"], [_body("We then rebuild the block table, which has two entries now.")]
        )
        is None
    )


def test_sentences_stating_a_result_a_consequence_or_an_evaluation_are_no_definition():
    mentions = [
        (
            ["OpenAI GPT"],
            "On the leaderboard, BERT obtains 80.5, compared to OpenAI GPT, which obtains 72.8.",
        ),
        (["HBM"], "Standard attention implementations write the matrix S to HBM, which takes O(N^2) memory."),
        (["HBM access"], "HBM access is the primary factor affecting runtime in our experiments."),
        (["offload engine"], "Therefore, the offload engine allows the system to fit models of any size."),
        (
            ["attention algorithm"],
            "We implement block-sparse attention, a sparse attention algorithm that is 2-4× faster.",
        ),
        (
            ["sub-layer"],
            "The decoder inserts a third sub-layer, which performs attention over the encoder output.",
        ),
        (
            ["backward pass"],
            "We see that, like the forward pass, the backward pass performs many more FLOPs.",
        ),
        (
            ["GPU utilization"],
            "We turn maximizing GPU utilization, which is an NP-hard problem, into another.",
        ),
        (
            ["ToR switches"],
            "BERT runs on four hosts under the same two ToR switches, i.e., using four GPUs in each.",
        ),
        (["reference job"], "Suppose Job 1 is the reference job (i.e., P = 1) and compare both orders."),
        (["historical tokens"], "As the session expands, the historical tokens keep accumulating in memory."),
    ]
    for surfaces, text in mentions:
        assert find_definition(surfaces, [_body(text)]) is None, surfaces
    run_in = "Sparse caching. The subsequent question is how to choose the ratio of cached tensors."
    assert find_definition(["sparse caching"], [_body(run_in)]) is None
    headed = [(3, 1, "body", "Fine-tuning is straightforward since the model is a Transformer.", 2)]
    assert find_definition(["fine-tuning BERT"], [], headed) is None
    # a section number is no figure, and a coined term keeps its sentence whatever it states
    glue = "4.1 GLUE The General Language Understanding Evaluation (GLUE) benchmark is a collection of tasks."
    assert find_definition(["GLUE"], [_body(glue)]) is not None
    coined = "We propose block-sparse attention, an approximate attention that is 2-4× faster than exact attention."
    d = find_definition(["block-sparse attention"], [_body(coined)])
    assert d is not None and d.strength == 3


def test_asides_phases_participles_and_dashes_say_what_a_term_is():
    cases = [
        (
            ["self-attention"],
            "Self-attention, sometimes called intra-attention is an attention mechanism relating positions.",
            2,
        ),
        (
            ["pre-training"],
            "During pre-training, the model is trained on unlabeled data over several tasks.",
            1,
        ),
        (
            ["residual states"],
            "Memory falls into two parts: i) model states, ii) residual states primarily referring to activations.",
            2,
        ),
        (
            ["attention function"],
            "An attention function can be described as mapping a query and a set of key-value pairs to an output.",
            3,
        ),
        (
            ["IO-aware"],
            "We argue for making attention algorithms IO-aware [1]—that is, accounting for reads and writes.",
            1,
        ),
        (
            ["working memory"],
            "We also characterize the GPU working memory, describing the minimum amount of memory needed.",
            1,
        ),
        (
            ["SQuAD"],
            "The Stanford Question Answering Dataset (SQuAD v1.1) is a collection of 100k question/answer pairs.",
            2,
        ),
        (
            ["residual states"],
            "The residual states primarily consist of the activation memory of the model.",
            1,
        ),
        (
            ["ZeRO"],
            "ZeRO [11] partitions the model states across data-parallel processes instead of copying them.",
            1,
        ),
    ]
    for surfaces, text, strength in cases:
        d = find_definition(surfaces, [_body(text)])
        assert d is not None and d.strength == strength, surfaces


def test_the_sentence_before_or_after_completes_a_definition():
    procedure = (
        "To train a deep bidirectional model, we mask some input tokens at random and predict them. "
        'We refer to this procedure as a "masked LM", after the Cloze task.'
    )
    d = find_definition(["masked LM"], [_body(procedure)])
    assert d is not None and d.strength == 3 and d.sentence.startswith("To train a deep bidirectional")
    blocks = (
        "Specifically, PagedAttention partitions the KV cache of each sequence into KV blocks. "
        "Each block contains the key and value vectors for a fixed number of tokens."
    )
    d = find_definition(["KV blocks"], [_body(blocks)])
    assert d is not None and d.sentence == blocks
    layers = (
        "Each layer has two sub-layers. The first is a multi-head self-attention mechanism, "
        "and the second is a feed-forward network."
    )
    d = find_definition(["sub-layer"], [_body(layers)])
    assert d is not None and d.sentence == layers
    # the sentence after must be about the term's head word
    other = "The system splits memory into KV blocks. Each request then waits for a free slot in the queue."
    assert find_definition(["KV blocks"], [_body(other)]) is None
