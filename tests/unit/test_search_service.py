"""pm.search on small synthetic stores: modes, filters, snippets, page merging, hostile input,
more-like-this, and a stale FAISS file rebuilt before searching."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papermind.errors import PapermindError

pytestmark = pytest.mark.slow  # every test searches a store ingested with the model

PAGES = [
    "Mini Systems Notes\nAbstract\nThis note covers three unrelated systems topics for a reading group.\n"
    "1 Introduction\nServing language models keeps a key-value cache for every request. "
    "Reserving contiguous memory for the longest sequence causes fragmentation. "
    "Block tables map logical blocks to physical blocks, like virtual memory pages in an operating system.",
    "2 Tiling\nAttention reads and writes a large score matrix to slow high bandwidth memory. "
    "Tiling splits the inputs into small tiles that fit in fast on-chip shared memory. "
    "An online softmax rescales the partial results so the exact output needs one pass.",
    "3 Benchmarks\nA benchmark suite measures the wall-clock time to train a model to a target quality. "
    "Closed division rules keep results comparable across hardware vendors.\n"
    "References\n[1] A. Author. Benchmarking pipelines with vendors. 2020.",
]

KNOWN = [
    ("block tables for virtual memory pages", 1),
    ("online softmax in on-chip shared memory", 2),
    ("time to train to a target quality", 3),
]


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    from papermind.api import Papermind
    from tests.helpers.pdfs import make_pdf

    d = tmp_path_factory.mktemp("mini")
    make_pdf(d / "pdfs" / "mini-systems.pdf", PAGES, title="Mini Systems Notes")
    pm = Papermind(db=d / "mini.db")
    assert pm.ingest([d / "pdfs"]).ok
    yield pm
    pm.close()


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
@pytest.mark.parametrize(("query", "page"), KNOWN)
def test_each_mode_finds_the_right_page(mini, mode, query, page):
    hits = mini.search.search(query, k=3, mode=mode)
    assert hits and hits[0].paper_key == "mini-systems"
    assert hits[0].page <= page <= hits[0].page_end


def test_hit_fields(mini):
    h = mini.search.search("online softmax", k=1)[0]
    assert h.paper_title == "Mini Systems Notes"
    assert h.section and "Tiling" in h.section
    assert isinstance(h.score, float) and not h.is_references


def test_snippet_marks_query_terms_stem_aware(mini):
    h = mini.search.search("tabled blocking", k=1, mode="bm25")[0]
    marked = [h.snippet[a:b].lower() for a, b in h.highlights]
    assert "tables" in marked and "blocks" in marked
    assert all(h.snippet[a:b].lower().startswith(("tabl", "block")) for a, b in h.highlights)
    assert "Block tables" in h.snippet


def test_one_hit_per_paper_page(toy_store):
    hits = toy_store.search.search("memory blocks attention benchmark softmax", k=20)
    keys = [(h.paper_key, h.page) for h in hits]
    assert len(keys) == len(set(keys)) and len(hits) > 3


def test_references_are_flagged_and_down_weighted(mini):
    hits = mini.search.search("vendors", k=5, mode="bm25")
    assert hits
    refs = [h for h in hits if h.is_references]
    body = [h for h in hits if not h.is_references]
    if refs and body:  # same page: the body chunk wins the merge
        assert hits[0] in body


def test_paper_filter(toy_store):
    hits = toy_store.search.search("memory", k=10, paper="toy-tiling")
    assert hits and {h.paper_key for h in hits} == {"toy-tiling"}
    for mode in ("dense", "bm25"):
        assert {
            h.paper_key for h in toy_store.search.search("memory", k=10, mode=mode, paper="toy-bench")
        } <= {"toy-bench"}


def test_unknown_paper_and_week_raise_with_hint(toy_store):
    with pytest.raises(PapermindError) as e:
        toy_store.search.search("memory", paper="no-such-paper")
    assert e.value.hint and "toy-paging" in e.value.hint
    with pytest.raises(PapermindError) as e:
        toy_store.search.search("memory", week=999)
    assert e.value.hint


def test_week_filter_keeps_only_that_weeks_papers(toy_store):
    syl = toy_store.schedule.load()
    week = next(w for w in syl.weeks() if syl.papers_for_week(w, include_discussed=True))
    # The toy papers are on no week of the real syllabus: the filter leaves nothing.
    assert toy_store.search.search("memory", week=week) == []


def test_bad_mode_and_k_raise(toy_store):
    with pytest.raises(PapermindError):
        toy_store.search.search("memory", mode="fuzzy")
    with pytest.raises(PapermindError):
        toy_store.search.search("memory", k=0)


def test_more_like_this_returns_other_papers(toy_store):
    src = toy_store.search.search("block tables virtual memory", k=1, paper="toy-paging")[0]
    also = toy_store.search.more_like_this(src.chunk_id, k=3)
    assert also and all(h.paper_key != "toy-paging" for h in also)
    with pytest.raises(PapermindError):
        toy_store.search.more_like_this(10**9)


HOSTILE = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            ['"', "(", ")", "*", ":", "-", "^", "AND", "OR", "NOT", "NEAR", "C++", "🙂", " ", "kv", "é"]
        ),
        max_size=30,
    ).map("".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE, mode=st.sampled_from(["hybrid", "bm25", "dense"]))
def test_any_query_string_gives_a_list(toy_store, text, mode):
    hits = toy_store.search.search(text, k=5, mode=mode)
    assert isinstance(hits, list)
    for h in hits:
        assert all(0 <= a < b <= len(h.snippet) for a, b in h.highlights)


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_000, "AND OR NOT", 'NEAR("a" b)', "C++ -- :*", "🙂"])
def test_named_hostile_queries(toy_store, text):
    assert isinstance(toy_store.search.search(text), list)


@pytest.mark.parametrize("damage", ["delete", "corrupt", "sidecar"])
def test_stale_faiss_file_is_rebuilt_before_search(toy_store, tmp_path, damage):
    from papermind.api import Papermind

    src_db = toy_store.settings.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(src_db) as a, sqlite3.connect(tmp_path / "copy.db") as b:
        a.backup(b)  # WAL-safe copy
    pm = Papermind(db=tmp_path / "copy.db")
    try:
        idx = pm.settings.index_path
        pm.vector_index.sync()
        assert idx.exists()
        if damage == "delete":
            idx.unlink()
        elif damage == "corrupt":
            idx.write_bytes(b"not a faiss index")
        else:
            side = idx.with_name(idx.name + ".json")
            meta = json.loads(side.read_text())
            meta["corpus_version"] += 1
            side.write_text(json.dumps(meta))
        hits = pm.search.search("online softmax tiles", k=3, mode="dense")
        assert hits and hits[0].paper_key == "toy-tiling"
        from papermind.index import vectors

        with pm.session() as s:
            assert vectors.is_current(idx, s) == (True, "current")
    finally:
        pm.close()


class _FixedSentences:
    """A sentence index whose vectors are given (stands in for the reindexed side file)."""

    def __init__(self, vectors):  # type: ignore[no-untyped-def]
        self._vectors = vectors

    def current(self, version):  # type: ignore[no-untyped-def]
        return self._vectors


def test_dense_candidates_are_rescored_by_their_best_sentence(mini):
    import numpy as np

    from papermind.embed import embed_query
    from papermind.search.sentences import SentenceVectors
    from papermind.search.service import SearchService

    query = "block tables for virtual memory pages"
    ids = {page: mini.search.search(q, k=1, mode="bm25")[0].chunk_id for q, page in KNOWN}
    q = embed_query(query)
    # the page-3 chunk gets a sentence equal to the query; the others a sentence opposite to it
    order = sorted(ids.values())
    vecs = np.stack([q if c == ids[3] else -q for c in order]).astype(np.float16)
    n = len(order)
    sv = SentenceVectors(
        np.array(order, np.int64), np.zeros(n, np.int32), np.ones(n, np.int32), np.zeros(n, np.int64), vecs, 0
    )
    base = mini.search
    svc = SearchService(base._sessions, base._vector_index, base._syllabi, _FixedSentences(sv), base.params)
    assert svc.search(query, k=1, mode="dense")[0].page == 3
    # without the mix the chunk cosine alone ranks page 1 first, as before
    plain = svc.with_params(sentence_mix=0.0).search(query, k=1, mode="dense")[0]
    assert plain.page <= 1 <= plain.page_end
