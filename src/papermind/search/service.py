"""``pm.search``: hybrid (dense + bm25) passage search, more-like-this, and warm-up.

A search runs: query processing (``query.parse``) -> dense candidates (FAISS) and lexical
candidates (FTS5 bm25) -> fusion (weighted RRF) -> references down-weighted -> one hit per
paper+page -> snippets with the query's terms marked. Every query string at all returns a
list (possibly empty); only a bad mode, ``k``, paper key or week raises a PapermindError.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select, text

from papermind.errors import NotFoundError, PapermindError
from papermind.search import expand, fuse, lexical, snippets
from papermind.search.query import ParsedQuery, parse
from papermind.search.sentences import SentenceIndex, SentenceVectors
from papermind.store.papers import paper_by_key

if TYPE_CHECKING:
    import faiss
    import numpy as np
    from sqlalchemy.orm import Session

    from papermind.index.vector_index import VectorIndex
    from papermind.store.engine import SessionFactory
    from papermind.syllabus import SyllabusSource

MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Hit:
    chunk_id: int
    paper_key: str
    paper_title: str
    page: int  # 1-based first page of the chunk
    page_end: int
    section: str | None  # section label ("3.2 Block Table"), None before the first heading
    score: float
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # char ranges in snippet
    is_references: bool = False


@dataclass(frozen=True)
class SearchParams:
    """The tuning knobs (defaults tuned on the dev set; see docs/search.md)."""

    candidates: int = 50  # per retriever, before fusion
    rrf_k: float = fuse.RRF_K
    dense_weight: float = fuse.DENSE_WEIGHT
    lexical_weight: float = fuse.LEXICAL_WEIGHT
    references_factor: float = fuse.REFERENCES_FACTOR
    page_extra: float = fuse.PAGE_EXTRA
    phrases: bool = True
    section_weight: float = lexical.SECTION_WEIGHT
    fusion: str = fuse.FUSION  # "rrf" | "convex" (min-max scores) | "zscore" (standardised scores)
    paper_weight: float = fuse.PAPER_WEIGHT  # boost by the paper's share of the evidence
    sentence_weight: float = fuse.SENTENCE_WEIGHT  # RRF weight of the candidates' best-sentence ranking
    sentence_mix: float = fuse.SENTENCE_MIX  # best sentence's share of a dense candidate's score
    feedback_docs: int = fuse.FEEDBACK_DOCS  # pseudo-relevance feedback from the first pass's top chunks
    feedback_beta: float = fuse.FEEDBACK_BETA  # dense: q + beta * mean(feedback vectors)
    feedback_terms: int = fuse.FEEDBACK_TERMS  # bm25: words added from the feedback chunks
    neighbour_weight: float = fuse.NEIGHBOUR_WEIGHT  # share of the better adjacent chunk's score added
    snippet_by_vector: bool = True  # snippet sentence chosen by its vector's cosine to the query
    score_budget: int = lexical.SCORE_BUDGET  # rows bm25 may score per query (frequent terms left out)


@dataclass(frozen=True)
class _ChunkRow:
    id: int
    paper_id: int
    paper_key: str
    paper_title: str
    page: int
    page_end: int
    section: str | None
    is_references: bool
    text: str


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
            paper_ids = self._scope(s, paper, week)
            if paper_ids is not None and not paper_ids:
                return []
            # read once per search: dense scoring, fusion and snippets all use the same vectors
            sv = self._sentence_vectors(s) if mode != "bm25" else None
            scores, qvec = self._scores(s, q, mode, paper_ids, sv)
            if not scores:
                return []
            prior = p.paper_weight if mode == "hybrid" else 0.0
            # snippets by meaning when the query was embedded anyway (never in bm25 mode)
            snippet_vec = qvec if p.snippet_by_vector else None
            return self._finish(s, q, scores, k, p.page_extra, prior, snippet_vec, sv)

    def sync_sentences(self) -> int:
        """Embed the sentences of new or changed chunks (after ingest); returns the sentence count."""
        from papermind.store.meta import corpus_version

        with self._sessions() as s:
            return len(self._sentences.sync(s, corpus_version(s)).chunk_ids)

    def _sentence_vectors(self, s: Session) -> SentenceVectors | None:
        """The sentence vectors when they match the store, else None (search goes on without)."""
        from papermind.store.meta import corpus_version

        return self._sentences.current(corpus_version(s))

    def _qvec(self, text_: str) -> np.ndarray:
        from papermind.embed import embed_query

        return embed_query(text_)

    def _scores(
        self,
        s: Session,
        q: ParsedQuery,
        mode: str,
        paper_ids: Sequence[int] | None,
        sv: SentenceVectors | None,
    ) -> tuple[dict[int, float], np.ndarray | None]:
        """Candidate chunk -> fused score for one query (before references, pages and snippets),
        and the query vector when one was needed (dense search over a non-empty index). ``sv``:
        the store's current sentence vectors, or None (dense then scores by chunk cosine alone)."""
        p = self.params
        use_dense, use_lex = mode in ("hybrid", "dense"), mode in ("hybrid", "bm25")
        index, _, _ = self._vector_index.get() if use_dense else (None, False, "")
        has_vectors = index is not None and index.ntotal > 0
        qvec = self._qvec(q.text) if use_dense and has_vectors else None
        dense_hits = self._dense(s, index, qvec, paper_ids, sv) if qvec is not None else []
        lex_hits = self._lexical(s, q, paper_ids) if use_lex else []
        scores = self._fuse(qvec, dense_hits, lex_hits, sv)
        # feedback learns from a fused first pass only: from dense alone it drifted (dense mode
        # dev MRR 0.812 -> 0.787, blind 0.764 -> 0.759)
        if mode == "hybrid" and p.feedback_docs > 0 and scores:
            refs = self._references_among(s, list(scores))
            top = [c for c in fuse.ranked(scores.items()) if c not in refs][: p.feedback_docs]
            if qvec is not None and p.feedback_beta > 0:
                qvec = expand.rocchio(qvec, expand.chunk_vectors(s, top), p.feedback_beta)
                dense_hits = self._dense(s, index, qvec, paper_ids, sv)
            if use_lex and p.feedback_terms > 0:
                extra = expand.feedback_terms(s, q, top, p.feedback_terms)
                if extra:
                    lex_hits = self._lexical(s, expand.expanded(q, extra), paper_ids)
            scores = self._fuse(qvec, dense_hits, lex_hits, sv)
        if p.neighbour_weight > 0 and scores:
            scores = fuse.with_neighbours(scores, self._neighbours(s, list(scores)), p.neighbour_weight)
        return scores, qvec

    def _lexical(
        self, s: Session, q: ParsedQuery, paper_ids: Sequence[int] | None
    ) -> list[tuple[int, float]]:
        p = self.params
        return lexical.search(
            s,
            q,
            p.candidates,
            paper_ids,
            phrases=p.phrases,
            section_weight=p.section_weight,
            budget=p.score_budget,
        )

    def _fuse(
        self,
        qvec: np.ndarray | None,
        dense_hits: list[tuple[int, float]],
        lex_hits: list[tuple[int, float]],
        sv: SentenceVectors | None,
    ) -> dict[int, float]:
        p = self.params
        lists = [[c for c, _ in dense_hits], [c for c, _ in lex_hits]]
        weights = [p.dense_weight, p.lexical_weight]
        if qvec is not None and sv is not None and p.sentence_weight > 0:
            cands = list(dict.fromkeys([*lists[0], *lists[1]]))
            best = sv.max_sim(qvec, cands)
            lists.append(fuse.ranked(best.items()))
            weights.append(p.sentence_weight)
        present = [(ls, w) for ls, w in zip(lists, weights) if ls]
        if not present:
            return {}
        if len(present) == 1:  # one retriever alone keeps its own scores
            return dict(dense_hits or lex_hits)
        if p.fusion in ("convex", "zscore") and qvec is not None and len(lists) == 2:
            combine = fuse.convex if p.fusion == "convex" else fuse.zscore
            return combine([dense_hits, lex_hits], [p.dense_weight, p.lexical_weight])
        return fuse.rrf([ls for ls, _ in present], [w for _, w in present], p.rrf_k)

    @staticmethod
    def _references_among(s: Session, chunk_ids: list[int]) -> set[int]:
        """The references-section chunks among the candidates (one query, not one per chunk)."""
        from papermind.store.models import Chunk

        return set(
            s.scalars(
                select(Chunk.id).where(Chunk.id.in_([int(c) for c in chunk_ids]), Chunk.is_references)
            ).all()
        )

    @staticmethod
    def _neighbours(s: Session, chunk_ids: list[int]) -> dict[int, tuple[int, ...]]:
        """Each candidate's adjacent chunks (previous and next in the same paper)."""
        from papermind.store.models import Chunk

        pos = {
            int(c): (int(pid), int(o))
            for c, pid, o in s.execute(
                select(Chunk.id, Chunk.paper_id, Chunk.ordinal).where(Chunk.id.in_(chunk_ids))
            )
        }
        at = {v: c for c, v in pos.items()}
        return {
            c: tuple(n for d in (-1, 1) if (n := at.get((pid, o + d))) is not None)
            for c, (pid, o) in pos.items()
        }

    def _finish(
        self,
        s: Session,
        q: ParsedQuery,
        scores: dict[int, float],
        k: int,
        page_extra: float,
        paper_weight: float = 0.0,
        qvec: np.ndarray | None = None,
        sv: SentenceVectors | None = None,
    ) -> list[Hit]:
        """Candidate scores -> hits: references down-weighted, an optional per-paper prior, one hit
        per page (the best chunk), then the top k with their text and marked terms."""
        rows = self._rows(s, list(scores))
        scores = {c: self._refs(v, rows[c].is_references) for c, v in scores.items() if c in rows}
        if paper_weight:
            scores = fuse.paper_prior(scores, {c: r.paper_id for c, r in rows.items()}, paper_weight)
        pages = fuse.merge_pages(scores, {c: (r.paper_id, r.page) for c, r in rows.items()}, page_extra)[:k]
        full = self._rows(s, [h.chunk_id for h in pages], with_text=True)
        # SQLite reads outside a write transaction are separate snapshots: a chunk replaced by a
        # concurrent ingest (--force, --replace) between the two reads is skipped, never a KeyError
        kept = [(full[h.chunk_id], h) for h in pages if h.chunk_id in full]
        best = [r for r, _ in kept]
        marked = lexical.highlighted(s, q, [r.id for r in best], snippets.OPEN, snippets.CLOSE)
        sims: dict[int, list[tuple[int, int, float]]] = {}
        if qvec is not None and sv is not None:
            sims = {r.id: sv.sentence_sims(qvec, r.id) for r in best}
        return [self._hit(r, h.score, marked.get(r.id), sims.get(r.id)) for r, h in kept]

    def more_like_this(self, chunk_id: int, k: int = 5) -> list[Hit]:
        """The passages closest to a chunk in the OTHER papers (one per paper+page)."""
        import numpy as np

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
            own = set(self._chunk_ids(s, [row[0]]))  # the source paper's chunks, dropped below
            qvec = np.frombuffer(row[2], dtype="<f4").astype(np.float32)
            index, _, _ = self._vector_index.get()
            from papermind.search import dense

            found = [(c, v) for c, v in dense.search(index, qvec, max(4 * k, 20) + len(own)) if c not in own]
            if not found:
                return []
            return self._finish(s, parse(row[1]), dict(found), k, 0.0)

    def with_params(self, **changes: object) -> SearchService:
        """A copy of this service with some tuning knobs changed (for evaluation sweeps)."""
        params = dataclasses.replace(self.params, **changes)  # type: ignore[arg-type]  # knobs by name, checked at run time
        return SearchService(self._sessions, self._vector_index, self._syllabi, self._sentences, params)

    # -- parts -------------------------------------------------------------------------------
    def _dense(
        self,
        s: Session,
        index: faiss.Index | None,
        qvec: np.ndarray,
        paper_ids: Sequence[int] | None,
        sv: SentenceVectors | None,
    ) -> list[tuple[int, float]]:
        """The dense candidates, re-scored by their best sentence when ``sv`` is given."""
        from papermind.search import dense

        if index is None or index.ntotal == 0:
            return []
        allowed = self._chunk_ids(s, paper_ids) if paper_ids is not None else None
        found = dense.search(index, qvec, self.params.candidates, allowed)
        mix = self.params.sentence_mix
        if sv is None or mix <= 0 or not found:  # no current sentence file (reindex builds it)
            return found
        return dense.with_sentences(found, sv.max_sim(qvec, [c for c, _ in found]), mix)

    @staticmethod
    def _chunk_ids(s: Session, paper_ids: Sequence[int]) -> list[int]:
        from papermind.store.models import Chunk

        return list(s.scalars(select(Chunk.id).where(Chunk.paper_id.in_(list(paper_ids)))).all())

    def _refs(self, score: float, is_refs: bool) -> float:
        if not is_refs:
            return score
        f = self.params.references_factor
        return score * f if score > 0 else score / max(f, 1e-6)

    def _scope(self, s: Session, paper: str | None, week: int | None) -> list[int] | None:
        """Paper ids allowed by the filters (None = all)."""
        from papermind.store.models import Paper

        if paper is None and week is None:
            return None
        allowed: set[int] | None = None
        if paper is not None:
            allowed = {paper_by_key(s, paper).id}
        if week is not None:
            keys = self._syllabi.load().papers_for_week(int(week), include_discussed=True)
            ids = set(s.scalars(select(Paper.id).where(Paper.key.in_(keys))).all()) if keys else set()
            allowed = ids if allowed is None else allowed & ids
        return sorted(allowed or ())

    @staticmethod
    def _rows(s: Session, chunk_ids: list[int], with_text: bool = False) -> dict[int, _ChunkRow]:
        """Hit metadata for the candidates (text only when asked: it is needed for the top k)."""
        out: dict[int, _ChunkRow] = {}
        sql = text(
            "SELECT c.id, c.paper_id, p.key, p.title, c.page_start, c.page_end, s.number, s.title, "
            "c.is_references, CASE WHEN :t THEN c.text ELSE '' END FROM chunks c JOIN papers p ON p.id = c.paper_id "
            "LEFT JOIN sections s ON s.id = c.section_id WHERE c.id IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        for i in range(0, len(chunk_ids), 500):
            params = {"ids": [int(c) for c in chunk_ids[i : i + 500]], "t": 1 if with_text else 0}
            for r in s.execute(sql, params).all():
                label = None if r[7] is None else (f"{r[6]} {r[7]}" if r[6] else r[7])
                out[int(r[0])] = _ChunkRow(
                    int(r[0]), int(r[1]), r[2], r[3], int(r[4]), int(r[5]), label, bool(r[8]), r[9]
                )
        return out

    @staticmethod
    def _hit(
        r: _ChunkRow, score: float, marked: str | None, sims: list[tuple[int, int, float]] | None = None
    ) -> Hit:
        if marked is not None:
            plain, ranges = snippets.parse_marked(marked)
            if plain != r.text:  # never trust markers that don't line up with the text
                plain, ranges = r.text, []
        else:
            plain, ranges = r.text, []
        snip, rel = snippets.make_snippet(plain, ranges, sims or None)
        return Hit(
            r.id,
            r.paper_key,
            r.paper_title,
            r.page,
            r.page_end,
            r.section,
            float(score),
            snip,
            rel,
            r.is_references,
        )
