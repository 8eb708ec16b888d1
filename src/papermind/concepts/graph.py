"""Concept maps as data, and the pure functions that build them: node selection across papers,
co-occurrence edges (normalised PMI over chunks), similarity edges (label embeddings) and
"builds on" links to earlier weeks."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Node:
    id: int
    label: str
    aliases: tuple[str, ...]
    score: float
    papers: tuple[str, ...]
    definition: str | None
    n_occurrences: int
    definition_paper: str | None = None  # where the definition comes from (a map prefers its own
    definition_page: int | None = None  # papers' definition of a term over another paper's)


@dataclass(frozen=True)
class Edge:
    a: int
    b: int
    weight: float
    kind: str  # "cooccur" | "similar"
    relation: str = ""  # what relates them, for a map: "defines" | "contrasts" | "uses" | "similar"


@dataclass(frozen=True)
class BuildsOn:
    concept_id: int
    week: int
    papers: tuple[str, ...]
    relation: str = "builds on"  # "builds on" (an earlier week's paper that this one cites or
    # postdates) | "also in" (the same concept in another week's paper)


@dataclass(frozen=True)
class ConceptMap:
    week: int | None
    papers: tuple[str, ...]
    missing_papers: tuple[str, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    builds_on: tuple[BuildsOn, ...]
    message: str | None = None
    version: str | None = None
    paper: str | None = None  # set for a paper's own map

    def node(self, concept_id: int) -> Node | None:
        return next((n for n in self.nodes if n.id == concept_id), None)

    def links_of(self, concept_id: int) -> list[tuple[Edge, int]]:
        """(edge, other end) for one node, strongest first."""
        out = [(e, e.b if e.a == concept_id else e.a) for e in self.edges if concept_id in (e.a, e.b)]
        return sorted(out, key=lambda x: -x[0].weight)


@dataclass(frozen=True)
class Occurrence:
    paper_key: str
    page: int
    chunk_id: int
    snippet: str


@dataclass(frozen=True)
class PaperUse:
    paper_key: str
    label: str
    score: float
    rank: int
    n_occurrences: int
    definition: str | None
    definition_page: int | None


@dataclass(frozen=True)
class ConceptDetail:
    id: int
    label: str
    aliases: tuple[str, ...]
    definition: str | None
    definition_paper: str | None
    definition_page: int | None
    papers: tuple[PaperUse, ...]
    occurrences: tuple[Occurrence, ...]


def merge_scores(
    per_paper: Mapping[str, Sequence[tuple[int, float]]],
    top: int,
) -> list[tuple[int, float, tuple[str, ...]]]:
    """Rank concepts across papers: each paper's scores are scaled to its best (so every paper
    weighs the same) and summed. Returns (concept id, score, papers) best first."""
    total: dict[int, float] = defaultdict(float)
    papers: dict[int, list[str]] = defaultdict(list)
    for key, rows in per_paper.items():
        best = max((s for _, s in rows), default=0.0) or 1.0
        for cid, s in rows:
            total[cid] += 100.0 * s / best
            papers[cid].append(key)
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [(cid, round(s, 2), tuple(papers[cid])) for cid, s in ranked]


def cooccur_edges(
    chunk_sets: Mapping[int, set[int]],
    n_chunks: int,
    *,
    min_count: int = 2,
    min_npmi: float = 0.1,
    per_node: int | None = 5,
) -> list[Edge]:
    """Edges between concepts that share chunks more often than chance: weight = normalised
    PMI, npmi = log(p(ab) / p(a)p(b)) / -log p(ab), in (0, 1]. Each node keeps its
    ``per_node`` strongest edges (an edge stays when either end keeps it)."""
    if n_chunks <= 0:
        return []
    ids = sorted(chunk_sets)
    cand: list[Edge] = []
    for i, a in enumerate(ids):
        sa = chunk_sets[a]
        if not sa:
            continue
        for b in ids[i + 1 :]:
            sb = chunk_sets[b]
            n_ab = len(sa & sb)
            if n_ab < min_count:
                continue
            p_ab = n_ab / n_chunks
            if p_ab >= 1.0:
                continue
            pmi = math.log(p_ab / ((len(sa) / n_chunks) * (len(sb) / n_chunks)))
            npmi = pmi / -math.log(p_ab)
            if npmi >= min_npmi:
                cand.append(Edge(a, b, round(npmi, 3), "cooccur"))
    return _keep_strongest(cand, per_node)


def similar_edges(
    ids: Sequence[int],
    vectors: np.ndarray,
    *,
    threshold: float = 0.6,
    per_node: int | None = 3,
    exclude: set[tuple[int, int]] | None = None,
) -> list[Edge]:
    """Edges between concepts whose label embeddings (L2-normalised) have cosine >= threshold."""
    if len(ids) < 2:
        return []
    sims = vectors @ vectors.T
    cand = []
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            s = float(sims[i, j])
            a, b = sorted((ids[i], ids[j]))
            if s >= threshold and not (exclude and (a, b) in exclude):
                cand.append(Edge(a, b, round(s, 3), "similar"))
    return _keep_strongest(cand, per_node)


def _keep_strongest(edges: list[Edge], per_node: int | None) -> list[Edge]:
    if per_node is None:
        return sorted(edges, key=lambda e: (-e.weight, e.a, e.b))
    by_node: dict[int, list[Edge]] = defaultdict(list)
    for e in edges:
        by_node[e.a].append(e)
        by_node[e.b].append(e)
    keep: set[tuple[int, int]] = set()
    for es in by_node.values():
        for e in sorted(es, key=lambda e: -e.weight)[:per_node]:
            keep.add((e.a, e.b))
    return sorted((e for e in edges if (e.a, e.b) in keep), key=lambda e: (-e.weight, e.a, e.b))


def strongest_links(edges: Sequence[Edge], per_node: int = 4) -> list[Edge]:
    """Keep each node's ``per_node`` strongest edges (of either kind)."""
    return _keep_strongest(list(edges), per_node)


def builds_on(
    node_ids: Sequence[int],
    week: int | None,
    concept_weeks: Mapping[int, Mapping[int, Sequence[str]]],
    foundations: Collection[str] = (),
) -> list[BuildsOn]:
    """Links from this week's concepts to the same concepts in other weeks' papers: "builds on"
    for an earlier week whose paper is one of ``foundations`` (cited by this week's papers, or
    published before them), "also in" otherwise (a later week, or an earlier one that is not
    known to come first)."""
    if week is None:
        return []
    out = []
    for cid in node_ids:
        for w, keys in sorted(concept_weeks.get(cid, {}).items()):
            if w == week or not keys:
                continue
            found = w < week and any(k in foundations for k in keys)
            out.append(BuildsOn(cid, w, tuple(sorted(keys)), "builds on" if found else "also in"))
    return out


def relation(edge: Edge, a: Node, b: Node) -> str:
    """What relates two linked concepts: one's definition names the other ("defines"), two
    kinds of one thing ("internal" / "external fragmentation": "contrasts"), label embeddings
    alike ("similar"), else they are used together ("uses")."""

    def names(definition: str | None, n: Node) -> bool:
        if not definition:
            return False
        low = definition.lower()
        return any(f for f in (n.label, *n.aliases) if len(f) > 2 and f.lower() in low)

    if names(a.definition, b) or names(b.definition, a):
        return "defines"
    wa, wb = a.label.lower().split(), b.label.lower().split()
    if len(wa) == len(wb) == 2 and wa[1] == wb[1] and wa[0] != wb[0]:
        return "contrasts"
    return "similar" if edge.kind == "similar" else "uses"


def labelled(edges: Sequence[Edge], nodes: Sequence[Node]) -> list[Edge]:
    by_id = {n.id: n for n in nodes}
    return [
        Edge(e.a, e.b, e.weight, e.kind, relation(e, by_id[e.a], by_id[e.b]))
        if e.a in by_id and e.b in by_id
        else e
        for e in edges
    ]
