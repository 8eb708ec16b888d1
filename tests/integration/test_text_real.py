"""clean -> sections -> chunks on the real papers in ../shared/papers (skipped when absent)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from papermind.ingest.chunk import ChunkSpan, chunk_document, chunk_source_text  # noqa: E402
from papermind.ingest.clean import LIGATURES, clean_pages  # noqa: E402
from papermind.ingest.sections import SectionSpan, find_sections  # noqa: E402
from tests.conftest import shared_papers_dir  # noqa: E402

pytestmark = pytest.mark.integration

PAPERS_DIR = shared_papers_dir() or Path(__file__).parents[3] / "shared" / "papers"
PAPERS = [
    "alisa",
    "attention",
    "bert",
    "flashattention",
    "mlperf-training",
    "pagedattention",
    "zero-infinity",
]
LIGATURE_RE = re.compile("[" + "".join(LIGATURES) + "]")
STAMP_RE = re.compile(r"arXiv:\d{4}\.\d{4,5}v\d+\s*\[cs\.[A-Z]{2}\]\s*\d{1,2}\s*[A-Z][a-z]{2}\s*\d{4}")

# attention.pdf, headings as printed in the paper
ATTENTION_HEADINGS = [
    ("1", "Introduction"),
    ("2", "Background"),
    ("3", "Model Architecture"),
    ("3.1", "Encoder and Decoder Stacks"),
    ("3.2", "Attention"),
    ("3.2.1", "Scaled Dot-Product Attention"),
    ("3.2.2", "Multi-Head Attention"),
    ("3.2.3", "Applications of Attention in our Model"),
    ("3.3", "Position-wise Feed-Forward Networks"),
    ("3.4", "Embeddings and Softmax"),
    ("3.5", "Positional Encoding"),
    ("4", "Why Self-Attention"),
    ("5", "Training"),
    ("5.1", "Training Data and Batching"),
    ("5.2", "Hardware and Schedule"),
    ("5.3", "Optimizer"),
    ("5.4", "Regularization"),
    ("6", "Results"),
    ("6.1", "Machine Translation"),
    ("6.2", "Model Variations"),
    ("6.3", "English Constituency Parsing"),
    ("7", "Conclusion"),
]


class Paper:
    def __init__(self, raw: list[str]):
        from papermind.embed import count_tokens

        self.raw = raw
        self.pages = clean_pages(raw)
        self.sections: list[SectionSpan] = find_sections(self.pages)
        self.chunks: list[ChunkSpan] = chunk_document(self.pages, self.sections, count_tokens)


@pytest.fixture(scope="module")
def papers() -> dict[str, Paper]:
    if not PAPERS_DIR.is_dir():
        pytest.skip(f"{PAPERS_DIR} is absent")
    from papermind.ingest.extract import extract

    out = {}
    for key in PAPERS:
        path = PAPERS_DIR / f"{key}.pdf"
        if not path.is_file():
            pytest.skip(f"{path} is absent")
        out[key] = Paper(extract(path).raw_pages)
    return out


def test_pages_keep_their_count_and_lose_ligatures_and_stamps(papers):
    for key, p in papers.items():
        assert len(p.pages) == len(p.raw), key
        text = "\n".join(p.pages)
        assert not LIGATURE_RE.search(text), key
        assert not STAMP_RE.search(text), key
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), key


def test_no_ligature_in_any_chunk_and_limits_hold(papers):
    for key, p in papers.items():
        assert p.chunks, key
        for c in p.chunks:
            assert not LIGATURE_RE.search(c.text), (key, c.text[:80])
            assert c.n_tokens <= 256, key
            assert c.text == chunk_source_text(p.pages, c), key


def test_line_break_hyphenation_is_joined(papers):
    raw = papers["pagedattention"].raw[0]
    assert "How-\never" in raw and "mem-\nory" in raw  # what pypdf gives
    page = papers["pagedattention"].pages[0]
    assert "requests at a time. However, existing systems" in " ".join(page.split())
    assert "How-" not in page
    texts = " ".join(c.text for c in papers["pagedattention"].chunks)
    assert "However, existing systems struggle" in texts
    assert "further reduce memory usage" in texts


def test_real_compounds_keep_their_hyphen(papers):
    bert = " ".join(papers["bert"].pages)
    assert "pre-training" in bert and "pretraining" not in bert
    paged = " ".join(papers["pagedattention"].pages)
    assert "state-of-the-art" in paged and "key-value" in paged


def test_attention_section_titles_match_the_paper(papers):
    spans = papers["attention"].sections
    body = [(s.number, s.title) for s in spans if s.kind == "body" and s.number]
    assert body == ATTENTION_HEADINGS
    assert [s.kind for s in spans][:2] == ["front", "abstract"]
    for s in spans:
        if s.number:
            line = papers["attention"].pages[s.page][s.offset :].split("\n", 1)[0]
            assert line == f"{s.number} {s.title}"


def test_references_detected_for_every_paper(papers):
    for key, p in papers.items():
        kinds = [s.kind for s in p.sections]
        assert kinds.count("references") == 1, key
        after = kinds[kinds.index("references") + 1 :]
        assert set(after) <= {"appendix"}, key
        assert "abstract" in kinds, key
        ref = p.sections[kinds.index("references")]
        assert ref.title.lower() == "references"


def test_appendix_sections_of_bert_and_flashattention(papers):
    bert = [(s.number, s.kind) for s in papers["bert"].sections if s.kind == "appendix"]
    assert [n for n, _ in bert][:2] == ["A", "A.1"] and ("C.2", "appendix") in bert
    flash = [s.number for s in papers["flashattention"].sections if s.kind == "appendix"]
    assert flash[0] == "A" and "E.6" in flash


def test_chunks_never_cross_sections(papers):
    for key, p in papers.items():
        bounds = [(s.page, s.offset) for s in p.sections] + [(len(p.pages), 0)]
        for c in p.chunks:
            i = c.section_index
            assert i is not None, key
            assert bounds[i] <= (c.page_start, c.char_start), key
            assert (c.page_end, c.char_end) <= bounds[i + 1] or i + 1 == len(p.sections), key


def test_publisher_furniture_removed(papers):
    for key in ("pagedattention", "zero-infinity"):
        assert "Permission to make digital" not in "\n".join(papers[key].pages)
    mlperf = papers["mlperf-training"].pages
    assert mlperf[0].startswith("MLPERF TRAINING BENCHMARK")
    assert not any(page.startswith("MLPerf Training Benchmark") for page in mlperf[1:])
    for key, p in papers.items():
        for page in p.pages[1:]:
            lines = page.split("\n")
            assert not (lines[-1].isdigit() and int(lines[-1]) == p.pages.index(page) + 1), key
