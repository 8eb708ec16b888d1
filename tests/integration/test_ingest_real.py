"""The seven real papers, ingested once per session (fixture ``real_store``; skipped without them)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
from sqlalchemy import text

from tests.conftest import REAL_KEYS, shared_papers_dir

LIGATURES = re.compile("[\ufb00-\ufb06]")


def test_papers_listed_with_page_counts_of_the_pdfs(real_store):
    src = shared_papers_dir()
    papers = {p.key: p for p in real_store.library.papers()}
    assert sorted(papers) == REAL_KEYS
    for key, info in papers.items():
        assert info.num_pages == len(pypdf.PdfReader(str(src / f"{key}.pdf")).pages)
        assert info.num_chunks > 20 and info.num_sections > 5
        assert info.metadata_source == "papers.toml"
    assert papers["alisa"].title.startswith("ALISA: Accelerating Large Language Model Inference")


def test_no_chunk_has_a_ligature_or_exceeds_the_model_window(real_store):
    from papermind.embed import count_tokens

    with real_store.session() as s:
        texts = [r[0] for r in s.execute(text("SELECT text FROM chunks"))]
        stored = [r[0] for r in s.execute(text("SELECT n_tokens FROM chunks"))]
    assert texts
    assert not [t for t in texts if LIGATURES.search(t)]
    assert max(count_tokens(texts)) <= 256 and max(stored) <= 256


def test_hyphenated_phrase_is_found_by_full_text_search(real_store):
    """pagedattention.pdf page 1 breaks "How-/ever" and "mem-/ory usage" across lines."""
    src = shared_papers_dir()
    raw = pypdf.PdfReader(str(src / "pagedattention.pdf")).pages[0].extract_text()
    assert "mem-\nory" in raw  # the PDF really hyphenates it
    with real_store.session() as s:
        rows = s.execute(
            text(
                "SELECT c.page_start FROM chunks_fts f JOIN chunks c ON c.id = f.rowid "
                "JOIN papers p ON p.id = c.paper_id WHERE chunks_fts MATCH '\"memory usage\"' AND p.key = 'pagedattention'"
            )
        ).all()
    assert 1 in {r[0] for r in rows}


def test_section_titles_match_the_papers_headings(real_store):
    sections = real_store.library.paper("attention").sections
    labels = [s.label for s in sections if s.kind == "body"]
    for heading in [
        "1 Introduction",
        "2 Background",
        "3 Model Architecture",
        "3.1 Encoder and Decoder Stacks",
        "3.2 Attention",
        "3.2.1 Scaled Dot-Product Attention",
        "3.2.2 Multi-Head Attention",
        "4 Why Self-Attention",
        "5 Training",
        "6 Results",
        "7 Conclusion",
    ]:
        assert heading in labels
    kinds = [s.kind for s in sections]
    assert "abstract" in kinds and kinds.count("references") == 1


def test_references_are_flagged_on_chunks(real_store):
    with real_store.session() as s:
        per_paper = dict(
            s.execute(
                text(
                    "SELECT p.key, sum(c.is_references) FROM chunks c JOIN papers p ON p.id=c.paper_id GROUP BY p.key"
                )
            ).all()
        )
    assert all(n > 0 for n in per_paper.values()), per_paper


def test_chunk_offsets_point_into_page_text(real_store):
    with real_store.session() as s:
        rows = s.execute(
            text(
                "SELECT c.text, c.char_start, c.char_end, ps.text, pe.text, c.page_start = c.page_end "
                "FROM chunks c JOIN pages ps ON ps.paper_id=c.paper_id AND ps.number=c.page_start "
                "JOIN pages pe ON pe.paper_id=c.paper_id AND pe.number=c.page_end LIMIT 400"
            )
        ).all()
    for chunk, start, end, first, _last, same in rows:
        head = " ".join((first[start:end] if same else first[start:]).split())
        assert " ".join(chunk.split()).startswith(head[:60])


def test_reingest_unchanged_corpus_skips_everything(real_store):
    report = real_store.ingest([shared_papers_dir()])
    assert report.counts() == {"ingested": 0, "replaced": 0, "skipped": 7, "failed": 0}
    assert not report.index_rebuilt


def test_stale_faiss_file_is_rebuilt(real_store):
    import json

    path = real_store.settings.index_path
    meta_path = Path(str(path) + ".json")
    meta = json.loads(meta_path.read_text())
    meta["corpus_version"] -= 1
    meta_path.write_text(json.dumps(meta))
    real_store.vector_index._index = None  # drop the in-memory copy, as a new process would have none
    index, rebuilt, reason = real_store.vector_index.get()
    assert rebuilt and "corpus_version" in reason
    assert index.ntotal == sum(p.num_chunks for p in real_store.library.papers())
    assert json.loads(meta_path.read_text())["corpus_version"] == meta["corpus_version"] + 1
