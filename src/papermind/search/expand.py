"""Pseudo-relevance feedback: a second pass that takes its words and direction from the first.

A student's question often shares few words with the passage that answers it ("peeking at future
words" for masking). The first pass usually still lands on the right paper and near the passage;
the best passages then say what the query means in the paper's own words.

- Dense (Rocchio): the query vector moves toward the mean of the top passages' vectors,
  ``q' = normalise(q + beta * mean(v_top))``.
- Lexical (RM3-like, without the language-model weights): the feedback passages' words that are
  rare in the corpus and frequent in the passages (tf x idf, idf from FTS5 document counts) are
  added to the query's terms.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, select, text

from papermind.search.query import STOPWORDS, ParsedQuery, quote, tokens

if TYPE_CHECKING:
    import numpy as np
    from sqlalchemy.orm import Session

MIN_TERM_CHARS = 4
CANDIDATE_TERMS = 30  # most frequent feedback words whose document frequency is looked up


def rocchio(qvec: np.ndarray, vectors: np.ndarray, beta: float) -> np.ndarray:
    """The query vector moved toward the mean of ``vectors`` (rows L2-normalised), normalised."""
    import numpy as np

    if len(vectors) == 0 or beta <= 0:
        return qvec
    v = qvec + beta * vectors.mean(axis=0)
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float32) if n > 0 else qvec


def chunk_vectors(s: Session, chunk_ids: Sequence[int]) -> np.ndarray:
    """The stored vectors of the given chunks (float32, one row each, missing ones left out)."""
    import numpy as np

    from papermind.store.models import Embedding

    if not chunk_ids:
        return np.zeros((0, 0), np.float32)
    rows = s.execute(
        select(Embedding.chunk_id, Embedding.vector).where(
            Embedding.chunk_id.in_([int(c) for c in chunk_ids])
        )
    ).all()
    if not rows:
        return np.zeros((0, 0), np.float32)
    return np.stack([np.frombuffer(v, dtype="<f4") for _, v in rows]).astype(np.float32)


def _doc_freqs(s: Session, words: Sequence[str]) -> dict[str, int]:
    sql = text("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH :q")
    return {w: int(s.execute(sql, {"q": quote(w)}).scalar_one()) for w in words}


def _n_chunks(s: Session) -> int:
    from papermind.store.models import Chunk

    return int(s.execute(select(func.count()).select_from(Chunk)).scalar_one())


def feedback_terms(s: Session, q: ParsedQuery, chunk_ids: Sequence[int], n_terms: int) -> list[str]:
    """Up to ``n_terms`` words from the feedback chunks, best first, not already query terms."""
    if n_terms <= 0 or not chunk_ids:
        return []
    sql = text("SELECT text FROM chunks WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
    texts = [r[0] for r in s.execute(sql, {"ids": [int(c) for c in chunk_ids]}).all()]
    have = {t[:5] for t in q.terms}
    tf: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    for t in texts:
        words = [
            w
            for w in tokens(t)
            if len(w) >= MIN_TERM_CHARS and w.isalpha() and w not in STOPWORDS and w[:5] not in have
        ]
        tf.update(words)
        docs.update(set(words))
    # a feedback word must recur: in two passages, or twice in one
    cands = [w for w, n in tf.most_common(CANDIDATE_TERMS) if n >= 2]
    if not cands:
        return []
    df = _doc_freqs(s, cands)
    n = max(_n_chunks(s), 1)
    scored = {
        w: (1.0 + math.log(tf[w])) * math.log((n + 1) / (df[w] + 0.5)) * docs[w] / len(texts)
        for w in cands
        if df[w] > 0
    }
    return sorted(scored, key=lambda w: -scored[w])[:n_terms]


def expanded(q: ParsedQuery, extra: Sequence[str]) -> ParsedQuery:
    """The query with ``extra`` terms appended (no new phrases)."""
    return ParsedQuery(q.text, (*q.terms, *[t for t in extra if t not in q.terms]), q.phrases)
