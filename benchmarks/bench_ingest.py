"""Ingest benchmark on ../shared/papers: the pipeline's stages beside the same work done bare.

Prints extraction pages/s, embedding chunks/s and total time for the pipeline, then pypdf alone
on the same files and the encoder alone on the same chunk texts (bare: the ONNX session fed
length-sorted batches of 16 by the fast tokenizer, mean-pooled in numpy; and sentence-transformers'
``encode``, the reference the vectors must match), and the ratio pipeline / (bare extraction +
bare encode). The pipeline's time is accounted for stage by stage (extract, clean+sections+chunk,
embed, write to SQLite + FTS, FAISS sync, after-ingest hooks such as the concept maps, the rest),
so what lies above the bare stages is named; every stage is printed beside its bare counterpart in
wall and in CPU seconds (the CPU ratio holds when other processes load the machine unevenly). Also: re-ingest of the unchanged corpus, and the
cosine between the stored vectors and the reference encode (must stay >= 0.9999).

    python benchmarks/bench_ingest.py [--papers DIR]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from _common import shared_papers

if TYPE_CHECKING:
    import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=Path, default=None)
    args = ap.parse_args()
    src = args.papers or shared_papers()
    pdfs = sorted(src.glob("*.pdf"))

    import numpy as np
    import pypdf

    from papermind import embed
    from papermind.api import Papermind
    from papermind.concepts.service import ConceptService
    from papermind.embed import get_model
    from papermind.index.vector_index import VectorIndex
    from papermind.ingest import pipeline

    load_at_start = os.getloadavg()[0]
    t = time.perf_counter()
    embed.warm()  # the ONNX encoder (exported first if missing), as the pipeline uses it
    load_s = time.perf_counter() - t
    model = get_model()
    model.encode(["warm up"])  # first call pays one-off allocations

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        stages = {"extract": 0.0, "prepare": 0.0, "embed": 0.0, "write": 0.0, "faiss": 0.0, "hooks": 0.0}
        cpu = dict.fromkeys(stages, 0.0)  # the same, in this process's CPU seconds (all threads)
        pages = chunks = 0
        orig = (pipeline.extract, pipeline.prepare, pipeline.embed)
        orig_more = (pipeline.write, VectorIndex.sync, ConceptService.rebuild)

        def timed(name, fn):  # type: ignore[no-untyped-def]
            def wrapper(*a, **k):  # type: ignore[no-untyped-def]
                t0, c0 = time.perf_counter(), time.process_time()
                try:
                    return fn(*a, **k)
                finally:
                    stages[name] += time.perf_counter() - t0
                    cpu[name] += time.process_time() - c0

            return wrapper

        pipeline.extract, pipeline.prepare, pipeline.embed = (
            timed("extract", orig[0]),
            timed("prepare", orig[1]),
            timed("embed", orig[2]),
        )
        pipeline.write = timed("write", orig_more[0])
        VectorIndex.sync = timed("faiss", orig_more[1])  # type: ignore[method-assign]
        ConceptService.rebuild = timed("hooks", orig_more[2])  # type: ignore[method-assign]
        pm = Papermind(db=db)
        pm.engine  # noqa: B018 - open + migrate outside the timing
        t, c = time.perf_counter(), time.process_time()
        report = pm.ingest([src])
        total, total_cpu = time.perf_counter() - t, time.process_time() - c
        pipeline.extract, pipeline.prepare, pipeline.embed = orig
        pipeline.write = orig_more[0]
        VectorIndex.sync, ConceptService.rebuild = orig_more[1:]  # type: ignore[method-assign]
        assert report.ok, report.failed
        pages = sum(f.pages for f in report.files)
        chunks = sum(f.chunks for f in report.files)

        t = time.perf_counter()
        again = pm.ingest([src])
        reingest = time.perf_counter() - t
        assert again.counts()["skipped"] == len(pdfs)

        con = sqlite3.connect(db)
        rows = con.execute(
            "SELECT CASE WHEN s.title IS NULL OR s.title = '' THEN c.text ELSE s.title || ': ' || c.text END, "
            "e.vector FROM chunks c JOIN embeddings e ON e.chunk_id=c.id LEFT JOIN sections s ON s.id=c.section_id "
            "ORDER BY c.id"
        ).fetchall()
        con.close()
        pm.close()

    texts = [r[0] for r in rows]
    stored = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)

    t, c = time.perf_counter(), time.process_time()
    for p in pdfs:
        for page in pypdf.PdfReader(str(p)).pages:
            page.extract_text()
    bare_extract, bare_extract_cpu = time.perf_counter() - t, time.process_time() - c

    t, c = time.perf_counter(), time.process_time()
    bare_onnx(texts)
    bare_encode, bare_encode_cpu = time.perf_counter() - t, time.process_time() - c

    t = time.perf_counter()
    ref = model.encode(texts, normalize_embeddings=True)  # sentence-transformers defaults (batch 32)
    ref_encode = time.perf_counter() - t
    cos = (stored * ref).sum(axis=1)

    bare_total = bare_extract + bare_encode
    bare_total_cpu = bare_extract_cpu + bare_encode_cpu
    print(
        f"corpus: {len(pdfs)} PDFs, {pages} pages, {chunks} chunks (encoder load {load_s:.1f}s, not counted)"
    )
    print(
        "each stage beside its bare counterpart, wall seconds and this process's CPU seconds (CPU time\n"
        "hardly depends on other processes' load; wall time does: compare the CPU ratio when load varies)"
    )
    print(f"{'stage':<30}{'wall':>9}{'bare':>9}{'ratio':>7}{'CPU':>10}{'bare':>9}{'ratio':>7}")

    def row(label: str, w: float, bw: float | None, cw: float, bc: float | None) -> None:
        bare_w = f"{bw:>8.2f}s{w / bw:>7.2f}" if bw else f"{'-':>9}{'':>7}"
        bare_c = f"{bc:>8.2f}s{cw / bc:>7.2f}" if bc else f"{'-':>9}{'':>7}"
        print(f"{label:<30}{w:>8.2f}s{bare_w}{cw:>9.2f}s{bare_c}")

    row("pypdf extraction (+fonts)", stages["extract"], bare_extract, cpu["extract"], bare_extract_cpu)
    row("embed (ONNX encoder)", stages["embed"], bare_encode, cpu["embed"], bare_encode_cpu)
    row("clean + sections + chunk", stages["prepare"], None, cpu["prepare"], None)
    row("write SQLite + FTS", stages["write"], None, cpu["write"], None)
    row("FAISS sync", stages["faiss"], None, cpu["faiss"], None)
    row("concept-map rebuild", stages["hooks"], None, cpu["hooks"], None)
    named, named_cpu = sum(stages.values()), sum(cpu.values())
    row("rest (hashing, matching, ...)", total - named, None, total_cpu - named_cpu, None)
    row("total", total, bare_total, total_cpu, bare_total_cpu)
    row(
        "total without concept rebuild",
        total - stages["hooks"],
        bare_total,
        total_cpu - cpu["hooks"],
        bare_total_cpu,
    )
    print(
        f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (at start {load_at_start:.1f})"
    )
    print(
        f"ingest / bare stages: {total / bare_total:.2f}x wall, {total_cpu / bare_total_cpu:.2f}x CPU (goal <= 1.20);"
        f" concept-map rebuild {stages['hooks'] / total:.0%} of the pipeline's wall time"
    )
    print(
        f"  s-t encode (the reference, not the pipeline's path): {ref_encode:.2f}s, {chunks / ref_encode:.1f} chunks/s;"
        f" extraction {pages / stages['extract']:.1f} pages/s (bare {pages / bare_extract:.1f}),"
        f" embedding {chunks / stages['embed']:.1f} chunks/s (bare {chunks / bare_encode:.1f})"
    )
    print(f"re-ingest unchanged corpus: {reingest:.3f}s (goal <= 1 s)")
    print(
        f"stored vectors vs s-t encode: min cosine {cos.min():.6f}, mean {cos.mean():.6f} (must be >= 0.9999)"
    )


def bare_onnx(texts: list[str], batch: int = 16) -> np.ndarray:
    """The encoder with nothing around it: tokenizer -> ONNX session -> mean pooling, sorted batches."""
    import numpy as np

    from papermind.embed import encoder

    enc = encoder()
    out = np.zeros((len(texts), 384), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for a in range(0, len(order), batch):
        idx = order[a : a + batch]
        e = enc.tokenizer.encode_batch([texts[i] for i in idx])
        ids = np.array([x.ids for x in e], dtype=np.int64)
        mask = np.array([x.attention_mask for x in e], dtype=np.int64)
        (h,) = enc.session.run(None, {"input_ids": ids, "attention_mask": mask})
        m = mask[:, :, None].astype(np.float32)
        v = (h * m).sum(1) / m.sum(1)
        out[idx] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


if __name__ == "__main__":
    main()
