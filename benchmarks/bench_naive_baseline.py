"""The naive retrieval baseline, for comparison with pm.search on a retrieval set.

    python benchmarks/bench_naive_baseline.py --db /tmp/search/real.db [benchmarks/data/retrieval_dev.toml]

Naive pipeline: each paper's cleaned page text (read from the given store's ``pages`` table)
cut into fixed 1,000-character chunks (no overlap, page span from the character offsets), in its
own temporary SQLite store with an FTS5 table (porter) and an exact FAISS IndexFlatIP over
all-MiniLM-L6-v2 embeddings of the chunks. bm25 over every query token quoted and OR-ed (no
stopwords, no phrases, no section column); plain dense top-k; RRF (k=60, equal weights); no
reference down-weighting and no page merging. Scored with the same metrics as
``papermind eval retrieval`` (papermind.search.evaluate.score_hits).
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CHUNK_CHARS = 1000


@dataclass(frozen=True)
class NaiveHit:
    paper_key: str
    page: int
    page_end: int


def chunks_of(con: sqlite3.Connection, size: int) -> list[tuple[str, int, int, str]]:
    """(paper_key, page_start, page_end, text) fixed-size character chunks per paper."""
    out = []
    papers = con.execute("SELECT id, key FROM papers ORDER BY key").fetchall()
    for pid, key in papers:
        pages = con.execute(
            "SELECT number, text FROM pages WHERE paper_id=? ORDER BY number", (pid,)
        ).fetchall()
        text, starts = "", []
        for num, t in pages:
            starts.append((len(text), num))
            text += " ".join(t.split()) + " "
        for a in range(0, len(text), size):
            b = min(len(text), a + size)
            p0 = max(n for s, n in starts if s <= a)
            p1 = max(n for s, n in starts if s < b)
            if text[a:b].strip():
                out.append((key, p0, p1, text[a:b]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default="benchmarks/data/retrieval_dev.toml")
    ap.add_argument("--db", required=True, help="an ingested papermind store (its pages are re-chunked)")
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--chars", type=int, default=CHUNK_CHARS)
    args = ap.parse_args()

    import faiss

    from papermind.embed import embed_query, embed_texts
    from papermind.search.evaluate import load_queries, score_hits

    src = sqlite3.connect(args.db)
    chunks = chunks_of(src, args.chars)
    tmp = Path(tempfile.mkdtemp(prefix="naive-")) / "naive.db"
    con = sqlite3.connect(tmp)
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='porter unicode61 remove_diacritics 2')")
    con.executemany("INSERT INTO fts(rowid, text) VALUES (?, ?)", [(i, c[3]) for i, c in enumerate(chunks)])
    con.commit()
    t = time.perf_counter()
    vecs = embed_texts([c[3] for c in chunks])
    embed_s = time.perf_counter() - t
    index = faiss.IndexFlatIP(vecs.shape[1])
    index.add(vecs)
    print(
        f"naive store: {len(chunks)} chunks of {args.chars} chars from {args.db} ({embed_s:.1f}s to embed) -> {tmp}"
    )

    def bm25(q: str, n: int) -> list[int]:
        toks = re.findall(r"[^\W_]+", q.lower())
        if not toks:
            return []
        expr = " OR ".join('"' + t.replace('"', '""') + '"' for t in toks)
        return [
            r[0]
            for r in con.execute("SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?", (expr, n))
        ]

    def dense(q: str, n: int) -> list[int]:
        _, ids = index.search(embed_query(q).reshape(1, -1), n)
        return [int(i) for i in ids[0] if i >= 0]

    def hybrid(q: str, n: int) -> list[int]:
        s: dict[int, float] = {}
        for ranking in (dense(q, 100), bm25(q, 100)):
            for r, cid in enumerate(ranking, 1):
                s[cid] = s.get(cid, 0.0) + 1.0 / (60 + r)
        return sorted(s, key=lambda c: -s[c])[:n]

    queries = load_queries(args.file)
    print(f"{args.file}: {len(queries)} queries, k={args.k}")
    print(f"{'mode':<14}{'hit@k paper':>12}{'hit@k page':>12}{'MRR page':>10}{'nDCG@k':>9}")
    for name, fn in (("naive hybrid", hybrid), ("naive dense", dense), ("naive bm25", bm25)):
        rs = []
        for q in queries:
            hits = [NaiveHit(chunks[c][0], chunks[c][1], chunks[c][2]) for c in fn(q.text, args.k)]
            rs.append(score_hits(q, hits, args.k))
        n = len(rs)
        print(
            f"{name:<14}{sum(r.paper_hit for r in rs) / n:>12.3f}{sum(r.rank is not None for r in rs) / n:>12.3f}"
            f"{sum(1 / r.rank for r in rs if r.rank) / n:>10.3f}{sum(r.ndcg for r in rs) / n:>9.3f}"
        )


if __name__ == "__main__":
    main()
