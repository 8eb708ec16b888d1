"""``pm.search``: hybrid (dense + bm25) passage search, more-like-this, and warm-up.

A search runs: query processing (``query.parse``) -> candidate scoring (``ranking.Ranker``: dense
candidates from FAISS and lexical ones from FTS5 bm25, fused by weighted RRF, with a feedback
pass) -> hits (``hits.assemble``: references down-weighted, one hit per paper+page, snippets with
the query's terms marked). Every query string at all returns a list (possibly empty); only a bad
mode, ``k``, paper key or week raises a PapermindError.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from sqlalchemy import select

from papermind.errors import NotFoundError, PapermindError
from papermind.search import chunks
from papermind.search.hits import Hit, assemble
from papermind.search.params import MODES, SearchParams
from papermind.search.query import parse
from papermind.search.ranking import Ranker
from papermind.search.sentences import SentenceIndex, SentenceVectors

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from papermind.index.vector_index import VectorIndex
    from papermind.store.engine import SessionFactory
    from papermind.syllabus import SyllabusSource

__all__ = ["MODES", "Hit", "SearchParams", "SearchService"]


class SearchService:
    def __init__(
        self,
        sessions: SessionFactory,
        vector_index: VectorIndex,
        syllabi: SyllabusSource,
        sentences: SentenceIndex,
        params: SearchParams | None = None,
    ) -> None:
        self._sessions = sessions
        self._vector_index = vector_index
        self._syllabi = syllabi
        self._sentences = sentences  # per-sentence vectors (derived side file), for max-sim and snippets
        self.params = params or SearchParams()
        self._ranker = Ranker(vector_index, self.params)

    # -- public ------------------------------------------------------------------------------
    def warm(self) -> None:
        """Load the encoder and the vector index (call from a worker thread)."""
        from papermind import embed

        embed.warm()  # loads the encoder and runs one forward pass
        self._vector_index.get()

    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        paper: str | None = None,
        week: int | None = None,
    ) -> list[Hit]:
        if mode not in MODES:
            raise PapermindError(f"unknown search mode {mode!r}", f"use one of: {', '.join(MODES)}")
        if k < 1:
            raise PapermindError(f"k must be at least 1 (got {k})", "ask for -k 10, say")
        query = query if isinstance(query, str) else ""
        q = parse(query)
        if not query.strip():
            return []
        p = self.params
        with self._sessions() as s:
            paper_ids = chunks.scope(s, self._syllabi, paper, week)
            if paper_ids is not None and not paper_ids:
                return []
            # read once per search: dense scoring, fusion and snippets all use the same vectors
            sv = self._sentence_vectors(s) if mode != "bm25" else None
            scores, qvec = self._ranker.scores(s, q, mode, paper_ids, sv)
            if not scores:
                return []
            # snippets by meaning when the query was embedded anyway (never in bm25 mode)
            return assemble(
                s,
                q,
                scores,
                k,
                references_factor=p.references_factor,
                page_extra=p.page_extra,
                paper_weight=p.paper_weight if mode == "hybrid" else 0.0,
                qvec=qvec if p.snippet_by_vector else None,
                sv=sv,
            )

    def sync_sentences(self) -> int:
        """Embed the sentences of new or changed chunks (after ingest); returns the sentence count."""
        from papermind.store.meta import corpus_version

        with self._sessions() as s:
            return len(self._sentences.sync(s, corpus_version(s)).chunk_ids)

    def more_like_this(self, chunk_id: int, k: int = 5) -> list[Hit]:
        """The passages closest to a chunk in the OTHER papers (one per paper+page)."""
        import numpy as np

        from papermind.search import dense
        from papermind.store.models import Chunk, Embedding

        if k < 1:
            raise PapermindError(f"k must be at least 1 (got {k})", "ask for -k 5, say")
        with self._sessions() as s:
            row = s.execute(
                select(Chunk.paper_id, Chunk.text, Embedding.vector)
                .join(Embedding, Embedding.chunk_id == Chunk.id, isouter=True)
                .where(Chunk.id == int(chunk_id))
            ).first()
            if row is None:
                raise NotFoundError(f"no chunk with id {chunk_id}", "take chunk ids from search hits")
            if row[2] is None:
                return []
            own = set(chunks.chunk_ids(s, [row[0]]))  # the source paper's chunks, dropped below
            qvec = np.frombuffer(row[2], dtype="<f4").astype(np.float32)
            index, _, _ = self._vector_index.get()
            found = [(c, v) for c, v in dense.search(index, qvec, max(4 * k, 20) + len(own)) if c not in own]
            if not found:
                return []
            return assemble(
                s,
                parse(row[1]),
                dict(found),
                k,
                references_factor=self.params.references_factor,
                page_extra=0.0,
            )

    def with_params(self, **changes: object) -> SearchService:
        """A copy of this service with some tuning knobs changed (for evaluation sweeps)."""
        params = dataclasses.replace(self.params, **changes)  # type: ignore[arg-type]  # knobs by name, checked at run time
        return SearchService(self._sessions, self._vector_index, self._syllabi, self._sentences, params)

    # -- parts -------------------------------------------------------------------------------
    def _sentence_vectors(self, s: Session) -> SentenceVectors | None:
        """The sentence vectors when they match the store, else None (search goes on without)."""
        from papermind.store.meta import corpus_version

        return self._sentences.current(corpus_version(s))
