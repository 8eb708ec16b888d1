"""Paper metadata: from corpus/papers.toml when the file is known there (by key = file stem, the
entry's ``pdf`` name, or sha256), else read from the PDF's title page (``pdf_metadata``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from papermind.corpus import PaperMeta, find_by_sha256
from papermind.ingest.extract import ExtractedPDF


@dataclass
class PaperFacts:
    key: str
    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    arxiv_id: str | None = None
    source: str = "pdf"  # "papers.toml" | "pdf"


def slugify(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug[:64] or "paper"


def match(path: Path, sha256: str | None, reading_list: Mapping[str, PaperMeta]) -> PaperMeta | None:
    """The reading-list entry a file is: by key (its stem, or the stem's slug), then by sha256
    (when given), then by the entry's ``pdf`` name; None when it is none of them."""
    meta = reading_list.get(path.stem) or reading_list.get(slugify(path.stem))
    if meta is None and sha256 is not None:
        meta = find_by_sha256(reading_list, sha256)
    if meta is None:
        meta = next((m for m in reading_list.values() if m.pdf and m.pdf == path.name), None)
    return meta


def resolve(pdf: ExtractedPDF, reading_list: Mapping[str, PaperMeta]) -> PaperFacts:
    meta = match(pdf.path, pdf.sha256, reading_list)
    if meta is not None:
        return PaperFacts(
            key=meta.key,
            title=meta.title,
            authors=list(meta.authors),
            year=meta.year,
            venue=meta.venue,
            arxiv_id=meta.arxiv_id,
            source="papers.toml",
        )
    return _from_pdf(pdf)


def _from_pdf(pdf: ExtractedPDF) -> PaperFacts:
    from papermind.ingest.pdf_metadata import read_pdf_facts

    facts = read_pdf_facts(pdf.layouts, pdf.raw_pages, pdf.info)
    return PaperFacts(
        key=slugify(pdf.path.stem),
        title=facts.title or pdf.path.stem,
        authors=facts.authors,
        year=facts.year,
        venue=facts.venue,
        arxiv_id=pdf.arxiv_id(),
        source="pdf",
    )
