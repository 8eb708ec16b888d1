"""Proceedings-style first pages built with fpdf2, each with the metadata a reader sees on it:
a USENIX PDF (cover page, then the title page), an ACM page with its copyright block, an
arXiv-stamped preprint set in capitals, and an IEEE copyright page before the paper.

Text is placed where the publishers put it (absolute positions, their type sizes), so the
extractor sees the same font sizes and order as in a real PDF. Core fonts: latin-1 text only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

BODY = (
    "Serving large language models on GPUs needs a key-value cache for every request. We present "
    "block tables that map logical blocks to physical blocks, like pages in an operating system, "
    "and LoRA adapters that share one base model. Our system serves GPUs at high throughput."
)


@dataclass(frozen=True)
class Expected:
    title: str
    authors: list[str]
    year: int
    venue: str


def _pdf() -> Any:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(auto=False)
    return pdf


def _text(
    pdf: Any, x: float, y: float, text: str, size: float, style: str = "", family: str = "Times"
) -> float:
    """Write ``text`` with its baseline at ``y`` (points from the top); returns the x after it."""
    pdf.set_font(family, style, size)
    pdf.text(x, y, text)
    return x + pdf.get_string_width(text)


def _names(pdf: Any, x: float, y: float, names: list[tuple[str, str]], size: float = 12) -> None:
    """Names in a row, each followed by a superscript mark in smaller type."""
    for i, (name, mark) in enumerate(names):
        x = _text(pdf, x, y, (", " if i else "") + name, size)
        x = _text(pdf, x + 1, y - 4, mark, size * 0.75)


def _body(pdf: Any, y: float, lines: int = 12) -> None:
    pdf.set_font("Times", "", 10)
    words = (BODY + " ") * 6
    for i in range(lines):
        pdf.text(54, y + 12 * i, words[i * 60 : i * 60 + 60])


def usenix(path: Path) -> Expected:
    pdf = _pdf()
    pdf.add_page()  # the cover: big type, the proceedings, the title again, the sponsors
    _text(pdf, 102, 446, "This paper is included in the Proceedings of the", 18, "B", "Helvetica")
    _text(pdf, 103, 467, "19th USENIX Symposium on Networked Systems", 18, "B", "Helvetica")
    _text(pdf, 183, 488, "Design and Implementation.", 18, "B", "Helvetica")
    _text(pdf, 178, 512, "April 4-6, 2022 - Renton, WA, USA", 14, "B", "Helvetica")
    _text(pdf, 254, 534, "978-1-939133-27-4", 12, "", "Helvetica")
    _text(pdf, 77, 250, "Paging the KV Cache: Block Tables for", 21, "B", "Helvetica")
    _text(pdf, 122, 274, "Large Model Serving", 21, "B", "Helvetica")
    _text(
        pdf,
        75,
        298,
        "Ada Lovelace and Alan Turing, University of Somewhere; Grace Hopper,",
        14,
        "B",
        "Helvetica",
    )
    _text(pdf, 79, 316, "Acme Research", 14, "I", "Helvetica")
    _text(pdf, 304, 579, "Open access to the Proceedings of the", 12, "B", "Helvetica")
    _text(pdf, 304, 595, "19th USENIX Symposium on Networked Systems", 12, "B", "Helvetica")
    _text(pdf, 369, 627, "is sponsored by", 12, "B", "Helvetica")
    pdf.add_page()  # the paper's own first page
    _text(pdf, 54, 124, "Paging the KV Cache: Block Tables for Large Model Serving", 14.3, "B")
    _names(pdf, 100, 165, [("Ada Lovelace", "1"), ("Alan Turing", "1"), ("Grace Hopper", "2")])
    _text(pdf, 110, 180, "1", 9)
    _text(pdf, 115, 184, "University of Somewhere", 12, "I")
    _text(pdf, 300, 180, "2", 9)
    _text(pdf, 305, 184, "Acme Research", 12, "I")
    _text(pdf, 152, 226, "Abstract", 12, "B")
    _body(pdf, 244)
    _text(
        pdf,
        54,
        760,
        "USENIX Association 19th USENIX Symposium on Networked Systems Design and Implementation 123",
        9,
    )
    pdf.output(str(path))
    return Expected(
        "Paging the KV Cache: Block Tables for Large Model Serving",
        ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        2022,
        "NSDI 2022",
    )


def acm(path: Path) -> Expected:
    pdf = _pdf()
    pdf.add_page()
    _text(pdf, 68, 87, "Efficient Key-Value Caches for Serving", 20.7, "B")
    _text(pdf, 141, 111, "Language Models with Paging", 20.7, "B")
    for x, name, affil in [
        (69, "Grace Hopper", "Acme Research"),
        (250, "Edsger W. Dijkstra", "Eindhoven University"),
    ]:
        _text(pdf, x, 140, name, 12)
        _text(pdf, x, 154, affil, 10)
        _text(pdf, x, 166, "someone@example.org", 10)
    _text(pdf, 54, 190, "ABSTRACT", 10.9, "B")
    _body(pdf, 206, 10)
    block = [
        "Permission to make digital or hard copies of all or part of this work for personal or",
        "classroom use is granted without fee provided that copies are not made or distributed",
        "SOSP '23, October 23-26, 2023, Koblenz, Germany",
        "(c) 2023 Copyright held by the owner/author(s).",
        "ACM ISBN 979-8-4007-0229-7/23/10.",
        "https://doi.org/10.1145/3600006.3613165",
    ]
    for i, line in enumerate(block):
        _text(pdf, 54, 690 + 9 * i, line, 7)
    pdf.output(str(path))
    return Expected(
        "Efficient Key-Value Caches for Serving Language Models with Paging",
        ["Grace Hopper", "Edsger W. Dijkstra"],
        2023,
        "SOSP 2023",
    )


def arxiv_caps(path: Path) -> Expected:
    """An MLSys-style preprint: the title in capitals, an arXiv stamp up the left margin."""
    pdf = _pdf()
    pdf.add_page()
    with pdf.rotation(90, 32, 560):
        _text(pdf, 32, 560, "arXiv:2401.01234v2  [cs.DC]  5 Feb 2024", 20)
    _text(pdf, 130, 102, "TILED EXACT ATTENTION ON GPUS WITH", 14.3, "B")
    _text(pdf, 190, 120, "LORA ADAPTERS", 14.3, "B")
    _names(pdf, 120, 150, [("Ada Lovelace", "1 2"), ("Alan Turing", "2")], size=10)
    _text(pdf, 270, 190, "Abstract", 12, "B")
    _body(pdf, 210, 20)
    pdf.output(str(path))
    return Expected(
        "Tiled Exact Attention on GPUs with LoRA Adapters",
        ["Ada Lovelace", "Alan Turing"],
        2024,
        "arXiv preprint",
    )


def ieee(path: Path) -> Expected:
    """A publisher's copyright page first, then the paper."""
    pdf = _pdf()
    pdf.add_page()
    _text(
        pdf, 72, 100, "2024 IEEE International Symposium on High-Performance Computer Architecture (HPCA)", 10
    )
    _text(pdf, 72, 130, "(c) 2024 IEEE. Personal use of this material is permitted. Permission from IEEE", 10)
    _text(pdf, 72, 142, "must be obtained for all other uses, in any current or future media.", 10)
    pdf.add_page()
    _text(pdf, 90, 80, "Sparse Key-Value Caching for Long Contexts", 24, "")
    _text(pdf, 230, 110, "Alan Turing, Grace Hopper", 11)
    _text(pdf, 245, 123, "University of Somewhere", 10)
    _text(pdf, 54, 160, "Abstract-We cache fewer keys.", 9, "B")
    _body(pdf, 175)
    pdf.output(str(path))
    return Expected(
        "Sparse Key-Value Caching for Long Contexts", ["Alan Turing", "Grace Hopper"], 2024, "HPCA 2024"
    )
