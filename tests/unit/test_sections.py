"""find_sections on synthetic cleaned pages."""

from __future__ import annotations

import os

from papermind.ingest.sections import SectionSpan, find_sections

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PROSE = "We describe the system in detail here and discuss the design choices made."


def _titles(spans: list[SectionSpan]) -> list[tuple[str | None, str, int, str]]:
    return [(s.number, s.title, s.level, s.kind) for s in spans]


def test_numbered_headings_abstract_references_appendix():
    pages = [
        "A Great Paper\nJane Doe\nAbstract\nWe study things.\n1 Introduction\n" + PROSE,
        f"2 Background\n{PROSE}\n2.1 Paging\n{PROSE}\n2.2 Tiling\n{PROSE}\n2.2.1 Inner Loop\n{PROSE}",
        f"3 Method\n{PROSE}\nReferences\n[1] A. Author. A Study of Things. 2020.\n[2] B. Author. Another.",
        f"A Appendix Material\n{PROSE}\nA.1 Proofs\n{PROSE}\nB More Results\n{PROSE}",
    ]
    spans = find_sections(pages)
    assert _titles(spans) == [
        (None, "Front matter", 1, "front"),
        (None, "Abstract", 1, "abstract"),
        ("1", "Introduction", 1, "body"),
        ("2", "Background", 1, "body"),
        ("2.1", "Paging", 2, "body"),
        ("2.2", "Tiling", 2, "body"),
        ("2.2.1", "Inner Loop", 3, "body"),
        ("3", "Method", 1, "body"),
        (None, "References", 1, "references"),
        ("A", "Appendix Material", 1, "appendix"),
        ("A.1", "Proofs", 2, "appendix"),
        ("B", "More Results", 1, "appendix"),
    ]
    assert spans[0].page == 0 and spans[0].offset == 0
    for s in spans[1:]:
        line = pages[s.page][s.offset :].split("\n", 1)[0]
        assert line.startswith(s.number or s.title[:5].split()[0])
        assert s.offset == 0 or pages[s.page][s.offset - 1] == "\n"
    assert [(s.page, s.offset) for s in spans] == sorted((s.page, s.offset) for s in spans)


def test_no_front_span_when_first_heading_is_at_start():
    spans = find_sections(["Abstract\nShort.\n1 Introduction\nText."])
    assert spans[0].kind == "abstract" and (spans[0].page, spans[0].offset) == (0, 0)


def test_false_positives_are_rejected():
    page = "\n".join(
        [
            "1 Introduction",
            PROSE,
            "2 slots future used",  # lowercase: figure label
            "7 KV cache states for",  # wrapped label ending in a function word
            "request A's prompt",
            "37.7 Box min AP",  # table row with a jump in numbering
            "1 Background",  # numbering goes backwards
            "2 The results are shown in the table below.",  # sentence ending with a period
            "2 0.5 1.0 1.5 2.0",  # axis ticks
            "2 x = y + z (3)",  # equation
            "2. Memory-bound: the time is determined by memory accesses",  # list item
            "2 Method",
            PROSE,
        ]
    )
    assert _titles(find_sections([page])) == [("1", "Introduction", 1, "body"), ("2", "Method", 1, "body")]


def test_wrapped_title_and_run_in_heading():
    pages = [
        f"1 Intro\n{PROSE}\n1.1 Illustrations of Fine-tuning on Different\nTasks\n{PROSE}\n"
        f"1.2 Comparison of BERT, ELMo, and\nOpenAI GPT\n{PROSE}\n"
        "1.2.1 Offload engine for model states. ZeRO-Infinity is built on top\nof the engine."
    ]
    assert _titles(find_sections(pages))[1:] == [
        ("1.1", "Illustrations of Fine-tuning on Different Tasks", 2, "body"),
        ("1.2", "Comparison of BERT, ELMo, and OpenAI GPT", 2, "body"),
        ("1.2.1", "Offload engine for model states", 3, "body"),
    ]


def test_reference_entry_starting_with_a_is_not_an_appendix():
    pages = [
        f"1 Intro\n{PROSE}\nREFERENCES\nChen, T. MXNet:\nA Flexible and Efficient Machine Learning Library for\n"
        "Heterogeneous Distributed Systems. arXiv preprint, 2015.\nA Unified Framework for Serving. In\n2022 ATC."
    ]
    spans = find_sections(pages)
    assert [s.kind for s in spans] == ["body", "references"]


def test_ieee_roman_sections_with_letter_subsections():
    pages = [
        f"Title\nAbstract—We do things.\nI. INTRODUCTION\n{PROSE}\nII. BACKGROUND\nA. Large Models\n{PROSE}\n"
        f'B. Related Work\n{PROSE}\nIII. DESIGN\nA. Scheduling\n{PROSE}\nREFERENCES\n[1] E. Zheng, A. Author, "X," 2020.'
    ]
    assert _titles(find_sections(pages)) == [
        (None, "Front matter", 1, "front"),
        (None, "Abstract", 1, "abstract"),
        ("I", "INTRODUCTION", 1, "body"),
        ("II", "BACKGROUND", 1, "body"),
        ("II.A", "Large Models", 2, "body"),
        ("II.B", "Related Work", 2, "body"),
        ("III", "DESIGN", 1, "body"),
        ("III.A", "Scheduling", 2, "body"),
        (None, "REFERENCES", 1, "references"),
    ]


def test_unnumbered_appendix_and_acknowledgements():
    pages = [
        f"1 Intro\n{PROSE}\nAcknowledgements We thank everyone.\nReferences\n[1] Ref.\n"
        "Appendix E includes plots.\nAppendix: Artifact Description\nStuff."
    ]
    spans = find_sections(pages)
    assert [(s.title, s.kind) for s in spans] == [
        ("Intro", "body"),
        ("Acknowledgements", "body"),
        ("References", "references"),
        ("Appendix: Artifact Description", "appendix"),
    ]


def test_no_headings_gives_single_front_span_and_empty_gives_none():
    assert _titles(find_sections(["just some text", "more"])) == [(None, "Front matter", 1, "front")]
    assert find_sections(["", ""]) == []
