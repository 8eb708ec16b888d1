"""Kill an ingest midway (a real subprocess) and check the store and indexes stay consistent."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.pdfs import LOREM_TOPICS, make_pdf


def _papers(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM papers").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _check_consistent(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for pid, num_pages in con.execute("SELECT id, num_pages FROM papers").fetchall():
            assert (
                con.execute("SELECT count(*) FROM pages WHERE paper_id=?", (pid,)).fetchone()[0] == num_pages
            )
            n = con.execute("SELECT count(*) FROM chunks WHERE paper_id=?", (pid,)).fetchone()[0]
            assert n > 0
            assert (
                con.execute(
                    "SELECT count(*) FROM embeddings e JOIN chunks c ON c.id=e.chunk_id WHERE c.paper_id=?",
                    (pid,),
                ).fetchone()[0]
                == n
            )
        total = con.execute("SELECT count(*) FROM chunks").fetchone()[0]
        assert con.execute("SELECT count(*) FROM chunks_fts").fetchone()[0] == total
        assert con.execute("SELECT count(*) FROM embeddings").fetchone()[0] == total
        return total
    finally:
        con.close()


@pytest.mark.slow  # the ingest it kills runs the model (in a subprocess, which the conftest cannot see)
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_ingest_leaves_store_and_indexes_consistent(tmp_path, sig):
    src = tmp_path / "pdfs"
    for i, topic in enumerate(["paging", "tiling", "benchmark", "paging", "tiling", "benchmark"]):
        body = LOREM_TOPICS[topic][1]
        pages = [f"{j + 1} Section {j + 1}\n" + f"Paper {i} page {j}. " + (body + " ") * 6 for j in range(12)]
        make_pdf(src / f"paper-{i}.pdf", pages)
    db = tmp_path / "s.db"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PAPERMIND_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "papermind", "--db", str(db), "ingest", str(src), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 240
    while _papers(db) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130

    done = _papers(db)
    assert 1 <= done < 6
    total = _check_consistent(db)

    from papermind.api import Papermind

    with Papermind(db=db) as pm:
        index, rebuilt, reason = pm.vector_index.get()
        assert index.ntotal == total
        if sig == signal.SIGKILL:
            assert rebuilt, "the FAISS file cannot be current after a SIGKILL mid-run"
        # a second run finishes the job and skips what is already there
        report = pm.ingest([src])
        assert report.ok and report.counts()["skipped"] == done and report.counts()["ingested"] == 6 - done
        assert pm.vector_index.get()[0].ntotal == _check_consistent(db)
