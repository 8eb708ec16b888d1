"""Concept maps on a small synthetic corpus written straight into a temp store: nodes, edges
(co-occurrence and similarity), builds-on links to earlier weeks, missing papers, persistence."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pytest

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

PAGED = [
    (
        "abstract",
        "Serving needs a key-value (KV) cache per request. We propose PagedAttention, "
        "an attention algorithm inspired by virtual memory. The KV cache grows dynamically.",
    ),
    (
        "body",
        "The block table maps logical blocks to physical blocks. Each block table entry "
        "records the physical blocks of a request. The KV cache lives in physical blocks.",
    ),
    (
        "body",
        "A block table is a per-request mapping from logical blocks to physical blocks. "
        "The block table is kept by the block manager. The KV cache is paged.",
    ),
    (
        "body",
        "Copy-on-write lets beam candidates share physical blocks. With copy-on-write "
        "only the modified block is copied. Beam search uses copy-on-write heavily.",
    ),
    (
        "body",
        "Copy-on-write avoids duplicated KV cache memory. Beam search candidates share "
        "copy-on-write blocks. Sampling also shares prompts.",
    ),
    (
        "body",
        "Virtual memory and paging inspire the design. The KV cache is split into "
        "blocks like virtual memory pages. Fragmentation is reduced by virtual memory.",
    ),
]
ALISA = [
    (
        "abstract",
        "ALISA reduces the KV cache footprint with sparse window attention. "
        "The KV cache dominates memory. Sparse window attention keeps important tokens.",
    ),
    (
        "body",
        "Sparse window attention selects tokens. The KV cache of skipped tokens is "
        "dropped. Dynamic scheduling balances sparse window attention and caching.",
    ),
    (
        "body",
        "Dynamic scheduling moves the KV cache between GPU and CPU. Dynamic scheduling "
        "runs in three phases. Sparse window attention tolerates this.",
    ),
]
MLPERF = [
    (
        "abstract",
        "MLPerf Training measures time to train. The time to train metric is "
        "reported for each benchmark. Quality targets fix the stopping point.",
    ),
    (
        "body",
        "The quality target is chosen per benchmark. Time to train depends on the "
        "quality target. Run-to-run variance affects time to train.",
    ),
]
REFS = "[1] Woosuk Kwon, Zhuohan Li. Efficient memory management. In SOSP, 2023."


def fake_embed(texts, batch_size: int = 64):
    """Deterministic stand-in for the model: hashed character trigrams, L2-normalised."""
    out = np.zeros((len(texts), 64), dtype=np.float32)
    for i, t in enumerate(texts):
        s = f"  {t.lower()}  "
        for j in range(len(s) - 2):
            h = int(hashlib.md5(s[j : j + 3].encode()).hexdigest(), 16)
            out[i, h % 64] += 1.0
        out[i] /= np.linalg.norm(out[i]) or 1.0
    return out


def add_paper(pm, key: str, title: str, chunks: list[tuple[str, str]], year: int = 2023) -> None:
    from papermind.store.models import Chunk, Page, Paper, Section

    with pm.session() as s:
        p = Paper(
            key=key,
            title=title,
            authors=["Woosuk Kwon", "Zhuohan Li"],
            year=year,
            venue=None,
            arxiv_id=None,
            sha256=hashlib.sha256(key.encode()).hexdigest(),
            source_path=f"/x/{key}.pdf",
            file_size=1,
            num_pages=len(chunks) + 1,
            metadata_source="pdf",
            ingested_at=dt.datetime(2026, 1, 1),
        )
        s.add(p)
        s.flush()
        kinds = {}
        for i, (kind, text) in enumerate([*chunks, ("references", REFS)]):
            s.add(Page(paper_id=p.id, number=i + 1, text=text, has_text=True))
            sec = kinds.get(kind)
            if sec is None:
                sec = Section(
                    paper_id=p.id,
                    ordinal=len(kinds),
                    number=None,
                    title=kind.title(),
                    level=1,
                    kind=kind,
                    page_start=i + 1,
                    char_start=0,
                )
                s.add(sec)
                s.flush()
                kinds[kind] = sec
            s.add(
                Chunk(
                    paper_id=p.id,
                    section_id=sec.id,
                    ordinal=i,
                    text=text,
                    page_start=i + 1,
                    page_end=i + 1,
                    char_start=0,
                    char_end=len(text),
                    n_tokens=len(text.split()),
                    is_references=kind == "references",
                )
            )


@pytest.fixture
def synth(tmp_path, monkeypatch):
    import papermind.embed
    from papermind.api import Papermind

    monkeypatch.setattr(papermind.embed, "embed_texts", fake_embed)
    pm = Papermind(db=tmp_path / "synth.db", corpus=CORPUS)
    add_paper(pm, "pagedattention", "Efficient Memory Management with PagedAttention", PAGED)
    add_paper(pm, "alisa", "ALISA: Sparse Window Attention for KV Caching", ALISA, year=2024)
    add_paper(pm, "mlperf-training", "MLPerf Training Benchmark", MLPERF)
    pm.concepts.rebuild()
    yield pm
    pm.close()


def _ids(m) -> dict[str, int]:
    return {n.label.lower(): n.id for n in m.nodes}


def test_paper_map_has_terms_and_folds_acronym(synth):
    m = synth.concepts.paper_map("pagedattention")
    labels = _ids(m)
    assert "kv cache" in labels and "block table" in labels and "copy-on-write" in labels
    kv = m.node(labels["kv cache"])
    assert any(a.lower() == "key-value cache" for a in kv.aliases)
    assert not any("kwon" in lab or "et al" in lab for lab in labels)
    assert m.week == 6 and m.papers == ("pagedattention",)


def test_cooccurrence_edge_between_terms_sharing_chunks(synth):
    m = synth.concepts.paper_map("pagedattention")
    ids = _ids(m)
    a, b = sorted((ids["copy-on-write"], ids["beam search"]))
    edge = [e for e in m.edges if (e.a, e.b) == (a, b) and e.kind == "cooccur"]
    assert edge and 0 < edge[0].weight <= 1
    # terms that never share a chunk are not co-occurrence neighbours
    c, d = sorted((ids["copy-on-write"], ids["block table"]))
    assert not [e for e in m.edges if (e.a, e.b) == (c, d) and e.kind == "cooccur"]


def test_week_map_builds_on_earlier_week(synth):
    m = synth.concepts.week_map(14)
    assert m.papers == ("alisa",) and m.missing_papers == () and m.message is None
    kv = _ids(m)["kv cache"]
    links = [b for b in m.builds_on if b.concept_id == kv]
    assert links and links[0].week == 6 and links[0].papers == ("pagedattention",)
    assert links[0].relation == "builds on"  # alisa (2024) postdates pagedattention (2023)
    # a later week's paper is never built on: it is "also in" that week
    early = synth.concepts.week_map(6)
    later = [b for b in early.builds_on if b.week > 6]
    assert later and all(b.relation == "also in" for b in later)


def test_builds_on_needs_a_citation_or_an_earlier_year(synth):
    from papermind.store.models import Paper

    with synth.session() as s:  # same year, and alisa cites nothing: only "also in"
        s.query(Paper).filter(Paper.key == "alisa").update({"year": 2023})
    m = synth.concepts.week_map(14)
    assert m.builds_on and all(b.relation == "also in" for b in m.builds_on)


def test_week_with_missing_and_without_papers(synth):
    m = synth.concepts.week_map(8)
    assert m.papers == ("mlperf-training",) and m.missing_papers == ("mlperf-inference",)
    assert "mlperf-inference" in m.message and m.nodes
    empty = synth.concepts.week_map(1)
    assert empty.nodes == () and "no paper" in empty.message
    # a discussion week maps the paper it discusses (week 6's pagedattention) beside its new
    # reading (cachegen: on the schedule, not ingested)
    talk = synth.concepts.week_map(7)
    assert talk.papers == ("pagedattention",) and talk.missing_papers == ("cachegen",)
    assert "block table" in _ids(talk)


def test_concept_detail_occurrences_point_into_text(synth):
    m = synth.concepts.paper_map("pagedattention")
    d = synth.concepts.concept(_ids(m)["block table"])
    assert d.occurrences and all(o.paper_key == "pagedattention" for o in d.occurrences)
    assert all("block table" in o.snippet.lower() for o in d.occurrences)
    assert {o.page for o in d.occurrences} == {2, 3}
    assert d.definition and d.definition.startswith("A block table is")


def test_rebuild_picks_up_a_new_paper(synth):
    from papermind.store.concept_models import Concept

    add_paper(
        synth,
        "bert",
        "BERT: Pre-training of Deep Bidirectional Transformers",
        [
            (
                "abstract",
                "Masked language model pre-training with a masked language model "
                "objective. The masked language model predicts tokens.",
            ),
            (
                "body",
                "The masked language model and next sentence prediction are trained "
                "together. Next sentence prediction helps question answering.",
            ),
        ],
    )
    synth.concepts.rebuild()
    with synth.session() as s:
        assert s.query(Concept).filter(Concept.key == "masked language model").count() == 1


def test_ingest_rebuilds_concepts_only_when_the_store_changed(tmp_path, monkeypatch):
    """``Papermind.ingest`` runs the pipeline, then rebuilds the concept maps when it changed anything."""
    from papermind.api import Papermind
    from papermind.concepts.service import ConceptService
    from papermind.ingest import pipeline
    from papermind.ingest.pipeline import FileResult, IngestReport

    rebuilt: list[bool] = []
    monkeypatch.setattr(ConceptService, "rebuild", lambda self: rebuilt.append(True) or {})
    status = ["skipped"]
    monkeypatch.setattr(
        pipeline, "run", lambda *a, **k: IngestReport(files=[FileResult(path="x.pdf", status=status[0])])
    )
    with Papermind(tmp_path / "t.db") as pm:
        pm.ingest([tmp_path])
        assert rebuilt == []
        status[0] = "ingested"
        pm.ingest([tmp_path])
        assert rebuilt == [True]


def test_each_map_shows_its_own_papers_definition_of_a_shared_term(tmp_path, monkeypatch):
    import papermind.embed
    from papermind.api import Papermind

    monkeypatch.setattr(papermind.embed, "embed_texts", fake_embed)
    other = [
        ("abstract", "ALISA keeps a block table of sparse windows. The block table is small."),
        (
            "body",
            "A block table is a list of the sparse windows that the scheduler keeps for each layer. "
            "The block table is updated every step. Sparse windows fill the block table.",
        ),
    ]
    with Papermind(db=tmp_path / "two.db", corpus=CORPUS) as pm:
        add_paper(pm, "pagedattention", "Efficient Memory Management with PagedAttention", PAGED)
        add_paper(pm, "alisa", "ALISA: Sparse Window Attention for KV Caching", other, year=2024)
        pm.concepts.rebuild()
        for key, own in (("pagedattention", "per-request mapping"), ("alisa", "sparse windows")):
            m = pm.concepts.paper_map(key)
            node = m.node(_ids(m)["block table"])
            assert node is not None and node.definition is not None and own in node.definition, key
            assert (node.definition_paper, node.definition_page) == (key, 2 if key == "alisa" else 3)
        from papermind.concepts.export import to_text

        assert "sparse windows that the scheduler keeps for each layer. (alisa p.2)" in " ".join(
            to_text(pm.concepts.paper_map("alisa"), width=200).split()
        )


def test_maps_built_by_other_rules_are_rebuilt_once_on_first_use(synth, monkeypatch):
    from papermind.concepts import stamp

    rebuilt: list[int] = []
    rebuild = synth.concepts.rebuild
    monkeypatch.setattr(synth.concepts, "rebuild", lambda: rebuilt.append(1) or rebuild())
    synth.concepts.paper_map("pagedattention")
    assert rebuilt == []  # built by these rules from these chunks: current
    monkeypatch.setattr(stamp, "rules_fingerprint", lambda: "other-rules")  # a new papermind
    synth.concepts.paper_map("pagedattention")
    synth.concepts.paper_map("alisa")
    assert rebuilt == [1]
