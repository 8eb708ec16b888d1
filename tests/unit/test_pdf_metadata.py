"""Title, authors, year and venue from a PDF's title page, for publishers' layouts built with
fpdf2: a USENIX cover page, an ACM copyright block, an arXiv stamp and a title in capitals, an
IEEE copyright page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from papermind.ingest.extract import extract
from papermind.ingest.metadata import resolve
from papermind.ingest.pdf_metadata import read_pdf_facts
from tests.helpers import title_pages
from tests.helpers.title_pages import Expected

BUILDERS: dict[str, Callable[[Path], Expected]] = {
    "usenix-cover": title_pages.usenix,
    "acm-copyright": title_pages.acm,
    "arxiv-caps": title_pages.arxiv_caps,
    "ieee-copyright-page": title_pages.ieee,
}


@pytest.mark.parametrize("style", sorted(BUILDERS))
def test_facts_from_the_title_page(tmp_path: Path, style: str) -> None:
    expected = BUILDERS[style](tmp_path / f"{style}.pdf")
    facts = resolve(extract(tmp_path / f"{style}.pdf"), {})
    assert facts.source == "pdf"
    assert facts.title == expected.title
    assert facts.authors == expected.authors
    assert facts.year == expected.year
    assert facts.venue == expected.venue


def test_info_title_gives_the_casing_of_a_title_set_in_capitals(tmp_path: Path) -> None:
    path = tmp_path / "caps.pdf"
    title_pages.arxiv_caps(path)
    pdf = extract(path)
    info = {"Title": "Tiled exact attention on GPUs with LoRA adapters"}  # the same words
    assert read_pdf_facts(pdf.layouts, pdf.raw_pages, info).title == info["Title"]
    other = {"Title": "Microsoft Word - draft3.docx"}  # not the title: the page's words win
    assert (
        read_pdf_facts(pdf.layouts, pdf.raw_pages, other).title
        == "Tiled Exact Attention on GPUs with LoRA Adapters"
    )


def test_author_field_with_user_name_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "acm.pdf"
    expected = title_pages.acm(path)
    pdf = extract(path)
    assert read_pdf_facts(pdf.layouts, pdf.raw_pages, {"Author": "admin"}).authors == expected.authors
    named = {"Author": "Grace Hopper; Edsger W. Dijkstra Acme Research"}  # the affiliation runs on
    assert read_pdf_facts(pdf.layouts, pdf.raw_pages, named).authors == ["Grace Hopper", "Edsger W. Dijkstra"]


def test_a_page_without_layout_falls_back_to_the_file_name(tmp_path: Path) -> None:
    from tests.helpers.pdfs import make_pdf

    path = make_pdf(tmp_path / "plain-notes.pdf", ["just some words on a page without any headings"])
    facts = resolve(extract(path), {})
    assert facts.title == "plain-notes"
    assert facts.authors == []


def test_subject_names_the_venue_only_without_an_arxiv_stamp(tmp_path: Path) -> None:
    path = tmp_path / "caps.pdf"
    title_pages.arxiv_caps(path)  # stamped 2024, no venue printed
    pdf = extract(path)
    facts = read_pdf_facts(pdf.layouts, pdf.raw_pages, {"Subject": "mlsys 2025"})
    assert (facts.venue, facts.year) == ("arXiv preprint", 2024)  # the template's subject is no venue
    plain = tmp_path / "ieee.pdf"
    title_pages.ieee(plain)
    pdf = extract(plain)
    pages = [pdf.raw_pages[0].replace("(HPCA)", ""), *pdf.raw_pages[1:]]  # no venue printed
    pages[0] = pages[0].replace("High-Performance Computer Architecture", "Things")
    facts = read_pdf_facts(pdf.layouts, pages, {"Subject": "Proceedings of MLSys 2025"})
    assert facts.venue == "MLSys 2025"


def test_without_an_abstract_heading_the_largest_type_at_the_top_is_the_title(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Times", "B", 20)
    pdf.text(72, 90, "Notes on Paged Key-Value Caches")
    pdf.set_font("Times", "", 11)
    pdf.text(72, 120, "Ada Lovelace, Alan Turing")
    for i in range(30):
        pdf.text(72, 160 + 14 * i, "Serving needs memory for the cache of every request, page by page.")
    pdf.output(str(tmp_path / "notes.pdf"))
    facts = resolve(extract(tmp_path / "notes.pdf"), {})
    assert facts.title == "Notes on Paged Key-Value Caches"
    assert facts.authors == ["Ada Lovelace", "Alan Turing"]


def test_one_type_size_throughout_takes_the_info_title_or_the_first_line(tmp_path: Path) -> None:
    from tests.helpers.pdfs import make_pdf

    lines = "Paging the KV Cache\nAda Lovelace and Alan Turing\nAbstract\nWe page the cache."
    titled = resolve(extract(make_pdf(tmp_path / "a.pdf", [lines], title="Paging the KV Cache")), {})
    assert titled.title == "Paging the KV Cache"
    untitled = resolve(extract(make_pdf(tmp_path / "b.pdf", [lines])), {})
    assert untitled.title == "Paging the KV Cache"
