"""Sentence vectors: every chunk's sentences embedded on their own, for max-sim scoring and snippets.

A chunk vector averages ~200 word pieces, so one sentence that answers a question is diluted by
the rest of its chunk. Scoring a chunk by its best sentence (max-sim) finds that sentence, and the
same vectors choose the snippet by meaning rather than by shared words.

The vectors are derived data, like the FAISS file: ``<index>.sentences.npz`` beside it, with the
model, dimension and the store's ``corpus_version`` recorded inside. ``SentenceIndex.sync`` brings
the file up to date incrementally (chunks whose id and text checksum are unchanged keep their rows;
new chunks are embedded; removed ones dropped), so after an ingest of one paper it embeds only that
paper's sentences. It runs in ``papermind reindex`` (``Papermind.reindex``), not in an ingest:
embedding every sentence would double the ingest's time.
A search uses the vectors only when they match the store (``current``) and otherwise runs without
them rather than wait. Rows are sorted by chunk id, so a chunk's sentences are one slice found by
binary search.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

if TYPE_CHECKING:
    import numpy as np
    from sqlalchemy.orm import Session

MIN_WORDS = 6  # a shorter sentence ("See Figure 3.") is joined to the next one
MAX_SENTENCES = 64  # per chunk (a chunk is <= 256 word pieces, so this never binds in practice)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The chunk's sentences as (start, end), short ones joined to their neighbour."""
    from papermind.ingest.chunk import split_sentences

    out: list[tuple[int, int]] = []
    pending: int | None = None
    for a, b in split_sentences(text):
        start = a if pending is None else pending
        if len(text[start:b].split()) < MIN_WORDS:
            pending = start
            continue
        out.append((start, b))
        pending = None
    if pending is not None:
        if out:
            out[-1] = (out[-1][0], len(text.rstrip()))
        else:
            out.append((pending, len(text.rstrip())))
    return out[:MAX_SENTENCES] or [(0, len(text))]


def checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


@dataclass
class SentenceVectors:
    chunk_ids: np.ndarray  # int64 (n,), sorted
    starts: np.ndarray  # int32 (n,)
    ends: np.ndarray  # int32 (n,)
    sums: np.ndarray  # int64 (n,), crc32 of the chunk's text (same for all of its rows)
    vectors: np.ndarray  # float16 (n, dim), L2-normalised
    corpus_version: int

    def rows(self, chunk_id: int) -> slice:
        import numpy as np

        lo = int(np.searchsorted(self.chunk_ids, chunk_id, side="left"))
        hi = int(np.searchsorted(self.chunk_ids, chunk_id, side="right"))
        return slice(lo, hi)

    def max_sim(self, qvec: np.ndarray, chunk_ids: Iterable[int]) -> dict[int, float]:
        """Each chunk's best sentence cosine to the query (chunks without sentences left out)."""
        import numpy as np

        ids = np.fromiter((int(c) for c in chunk_ids), np.int64)
        if not len(ids) or len(self.chunk_ids) == 0:
            return {}
        lo = np.searchsorted(self.chunk_ids, ids, side="left")
        counts = np.searchsorted(self.chunk_ids, ids, side="right") - lo
        has = counts > 0
        ids, lo, counts = ids[has], lo[has], counts[has]
        if not len(ids):
            return {}
        # every candidate's rows in one gather: row = its first row + position within its run
        firsts = np.cumsum(counts) - counts
        idx = np.repeat(lo, counts) + np.arange(int(counts.sum())) - np.repeat(firsts, counts)
        sims = self.vectors[idx].astype(np.float32) @ qvec.astype(np.float32)
        best = np.maximum.reduceat(sims, firsts)
        return dict(zip(ids.tolist(), best.tolist(), strict=True))

    def sentence_sims(self, qvec: np.ndarray, chunk_id: int) -> list[tuple[int, int, float]]:
        """(start, end, cosine) of each sentence of one chunk, in text order."""
        import numpy as np

        s = self.rows(chunk_id)
        sims = self.vectors[s].astype(np.float32) @ qvec.astype(np.float32)
        return [
            (int(a), int(b), float(v)) for a, b, v in zip(self.starts[s], self.ends[s], sims, strict=True)
        ]


def path_for(index_path: Path) -> Path:
    return index_path.with_name(index_path.name + ".sentences.npz")


def _empty(dim: int, version: int) -> SentenceVectors:
    import numpy as np

    return SentenceVectors(
        np.zeros(0, np.int64),
        np.zeros(0, np.int32),
        np.zeros(0, np.int32),
        np.zeros(0, np.int64),
        np.zeros((0, dim), np.float16),
        version,
    )


def read(path: Path) -> SentenceVectors | None:
    """The file's vectors, or None when it is missing, unreadable or from another model."""
    import numpy as np

    from papermind.embed import DIM, MODEL_NAME

    try:
        with np.load(path, allow_pickle=False) as z:
            if str(z["model"]) != MODEL_NAME or z["vectors"].shape[1:] != (DIM,):
                return None
            return SentenceVectors(
                z["chunk_ids"], z["starts"], z["ends"], z["sums"], z["vectors"], int(z["corpus_version"])
            )
    except (OSError, KeyError, ValueError, IndexError):
        return None


def write(path: Path, sv: SentenceVectors) -> None:
    """Atomically (temp file + rename)."""
    import numpy as np

    from papermind.embed import MODEL_NAME

    tmp = path.with_name(path.name + f".tmp{os.getpid()}.npz")
    np.savez(
        tmp,
        model=np.array(MODEL_NAME),
        corpus_version=np.array(sv.corpus_version),
        chunk_ids=sv.chunk_ids,
        starts=sv.starts,
        ends=sv.ends,
        sums=sv.sums,
        vectors=sv.vectors,
    )
    os.replace(tmp, path)


def update(
    old: SentenceVectors | None,
    chunks: Sequence[tuple[int, str]],
    version: int,
    embed: Callable[[list[str]], np.ndarray],
) -> SentenceVectors:
    """New vectors for ``chunks`` = [(chunk id, text)], reusing ``old`` rows of unchanged chunks."""
    import numpy as np

    from papermind.embed import DIM

    keep_rows: list[np.ndarray] = []
    todo: list[tuple[int, str]] = []
    for cid, text in chunks:
        s = old.rows(cid) if old is not None else slice(0, 0)
        if old is not None and s.stop > s.start and int(old.sums[s.start]) == checksum(text):
            keep_rows.append(np.arange(s.start, s.stop))
        else:
            todo.append((cid, text))
    new_ids, new_starts, new_ends, new_sums, texts = [], [], [], [], []
    for cid, text in todo:
        crc = checksum(text)
        for a, b in sentence_spans(text):
            new_ids.append(cid)
            new_starts.append(a)
            new_ends.append(b)
            new_sums.append(crc)
            texts.append(text[a:b])
    dim = old.vectors.shape[1] if old is not None else DIM
    vecs = embed(texts).astype(np.float16) if texts else np.zeros((0, dim), np.float16)
    idx = np.concatenate(keep_rows) if keep_rows else np.zeros(0, np.int64)
    base = old if old is not None else _empty(vecs.shape[1], version)
    ids = np.concatenate([base.chunk_ids[idx], np.asarray(new_ids, np.int64)])
    order = np.argsort(ids, kind="stable")
    return SentenceVectors(
        ids[order],
        np.concatenate([base.starts[idx], np.asarray(new_starts, np.int32)])[order],
        np.concatenate([base.ends[idx], np.asarray(new_ends, np.int32)])[order],
        np.concatenate([base.sums[idx], np.asarray(new_sums, np.int64)])[order],
        np.concatenate([base.vectors[idx], vecs])[order],
        version,
    )


class SentenceIndex:
    """The sentence vectors of one store, cached in memory and checked against its corpus_version."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cached: SentenceVectors | None = None
        self._stale: tuple[int, int] | None = None  # (mtime_ns, size) of a file found out of date
        self._lock = threading.Lock()

    def _current(self, version: int) -> SentenceVectors | None:
        """The vectors when they match ``version``, else None. A file already found out of date is not read again until it changes: after an ingest
        the file is stale until ``reindex``, and a search must not load it on every query."""
        if self._cached is not None and self._cached.corpus_version == version:
            return self._cached
        try:
            st = self.path.stat()
        except OSError:
            return None
        if self._stale == (st.st_mtime_ns, st.st_size):
            return None
        on_disk = read(self.path)
        if on_disk is not None and on_disk.corpus_version == version:
            self._cached, self._stale = on_disk, None
            return on_disk
        self._stale = (st.st_mtime_ns, st.st_size)
        return None

    def current(self, version: int) -> SentenceVectors | None:
        """The vectors when they match the store's ``version``, else None (never embeds: a
        search must not wait for a corpus's worth of sentences; ``reindex`` runs ``sync``)."""
        with self._lock:
            return self._current(version)

    def sync(self, session: Session, version: int) -> SentenceVectors:
        """Bring the file up to date with the store (embeds only new or changed chunks)."""
        with self._lock:
            found = self._current(version)
            if found is None:
                found = self._cached = self._sync(session, version, read(self.path))
                self._stale = None
            return found

    def _sync(self, session: Session, version: int, old: SentenceVectors | None) -> SentenceVectors:
        from papermind.embed import embed_texts
        from papermind.store.models import Chunk

        chunks = [(int(c), t) for c, t in session.execute(select(Chunk.id, Chunk.text).order_by(Chunk.id))]
        sv = update(old, chunks, version, embed_texts)
        write(self.path, sv)
        return sv
