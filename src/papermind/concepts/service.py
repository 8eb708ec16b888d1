"""``pm.concepts``: key concepts per paper, week concept maps, and their storage.

``rebuild()`` re-derives everything (concepts, per-paper stats, occurrences, edges for every
paper and every week of every schedule version) from the chunks; it runs after each ingest that
changed the store (``Papermind.ingest``) and on ``papermind concepts --rebuild``. Queries
rebuild first when the store changed since the last build (``corpus_version`` in
``store_meta``), or when the maps were built by other extraction rules (``stamp``: a store kept
across an upgrade gets the new rules' maps, not the old ones')."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select

from papermind.concepts import stamp
from papermind.concepts.fold import normalise
from papermind.concepts.graph import (
    BuildsOn,
    ConceptDetail,
    ConceptMap,
    Edge,
    Node,
    Occurrence,
    PaperUse,
    builds_on,
    cooccur_edges,
    labelled,
    merge_scores,
    similar_edges,
    strongest_links,
)
from papermind.errors import NotFoundError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from papermind.store.engine import SessionFactory
    from papermind.syllabus import Syllabus, SyllabusSource

EDGE_NODES = 60  # edges are stored among each scope's top 60 concepts


LINKS_PER_NODE = 4  # a map keeps each concept's strongest links
SAME_COSINE = 0.88  # label embeddings this close name the same concept ("KV cache(s|ing)")


class ConceptService:
    def __init__(self, sessions: SessionFactory, syllabi: SyllabusSource) -> None:
        self._sessions = sessions
        self._syllabi = syllabi

    # -- build --------------------------------------------------------------------------------
    def rebuild(self) -> dict[str, int]:
        """Re-derive all concepts and maps; returns counts (concepts, occurrences, edges)."""
        import numpy as np

        from papermind.concepts.build import extract_corpus, load_corpus
        from papermind.store.concept_models import (
            Concept,
            ConceptEdge,
            ConceptOccurrence,
            ConceptPaper,
        )

        with self._sessions() as s:
            papers = load_corpus(s)
            old_vectors = {k: v for k, v in s.execute(select(Concept.key, Concept.vector))}
            version = stamp.current(s)
        extracted = extract_corpus(papers)
        paper_id = {p.key: p.id for p in papers}

        # one concept per folded key across the corpus; label and definition from its best paper
        best: dict[str, tuple[float, str]] = {}
        surfaces: dict[str, dict[str, int]] = defaultdict(dict)
        for key, rows in extracted.items():
            for r in rows:
                k = r.term.key
                norm = r.term.score / (rows[0].term.score or 1.0)
                if k not in best or norm > best[k][0]:
                    best[k] = (norm, key)
                for surf, n in r.term.surfaces.items():
                    surfaces[k][surf] = surfaces[k].get(surf, 0) + n
        keys = sorted(best)
        ids = {k: i + 1 for i, k in enumerate(keys)}
        by_key = {(pk, r.term.key): r for pk, rows in extracted.items() for r in rows}
        concept_rows: list[dict[str, Any]] = []
        vec_todo: list[str] = []
        for k in keys:
            r = by_key[(best[k][1], k)]
            label = r.term.label
            defs = [(d, pk) for pk in extracted if (pk, k) in by_key and (d := by_key[(pk, k)].definition)]
            d, dpk = max(defs, key=lambda x: x[0].strength) if defs else (None, None)
            plain = " ".join(normalise(label)).lower()
            aliases = sorted(
                {a for a in surfaces[k] if " ".join(normalise(a)).lower() != plain},
                key=lambda a: -surfaces[k][a],
            )
            unique: dict[str, str] = {}  # the first spelling of each, case aside
            for a in aliases:
                unique.setdefault(a.lower(), a)
            aliases = list(unique.values())[:8]
            vec = old_vectors.get(k)
            if vec is None:
                vec_todo.append(k)
            concept_rows.append(
                {
                    "id": ids[k],
                    "key": k,
                    "label": label,
                    "aliases": aliases,
                    "definition": d.sentence if d else None,
                    "definition_paper": dpk,
                    "definition_chunk_id": d.chunk_id if d else None,
                    "definition_page": d.page if d else None,
                    "vector": vec,
                }
            )
        if vec_todo:
            from papermind.embed import embed_texts

            labels = {row["key"]: row["label"] for row in concept_rows}
            vecs = embed_texts([labels[k] for k in vec_todo])
            fresh = {k: np.asarray(v, dtype="<f4").tobytes() for k, v in zip(vec_todo, vecs, strict=True)}
            for row in concept_rows:
                if row["vector"] is None:
                    row["vector"] = fresh[row["key"]]

        cp_rows: list[dict[str, Any]] = []
        occ_rows: list[dict[str, Any]] = []
        chunk_sets: dict[str, dict[int, set[int]]] = {}
        for pk, rows in extracted.items():
            chunk_sets[pk] = {}
            for r in rows:
                cid = ids[r.term.key]
                d = r.definition
                cp_rows.append(
                    {
                        "concept_id": cid,
                        "paper_id": paper_id[pk],
                        "score": round(r.term.score, 3),
                        "rank": r.rank,
                        "n_occurrences": len(r.term.occurrences),
                        "label": r.term.label,
                        "definition": d.sentence if d else None,
                        "definition_chunk_id": d.chunk_id if d else None,
                        "definition_page": d.page if d else None,
                    }
                )
                chunk_sets[pk][cid] = set(r.term.chunks)
                occ_rows.extend(
                    {
                        "concept_id": cid,
                        "paper_id": paper_id[pk],
                        "chunk_id": o.chunk_id,
                        "page": o.page,
                        "start": o.start,
                        "end": o.end,
                    }
                    for o in r.term.occurrences
                )
        n_chunks = {p.key: len(p.chunks) for p in papers}
        vectors = {row["id"]: np.frombuffer(row["vector"], dtype="<f4") for row in concept_rows}
        scores = {pk: [(ids[r.term.key], r.term.score) for r in rows] for pk, rows in extracted.items()}

        edge_rows: list[dict[str, Any]] = []
        scopes: dict[str, list[str]] = {f"paper:{pk}": [pk] for pk in extracted}
        sched = self._syllabi
        for v in sched.versions():
            syl = sched.load(v)
            for w in syl.weeks():
                # a discussion week maps the papers it discusses as well as any new reading
                ks = [k for k in syl.papers_for_week(w, include_discussed=True) if k in extracted]
                if ks:
                    scopes[f"week:{v}:{w}"] = ks
        for scope, ks in scopes.items():
            nodes = [cid for cid, _, _ in merge_scores({k: scores[k] for k in ks}, EDGE_NODES)]
            sets: dict[int, set[int]] = {cid: set() for cid in nodes}
            for k in ks:
                for cid in nodes:
                    sets[cid] |= chunk_sets[k].get(cid, set())
            # all edges among the scope's top concepts; a map keeps each node's strongest
            edges = cooccur_edges(sets, sum(n_chunks[k] for k in ks), per_node=None)
            mat = np.stack([vectors[c] for c in nodes]) if nodes else np.zeros((0, 1))
            edges += similar_edges(nodes, mat, exclude={(e.a, e.b) for e in edges}, per_node=None)
            edge_rows.extend(
                {"scope": scope, "a": e.a, "b": e.b, "weight": e.weight, "kind": e.kind} for e in edges
            )

        with self._sessions() as s:
            for model in (ConceptEdge, ConceptOccurrence, ConceptPaper, Concept):
                s.execute(delete(model))
            for model, rows_ in (
                (Concept, concept_rows),
                (ConceptPaper, cp_rows),
                (ConceptOccurrence, occ_rows),
                (ConceptEdge, edge_rows),
            ):
                if rows_:
                    s.execute(insert(model), rows_)
            stamp.record(s, version)
        return {
            "concepts": len(concept_rows),
            "occurrences": len(occ_rows),
            "edges": len(edge_rows),
            "papers": len(extracted),
        }

    def is_stale(self) -> bool:
        """Whether the stored maps predate the chunks or the extraction rules (the next query
        rebuilds them first: seconds)."""
        with self._sessions() as s:
            return stamp.is_stale(s)

    def ensure_built(self) -> None:
        if self.is_stale():
            self.rebuild()

    # -- queries ------------------------------------------------------------------------------
    def _ingested(self, s: Session) -> dict[str, int]:
        from papermind.store.models import Paper

        return {k: i for k, i in s.execute(select(Paper.key, Paper.id))}

    def week_map(self, week: int, top: int = 25, version: str | None = None) -> ConceptMap:
        syl = self._syllabi.load(version)
        # raises NotFoundError for a week off the term; a discussion week maps what it discusses
        keys = syl.papers_for_week(week, include_discussed=True)
        self.ensure_built()
        with self._sessions() as s:
            ingested = self._ingested(s)
            have = tuple(k for k in keys if k in ingested)
            missing = tuple(k for k in keys if k not in ingested)
            if not keys:
                meetings = syl.meetings_in_week(week)
                kinds = ", ".join(sorted({x.kind for x in meetings})) or "no"
                msg = (
                    f"week {week} has no paper on the {syl.version} schedule "
                    f"({kinds} session); nothing to map"
                )
                return ConceptMap(week, (), (), (), (), (), msg, syl.version)
            note: str | None = None
            if missing:
                note = (
                    f"not ingested yet: {', '.join(missing)} (run `papermind fetch` and `papermind ingest`)"
                )
                if not have:
                    note = f"none of week {week}'s papers is ingested yet: {', '.join(missing)}"
            return self._map(s, week, have, missing, top, f"week:{syl.version}:{week}", syl, note, None)

    def paper_map(self, key: str, top: int = 25, version: str | None = None) -> ConceptMap:
        self.ensure_built()
        syl = self._syllabi.load(version)
        with self._sessions() as s:
            if key not in self._ingested(s):
                raise NotFoundError(
                    f"paper {key!r} is not ingested",
                    "see `papermind list`; ingest it with `papermind ingest`",
                )
            try:
                week: int | None = syl.week_of_paper(key)
            except NotFoundError:
                week = None
            return self._map(s, week, (key,), (), top, f"paper:{key}", syl, None, key)

    def _map(
        self,
        s: Session,
        week: int | None,
        have: tuple[str, ...],
        missing: tuple[str, ...],
        top: int,
        scope: str,
        syl: Syllabus,
        msg: str | None,
        paper: str | None,
    ) -> ConceptMap:
        from papermind.store.concept_models import Concept, ConceptEdge, ConceptPaper
        from papermind.store.models import Paper

        ingested = self._ingested(s)
        rows = s.execute(
            select(
                Paper.key,
                ConceptPaper.concept_id,
                ConceptPaper.score,
                ConceptPaper.n_occurrences,
                ConceptPaper.definition,
                ConceptPaper.definition_page,
            )
            .join(Paper, Paper.id == ConceptPaper.paper_id)
            .where(Paper.key.in_(have))
        ).all()
        per_paper: dict[str, list[tuple[int, float]]] = defaultdict(list)
        n_occ: dict[int, int] = defaultdict(int)
        # the definition from the map's own papers, best-scored: (score, sentence, paper, page)
        own_definition: dict[int, tuple[float, str, str, int | None]] = {}
        for pk, cid, score, n, definition, page in rows:
            per_paper[pk].append((cid, score))
            n_occ[cid] += n
            if definition and (cid not in own_definition or score > own_definition[cid][0]):
                own_definition[cid] = (score, definition, pk, page)
        ranked = merge_scores(per_paper, top)
        ids = [cid for cid, _, _ in ranked]
        concepts = {c.id: c for c in s.scalars(select(Concept).where(Concept.id.in_(ids)))}

        def make_node(cid: int, score: float, ps: tuple[str, ...]) -> Node:
            # a map shows its own papers' definition of a term; another paper's only when none
            # of its own defines it
            c = concepts[cid]
            _, sentence, where, page = own_definition.get(
                cid, (0.0, c.definition, c.definition_paper, c.definition_page)
            )
            return Node(cid, c.label, tuple(c.aliases), score, ps, sentence, n_occ[cid], where, page)

        nodes = tuple(make_node(cid, score, ps) for cid, score, ps in ranked)
        idset = set(ids)
        edges = tuple(
            labelled(
                strongest_links(
                    [
                        Edge(e.a, e.b, e.weight, e.kind)
                        for e in s.scalars(select(ConceptEdge).where(ConceptEdge.scope == scope))
                        if e.a in idset and e.b in idset
                    ],
                    LINKS_PER_NODE,
                ),
                nodes,
            )
        )
        # the same concepts in papers of earlier weeks (only ingested papers count); "the same"
        # = one folded key, or labels whose embeddings are near-identical ("KV caching")
        concept_weeks: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        week_of: dict[str, int] = {}
        for pk in ingested:
            if pk in have:
                continue
            try:
                week_of[pk] = syl.week_of_paper(pk)
            except NotFoundError:
                continue
        if week is not None and ids:
            earlier_keys = [pk for pk, w in week_of.items() if w != week]
            rows_e = s.execute(
                select(ConceptPaper.concept_id, Paper.key)
                .join(Paper, Paper.id == ConceptPaper.paper_id)
                .where(Paper.key.in_(earlier_keys))
            ).all()
            same = self._near_same(s, ids, sorted({cid for cid, _ in rows_e}))
            for cid, pk in rows_e:
                for node in same.get(cid, ()):
                    if pk not in concept_weeks[node][week_of[pk]]:
                        concept_weeks[node][week_of[pk]].append(pk)
        found = _foundations(s, have, [pk for pk, w in week_of.items() if week is not None and w < week])
        links: tuple[BuildsOn, ...] = tuple(builds_on(ids, week, concept_weeks, found))
        if not nodes and msg is None:
            msg = "no concepts found for " + ", ".join(have)
        return ConceptMap(week, have, missing, nodes, edges, links, msg, syl.version, paper)

    @staticmethod
    def _near_same(
        s: Session, nodes: list[int], others: list[int], threshold: float = SAME_COSINE
    ) -> dict[int, list[int]]:
        """For each of ``others``: the nodes it is the same concept as (same id, or label
        vectors with cosine >= threshold)."""
        import numpy as np

        from papermind.store.concept_models import Concept

        out: dict[int, list[int]] = defaultdict(list)
        node_set = set(nodes)
        for o in others:
            if o in node_set:
                out[o].append(o)
        vec = {
            cid: v
            for cid, v in s.execute(
                select(Concept.id, Concept.vector).where(Concept.id.in_([*nodes, *others]))
            )
            if v is not None
        }
        a = [n for n in nodes if n in vec]
        b = [o for o in others if o in vec and o not in node_set]
        if not a or not b:
            return out
        va = np.stack([np.frombuffer(vec[n], dtype="<f4") for n in a])
        vb = np.stack([np.frombuffer(vec[o], dtype="<f4") for o in b])
        sims = vb @ va.T
        for i, j in zip(*np.nonzero(sims >= threshold), strict=True):
            out[b[i]].append(a[j])
        return out

    def concept(self, concept_id: int, max_occurrences: int | None = None) -> ConceptDetail:
        from papermind.store.concept_models import Concept, ConceptOccurrence, ConceptPaper
        from papermind.store.models import Chunk, Paper

        self.ensure_built()
        with self._sessions() as s:
            c = s.get(Concept, concept_id)
            if c is None:
                raise NotFoundError(
                    f"there is no concept {concept_id}", "concept ids come from `papermind concepts --json`"
                )
            uses = tuple(
                PaperUse(pk, cp.label, cp.score, cp.rank, cp.n_occurrences, cp.definition, cp.definition_page)
                for cp, pk in s.execute(
                    select(ConceptPaper, Paper.key)
                    .join(Paper, Paper.id == ConceptPaper.paper_id)
                    .where(ConceptPaper.concept_id == concept_id)
                    .order_by(ConceptPaper.rank)
                )
            )
            q = (
                select(ConceptOccurrence, Paper.key, Chunk.text)
                .join(Paper, Paper.id == ConceptOccurrence.paper_id)
                .join(Chunk, Chunk.id == ConceptOccurrence.chunk_id)
                .where(ConceptOccurrence.concept_id == concept_id)
                .order_by(Paper.key, ConceptOccurrence.chunk_id, ConceptOccurrence.start)
            )
            occ = tuple(_distinct(((o, pk, text) for o, pk, text in s.execute(q)), max_occurrences))
            return ConceptDetail(
                c.id,
                c.label,
                tuple(c.aliases),
                c.definition,
                c.definition_paper,
                c.definition_page,
                uses,
                occ,
            )


def _foundations(s: Session, papers: tuple[str, ...], earlier: list[str]) -> set[str]:
    """The earlier papers that ``papers`` build on: cited in their references (the title's first
    six words, case and punctuation ignored) or published in an earlier year."""
    from papermind.store.models import Chunk, Paper

    if not papers or not earlier:
        return set()
    info = {k: (y, title) for k, y, title in s.execute(select(Paper.key, Paper.year, Paper.title))}
    refs = _words(
        " ".join(
            s.scalars(
                select(Chunk.text).join(Paper).where(Paper.key.in_(papers), Chunk.is_references.is_(True))
            )
        )
    )
    years = [y for k in papers if k in info and (y := info[k][0]) is not None]
    out = set()
    for k in earlier:
        year, title = info.get(k, (None, ""))
        head = " ".join(_words(title or "").split()[:6])
        if (year and years and year < min(years)) or (len(head) > 10 and head in refs):
            out.add(k)
    return out


def _words(text: str) -> str:
    import re

    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def _distinct(rows: Iterable[tuple[Any, str, str]], limit: int | None) -> Iterator[Occurrence]:
    """One occurrence per sentence: several uses of a term in one sentence, or the same sentence
    repeated in a paper (abstract and introduction), are listed once, at the first."""
    seen: set[tuple[str, str]] = set()
    n = 0
    for o, pk, text in rows:
        if limit is not None and n >= limit:
            return
        sentence = _sentence_at(text, o.start)
        key = (pk, " ".join(sentence.lower().split()))
        if key in seen:
            continue
        seen.add(key)
        n += 1
        yield Occurrence(pk, o.page, o.chunk_id, _snippet(text, o.start, o.end))


def _sentence_at(text: str, offset: int) -> str:
    from papermind.concepts.define import sentences

    for a, sent in sentences(text):
        if a <= offset < a + len(sent):
            return sent
    return text[max(0, offset - 70) : offset + 70]


def _snippet(text: str, start: int, end: int, width: int = 70) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    left = text[a:start].split(" ", 1)[-1] if a > 0 else text[a:start]
    right = text[end:b].rsplit(" ", 1)[0] if b < len(text) else text[end:b]
    return ("…" if a > 0 else "") + left + text[start:end] + right + ("…" if b < len(text) else "")
