"""Searching while another process re-ingests (`ingest --force`) the same papers: chunk ids found
by FAISS or FTS may be replaced between two reads; they are skipped, never a KeyError."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.slow


def test_a_chunk_replaced_between_two_reads_is_skipped(toy_store, monkeypatch):
    from papermind.search import chunks

    real_rows = chunks.rows
    calls = []

    def rows_losing_the_best(s, chunk_ids, with_text=False):  # type: ignore[no-untyped-def]
        out = real_rows(s, chunk_ids, with_text)
        calls.append(with_text)
        if with_text:  # the second read: the top chunk was just replaced by an ingest
            out.pop(chunk_ids[0], None)
        return out

    monkeypatch.setattr(chunks, "rows", rows_losing_the_best)
    hits = toy_store.search.search("block tables map logical blocks", k=5)
    assert calls == [False, True]
    assert hits, "the other hits are still returned"


def test_searches_survive_a_concurrent_forced_ingest(tmp_path, toy_pdfs):
    from papermind.api import Papermind

    db = tmp_path / "s.db"
    with Papermind(db=db) as pm:
        assert pm.ingest([toy_pdfs]).ok
        pm.search.search("warm up the model")
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        script = (
            "import sys\nfrom papermind.api import Papermind\n"
            "with Papermind(db=sys.argv[1]) as pm:\n"
            "    for _ in range(3):\n"
            "        assert pm.ingest([sys.argv[2]], force=True).ok\n"
        )
        proc = subprocess.Popen([sys.executable, "-c", script, str(db), str(toy_pdfs)], env=env)
        searches, errors = 0, []
        queries = ["block tables", "online softmax tiles", "time to train", "key value cache memory"]
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            for mode in ("hybrid", "dense", "bm25"):
                try:
                    pm.search.search(queries[searches % len(queries)], k=5, mode=mode)
                except Exception as exc:  # noqa: BLE001 - collected and reported below
                    errors.append(repr(exc))
                searches += 1
        assert proc.wait(timeout=60) == 0
    assert searches > 20, searches
    assert errors == [], errors[:3]
