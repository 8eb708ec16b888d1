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
