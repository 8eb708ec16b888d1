"""split_sentences and chunk_document with the model's real tokenizer."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from papermind.embed import count_tokens  # noqa: E402
from papermind.ingest.chunk import (  # noqa: E402
    ChunkSpan,
    chunk_document,
    chunk_source_text,
    normalize_ws,
    split_sentences,
)
from papermind.ingest.sections import SectionSpan, find_sections  # noqa: E402


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


# -- split_sentences ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "As shown by Smith et al. (2020) the cache grows.",
        "Many systems, e.g. Orca and FasterTransformer, waste memory.",
        "The block size, i.e. 16 tokens, is a tuning knob.",
        "See Fig. 3 for the layout of blocks.",
        "We minimise the loss in Eq. (2) with Adam.",
        "Details are in Sec. 4 and Tab. 2 of the paper.",
        "The speedup is 2.5 times over the baseline at 3.14 GHz.",
        "Dense vs. sparse attention differ in cost.",
        "The code was written by Noah A. Smith and J. R. R. Tolkien in the U.S. Army.",
        "We compute the gradient w.r.t. The parameters here.",
    ],
)
def test_abbreviations_do_not_split(text):
    assert _sentences(text) == [text]


def test_splits_real_boundaries_and_strips_whitespace():
    text = (
        "  First sentence here.  Second one?\nThird! [4] Fourth cites.\n(Fifth) in parens. 2 GPUs suffice.  "
    )
    assert _sentences(text) == [
        "First sentence here.",
        "Second one?",
        "Third!",
        "[4] Fourth cites.",
        "(Fifth) in parens.",
        "2 GPUs suffice.",
    ]


def test_lowercase_continuation_is_not_a_boundary():
    assert len(_sentences("This holds for x. and more text follows here.")) == 1


def test_spans_are_offsets_into_the_text():
    text = "Alpha beta. Gamma delta.\nEpsilon."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["Alpha beta.", "Gamma delta.", "Epsilon."]
    assert split_sentences("") == [] and split_sentences("   \n ") == []


# -- chunk_document ----------------------------------------------------------------------


def _prose(n: int, tag: str) -> str:
    return " ".join(
        f"Sentence {i} of {tag} explains how paged attention maps logical blocks to physical blocks."
        for i in range(n)
    )


def _doc() -> tuple[list[str], list[SectionSpan]]:
    huge = " ".join(f"token{i} value{i}" for i in range(400))  # one 'sentence' far over 256 tokens
    blob = ",".join(["ab"] * 400)  # a single whitespace-free 'word' of ~800 word pieces
    pages = [
        "Title of Paper\nAbstract\n" + _prose(6, "abstract") + "\n1 Introduction\n" + _prose(20, "intro"),
        _prose(15, "intro-continued") + "\n2 Method\n" + huge + ". " + _prose(5, "method"),
        blob + ". " + _prose(3, "method-end") + "\nReferences\n[1] A. Author. A Title. 2020.",
    ]
    return pages, find_sections(pages)


def _section_ranges(
    pages: list[str], sections: list[SectionSpan]
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    bounds = [(s.page, s.offset) for s in sections] + [(len(pages), 0)]
    return list(zip(bounds, bounds[1:]))


@pytest.fixture(scope="module")
def doc_chunks() -> tuple[list[str], list[SectionSpan], list[ChunkSpan]]:
    pages, sections = _doc()
    return pages, sections, chunk_document(pages, sections, count_tokens)


def test_no_chunk_over_max_tokens_and_counts_are_real(doc_chunks):
    _, _, chunks = doc_chunks
    assert chunks
    real = count_tokens([c.text for c in chunks])
    assert [c.n_tokens for c in chunks] == real
    assert max(real) <= 256


def test_chunk_text_round_trips_to_page_slices(doc_chunks):
    pages, _, chunks = doc_chunks
    for c in chunks:
        assert c.text == chunk_source_text(pages, c)
        assert c.text == normalize_ws(c.text) and "\n" not in c.text
    assert any(c.page_start != c.page_end for c in chunks)  # intro continues on page 1


def test_chunks_stay_inside_their_section(doc_chunks):
    pages, sections, chunks = doc_chunks
    ranges = _section_ranges(pages, sections)
    for c in chunks:
        start, end = ranges[c.section_index]
        assert start <= (c.page_start, c.char_start)
        assert (c.page_end, c.char_end) <= end or end == (len(pages), 0)
    assert {c.section_index for c in chunks} == set(range(len(sections)))


def test_chunks_cover_text_in_order_with_sentence_overlap(doc_chunks):
    pages, sections, chunks = doc_chunks
    keys = [(c.page_start, c.char_start) for c in chunks]
    assert keys == sorted(keys)
    intro = [c for c in chunks if sections[c.section_index].title == "Introduction"]
    assert len(intro) >= 3
    for a, b in zip(intro, intro[1:]):
        last_sentence = a.text[a.text.rstrip(".").rfind(". ") + 2 :]
        assert b.text.startswith(last_sentence)
    words = {w for w in normalize_ws(" ".join(pages)).split() if "ab,ab" not in w}
    covered = set(" ".join(c.text for c in chunks).split())
    assert words <= covered


def test_oversized_sentence_is_split_on_word_boundaries(doc_chunks):
    pages, sections, chunks = doc_chunks
    method = [c for c in chunks if sections[c.section_index].title == "Method"]
    assert len(method) >= 3
    vocab = set(pages[1].split()) | set(pages[2].split())
    for c in method:
        for w in c.text.split()[1:-1]:
            assert w in vocab  # interior words are never cut
    blob_chunks = [c for c in method if "ab,ab" in c.text]
    assert len(blob_chunks) >= 3  # the whitespace-free run is cut by characters
    assert "".join(c.text for c in blob_chunks).count("ab") >= 400


def test_target_and_overlap_are_tunable():
    pages, sections = _doc()
    small = chunk_document(pages, sections, count_tokens, target_tokens=80, overlap_sentences=0)
    big = chunk_document(pages, sections, count_tokens, target_tokens=250, overlap_sentences=2)
    assert len(small) > len(big)
    assert max(c.n_tokens for c in small) <= 256


def test_token_counting_is_batched():
    pages, sections = _doc()
    calls = []

    def counting(texts: list[str]) -> list[int]:
        calls.append(len(texts))
        return count_tokens(texts)

    chunks = chunk_document(pages * 5, find_sections(pages * 5), counting)
    assert len(calls) <= 5
    assert len(chunks) > len(calls) * 5


def test_no_sections_and_empty_pages():
    pages = ["Plain text without any heading. " * 40, ""]
    chunks = chunk_document(pages, [], count_tokens)
    assert chunks and all(c.section_index is None for c in chunks)
    assert chunk_document(["", ""], [], count_tokens) == []
