"""Paper metadata: from corpus/papers.toml when the file is known there (by key = file stem, the
entry's ``pdf`` name, or sha256), else guessed from the PDF's metadata and first page."""

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
    title = (pdf.info.get("Title") or "").strip()
    if not title or title.lower() in {"untitled", "microsoft word"} or title.endswith((".dvi", ".pdf")):
        title = _first_page_title(pdf.raw_pages[0] if pdf.raw_pages else "") or pdf.path.stem
    authors_raw = pdf.info.get("Author") or ""
    authors = [a.strip() for a in re.split(r",| and |;", authors_raw) if a.strip()]
    year = None
    for src in (pdf.raw_pages[0] if pdf.raw_pages else "", pdf.info.get("CreationDate", "")):
        m = re.search(r"\b(19[89]\d|20[0-4]\d)\b", src)
        if m:
            year = int(m.group(1))
            break
    return PaperFacts(
        key=slugify(pdf.path.stem),
        title=title,
        authors=authors,
        year=year,
        arxiv_id=pdf.arxiv_id(),
        source="pdf",
    )


def _first_page_title(text: str) -> str | None:
    for line in text.splitlines()[:8]:
        line = line.strip()
        if len(line) >= 8 and not re.match(r"(arXiv|Proceedings|Published|Preprint)", line, re.I):
            return line[:200]
    return None
