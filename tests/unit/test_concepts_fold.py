"""Variant folding: case, plural, hyphen/space, acronym <-> expansion."""

from __future__ import annotations

from papermind.concepts.fold import find_acronyms, fold, singular, strip_acronym_parens


def test_case_plural_hyphen_fold_together():
    assert fold("KV caches") == fold("kv cache") == fold("KV-Cache")
    assert fold("block tables") == fold("Block Table") == "block table"
    assert fold("copy-on-write") == fold("copy on write")
    assert fold("memory-centric tiling") == fold("Memory centric tiling")
    assert fold("queries") == "query" and fold("batches") == "batch"
    assert fold("GPUs") == fold("GPU") and fold("process") == "process"


def test_only_the_last_word_is_made_singular():
    assert fold("requests queue") != fold("request queue")
    assert singular("analysis") == "analysis" and singular("bus") == "bus"


def test_acronym_and_expansion_are_one_concept():
    text = (
        "Existing systems keep the key-value cache (KV cache) in GPU memory. "
        "Reads go to high bandwidth memory (HBM). The arithmetic intensity (AIT) is low."
    )
    acr = find_acronyms(text)
    assert acr == {"KV": "key value", "HBM": "high bandwidth memory", "AIT": "arithmetic intensity"}
    assert fold("KV cache", acr) == fold("key-value cache", acr) == "key value cache"
    assert fold("HBM", acr) == fold("high-bandwidth memory", acr)
    assert fold("KV caches", acr) == fold("key value caches", acr)


def test_acronym_definition_needs_matching_letters():
    assert find_acronyms("we ran it on the cluster (GPU) today") == {}
    assert find_acronyms("large language models (LLMs) are big") == {"LLM": "large language model"}
    assert find_acronyms("the Zero Redundancy Optimizer (ZeRO) partitions") == {
        "ZeRO": "zero redundancy optimizer"
    }


def test_a_long_form_introduced_in_quotes_folds_with_its_acronym():
    acr = find_acronyms("we use a \u201cmasked language model\u201d (MLM) pre-training objective")
    assert acr == {"MLM": "masked language model"}
    assert fold("MLM", acr) == fold("masked language model", acr)


def test_parenthesised_acronym_is_dropped_for_candidates():
    assert strip_acronym_parens("the key-value (KV) cache grows") == "the key-value  cache grows"
    assert strip_acronym_parens("see (a) and (b)") == "see (a) and (b)"


def test_acronym_defined_by_a_colon_heading():
    from papermind.concepts.fold import find_acronyms

    found = find_acronyms(
        "parallelism in DL. ZeRO: Zero Redundancy Optimizer ZeRO [11] "
        "removes redundancy. GPU: the device we use."
    )
    assert found["ZeRO"] == "zero redundancy optimizer" and "GPU" not in found
