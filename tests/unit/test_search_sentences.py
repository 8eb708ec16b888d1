"""Sentence vectors (max-sim, incremental update), pseudo-relevance feedback and neighbour
context: the pure parts, with a fake embedder (no model)."""

from __future__ import annotations

import zlib

import numpy as np

from papermind.search import expand, fuse, snippets
from papermind.search.query import parse
from papermind.search.sentences import SentenceVectors, read, sentence_spans, update, write

DIM = 384


def _fake_embed(calls: list[list[str]]):  # type: ignore[no-untyped-def]
    """Unit vectors keyed on the text's first word, recording what was embedded."""

    def embed(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        out = np.zeros((len(texts), DIM), np.float32)
        for i, t in enumerate(texts):
            out[i, zlib.crc32(t.split()[0].encode()) % DIM] = 1.0
        return out

    return embed


CHUNKS = [
    (7, "Alpha blocks map logical pages to physical ones. Short. Beta tables hold one row per request here."),
    (3, "Gamma kernels fuse the whole attention computation into one pass over memory."),
]


def test_sentence_spans_join_short_sentences_to_the_next():
    text = CHUNKS[0][1]
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans == [
        "Alpha blocks map logical pages to physical ones.",
        "Short. Beta tables hold one row per request here.",
    ]


def test_update_embeds_each_sentence_once_sorted_by_chunk_and_reuses_unchanged_chunks():
    calls: list[list[str]] = []
    sv = update(None, CHUNKS, 1, _fake_embed(calls))
    assert list(sv.chunk_ids) == [3, 7, 7] and len(calls[0]) == 3
    assert sv.vectors.dtype == np.float16 and sv.corpus_version == 1
    # chunk 3 unchanged, chunk 7 gone, chunk 9 new: only chunk 9 is embedded again
    calls.clear()
    sv2 = update(
        sv, [CHUNKS[1], (9, "Delta rows arrive later than all the others do today.")], 2, _fake_embed(calls)
    )
    assert calls == [["Delta rows arrive later than all the others do today."]]
    assert list(sv2.chunk_ids) == [3, 9]
    # a chunk whose text changed under the same id is embedded again
    calls.clear()
    update(sv2, [(3, "Epsilon changed text for the same chunk id here now.")], 3, _fake_embed(calls))
    assert calls == [["Epsilon changed text for the same chunk id here now."]]


def test_max_sim_scores_a_chunk_by_its_best_sentence(tmp_path):
    sv = update(None, CHUNKS, 1, _fake_embed([]))
    q = np.zeros(DIM, np.float32)
    q[zlib.crc32(b"Short.") % DIM] = 1.0  # the second sentence of chunk 7
    got = sv.max_sim(q, [7, 3, 99])
    assert got[7] == 1.0 and got[3] == 0.0 and 99 not in got
    sims = sv.sentence_sims(q, 7)
    assert [round(s, 3) for _, _, s in sims] == [0.0, 1.0]
    # round trip through the side file
    path = tmp_path / "x.faiss.sentences.npz"
    write(path, sv)
    back = read(path)
    assert back is not None and back.corpus_version == 1 and list(back.chunk_ids) == [3, 7, 7]
    assert read(tmp_path / "missing.npz") is None


def test_snippet_by_query_vector_prefers_the_meaning_over_shared_words():
    first = "We propose PagedAttention, an attention algorithm for paged memory, and build a serving system on it."
    second = (
        "Fragmentation wastes most of the reserved memory, because each request reserves its maximum length."
    )
    text = f"{first} {second}"
    ranges = [(11, 25), (62, 67)]  # the query's words "pagedattention", "paged", in the first sentence
    sims = [(0, len(first), 0.2), (len(first) + 1, len(text), 0.7)]
    by_terms, _ = snippets.make_snippet(text, ranges)
    by_vector, _ = snippets.make_snippet(text, ranges, sims)
    assert by_terms.startswith("We propose") and by_vector.startswith("Fragmentation")


def test_rocchio_moves_the_query_toward_the_feedback_and_stays_normalised():
    q = np.array([1.0, 0.0, 0.0], np.float32)
    fb = np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]], np.float32)
    v = expand.rocchio(q, fb, 0.5)
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-6 and v[1] > 0 and v[0] > v[1]
    assert expand.rocchio(q, fb, 0.0) is q


def test_expanded_query_appends_new_terms_only():
    q = parse("decoder peeking future words")
    e = expand.expanded(q, ["masking", "decoder", "subsequent"])
    assert e.terms == (*q.terms, "masking", "subsequent") and e.phrases == q.phrases


def test_neighbours_add_the_better_adjacent_chunks_share():
    scores = {1: 1.0, 2: 0.5, 3: 0.2, 9: 0.4}
    out = fuse.with_neighbours(scores, {1: (2,), 2: (1, 3), 3: (2, 4), 9: ()}, 0.5)
    assert out == {1: 1.25, 2: 1.0, 3: 0.45, 9: 0.4}


def test_sentence_vectors_of_an_empty_store_score_nothing():
    sv = update(None, [], 0, _fake_embed([]))
    assert isinstance(sv, SentenceVectors) and sv.max_sim(np.ones(DIM, np.float32), [1]) == {}


def test_a_stale_side_file_is_read_once_not_on_every_search(tmp_path, monkeypatch):
    import os

    from papermind.search import sentences

    path = tmp_path / "x.faiss.sentences.npz"
    write(path, update(None, CHUNKS, 1, _fake_embed([])))
    reads: list[object] = []
    real_read = sentences.read
    monkeypatch.setattr(sentences, "read", lambda p: reads.append(p) or real_read(p))
    index = sentences.SentenceIndex(path)
    assert index.current(1) is not None and len(reads) == 1
    assert index.current(1) is not None and len(reads) == 1  # cached
    # an ingest bumped the store to version 2: the file is stale until reindex
    assert index.current(2) is None and index.current(2) is None and len(reads) == 2
    # a rewritten file (reindex in another process) is read again
    write(path, update(None, CHUNKS, 2, _fake_embed([])))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert index.current(2) is not None and len(reads) == 3
