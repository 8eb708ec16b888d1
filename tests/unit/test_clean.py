"""clean_pages on synthetic pypdf-like pages."""

from __future__ import annotations

import os

from papermind.ingest.clean import LIGATURES, clean_pages

os.environ.setdefault("HF_HUB_OFFLINE", "1")

BODY = [
    "We study how systems manage memory for large models and how they schedule work.",
    "The method keeps a small table of blocks and maps each request onto it lazily.",
    "Results show that throughput improves while latency stays about the same overall.",
    "Related systems either over-reserve memory or copy state between devices often.",
]


def _body(i: int) -> list[str]:
    return [f"{line[:-1]} on page {chr(97 + i)}." for line in BODY]


def _page(i: int) -> str:
    return "\n".join(["MLPerf Training Benchmark", *_body(i), f"Preprint {2019 + i}", str(i + 1)])


def test_ligatures_are_expanded():
    raw = ["The \ufb01rst e\ufb03cient \ufb02ow uses \ufb00ort and ba\ufb04e and \ufb05ory \ufb06ar."]
    (out,) = clean_pages(raw)
    assert out == "The first efficient flow uses ffort and baffle and story star."
    assert not any(ch in out for ch in LIGATURES)


def test_math_alphanumerics_and_invisible_chars_become_plain():
    (out,) = clean_pages(
        ["the \U0001d461\U0001d45c\U0001d461\U0001d44e\U0001d459 time \u210e\u00a0and\u200b soft\u00adware"]
    )
    assert out == "the total time h and software"


def test_spacing_accent_is_composed():
    (out,) = clean_pages(["C. R\u00b4e and G\u00a8ulcehre"])
    assert out == "C. R\u00e9 and G\u00fclcehre"


def test_output_has_one_entry_per_page_and_no_blank_or_padded_lines():
    raw = ["  a   b  \n\n\n  c\t\td ", "", "x\n\n\ny"]
    out = clean_pages(raw)
    assert out == ["a b\nc d", "", "x\ny"]


def test_hyphenated_line_break_is_joined():
    (out,) = clean_pages(["High throughput needs mem-\nory and time. How-\never, it is hard."])
    assert "memory" in out and "However," in out
    assert "mem-" not in out and "How-" not in out
    assert out.split("\n")[0].endswith("memory")  # the fragment moved up, lines kept


def test_compound_seen_elsewhere_keeps_its_hyphen():
    raw = ["The key-value cache is large.\nEach key-\nvalue pair is stored. Their mem-\nory grows."]
    (out,) = clean_pages(raw)
    assert out.count("key-value") == 2
    assert "keyvalue" not in out
    assert "memory" in out


def test_capitalised_or_numeric_second_part_keeps_hyphen():
    (out,) = clean_pages(["we train GPT-\n3 models on Wiki-\nText data and mid-\nsized ones"])
    assert "GPT-3" in out and "Wiki-Text" in out
    assert "midsized" in out


def test_hyphen_join_across_a_page_break():
    out = clean_pages(["first page ends with a frag-", "mented word on the next page"])
    assert out[0].endswith("fragmented")
    assert out[1] == "word on the next page"


def test_running_headers_footers_and_page_numbers_removed():
    raw = [_page(i) for i in range(6)]
    out = clean_pages(raw)
    assert len(out) == 6
    for i, page in enumerate(out):
        lines = page.split("\n")
        assert lines == _body(i)
        assert "MLPerf Training Benchmark" not in page
        assert not any(line.isdigit() for line in lines)


def test_header_text_in_body_and_title_page_is_kept():
    # the header key is case-sensitive: an all-caps title is not the running header
    raw = ["MLPERF TRAINING BENCHMARK\n" + "\n".join(_body(9))] + [_page(i) for i in range(1, 6)]
    out = clean_pages(raw)
    assert out[0].startswith("MLPERF TRAINING BENCHMARK")


def test_non_repeated_edge_lines_are_kept():
    raw = [f"Unique opening line {chr(65 + i)} of page\n" + "\n".join(_body(i)) for i in range(5)]
    out = clean_pages(raw)
    assert all(p.startswith("Unique opening line") for p in out)


def test_bare_numbers_inside_text_are_kept():
    raw = ["\n".join([*_body(i)[:3], "42", *_body(i)[:3]]) for i in range(4)]
    out = clean_pages(raw)
    assert all("\n42\n" in p for p in out)


def test_arxiv_stamp_dropped():
    stamp = "arXiv:2309.06180v1  [cs.LG]  12 Sep 2023"
    raw = [f"Intro text here.\n{stamp}", "more text arXiv:1706.03762v5 [cs.CL] 6 Dec 2017\nend"]
    out = clean_pages(raw)
    assert out == ["Intro text here.", "more text\nend"]


def test_arxiv_stamp_reversed_rendering_dropped():
    stamp = "arXiv:2403.17312v1 [cs.AI] 26 Mar 2024"
    (out,) = clean_pages([f"body\n{stamp[::-1]}"])
    assert out == "body"


def test_arxiv_reference_is_kept():
    (out,) = clean_pages(["[3] A. Author. A paper. arXiv preprint arXiv:1607.06450, 2016."])
    assert "arXiv:1607.06450" in out


def test_acm_permission_block_dropped():
    page = "\n".join(
        [
            "Body text before.",
            "Permission to make digital or hard copies of part or all of this work for",
            "personal or classroom use is granted without fee provided that copies are",
            "SOSP '23, October 23-26, 2023, Koblenz, Germany",
            "ACM ISBN 979-8-4007-0229-7/23/10.",
            "https://doi.org/10.1145/3600006.3613165",
            "Body text after.",
        ]
    )
    (out,) = clean_pages([page])
    assert out == "Body text before.\nBody text after."


def test_tex_math_font_bytes_are_mapped():
    page = "softmax\u201ex\u201d := f\u201ex\u201d\x96 with \u201ea\u201aa\u201d\x95 and 3\x02 speedup " * 5
    (out,) = clean_pages([page])
    assert "softmax(x) := f(x)," in out and "(a+a)." in out and "3\u00d7 speedup" in out
    assert not any(0x80 <= ord(c) < 0xA0 or ord(c) < 32 and c != "\n" for c in out)


def test_unknown_compounds_of_known_words_keep_hyphen_fragments_join():
    raw = [
        "Sequence models use aligned inputs and an image encoder.\n"
        "We use sequence-\naligned recurrence, an image-\nbased model, English-\nto-French data,\n"
        "and some advan-\nced tricks with a k-\nbit cache."
    ]
    (out,) = clean_pages(raw)
    for word in ("sequence-aligned", "image-based", "English-to-French", "advanced", "k-bit"):
        assert word in out


def test_footnote_markers_glued_to_a_sentence_are_dropped():
    pages = clean_pages(
        [
            "Body text of the paper goes here.\n5The final model achieves 97%-98% accuracy on NSP.\n"
            "40Memory usage (GB)\n12 layers of the model"
        ]
    )
    lines = pages[0].split("\n")
    assert "The final model achieves 97%-98% accuracy on NSP." in lines
    assert "40 Memory usage (GB)" in lines  # a tick value run into a figure label
    assert "12 layers of the model" in lines  # a number that is not glued stays as it was
