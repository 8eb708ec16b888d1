"""From the store's chunks to each paper's ranked concepts (no writes; ``service`` stores them).

``load_corpus`` reads the papers' non-reference text; ``extract_corpus`` runs candidate
collection, folding, scoring and definition finding for every paper against the whole corpus
(acronyms defined in one paper help fold another's; specificity compares papers)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from papermind.concepts.collect import collect
from papermind.concepts.define import Definition, find_definition
from papermind.concepts.fold import find_acronyms, fold
from papermind.concepts.names import name_tokens
from papermind.concepts.rank import merge_variants, score_terms
from papermind.concepts.sections import is_evaluation
from papermind.concepts.terms import ChunkText, Term
from papermind.concepts.tokens import token_filter

KEEP_PER_PAPER = 80  # concepts stored per paper (maps show the top 25 by default)
DEFINE_TOP = 120  # concepts per paper that get a defining sentence looked up


@dataclass
class PaperText:
    id: int
    key: str
    title: str
    authors: list[str]
    chunks: list[ChunkText] = field(default_factory=list)
    ordinal: dict[int, int] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)


@dataclass
class PaperConcept:
    term: Term
    definition: Definition | None
    rank: int


def load_corpus(s: Session) -> list[PaperText]:
    from papermind.store.models import Chunk, Page, Paper, Section

    papers = {
        p.id: PaperText(p.id, p.key, p.title, list(p.authors or []))
        for p in s.scalars(select(Paper).order_by(Paper.id))
    }
    sections: dict[int, tuple[str, str, bool]] = {}
    top_title, last_paper = "", None
    for sid, pid, kind, title, level in s.execute(
        select(Section.id, Section.paper_id, Section.kind, Section.title, Section.level).order_by(
            Section.paper_id, Section.ordinal
        )
    ):
        if pid != last_paper or level <= 1:
            top_title, last_paper = title, pid
        sections[sid] = (kind, title, is_evaluation(top_title, title, papers[pid].title))
    page_len: dict[tuple[int, int], int] = {}
    for pid, n, text in s.execute(select(Page.paper_id, Page.number, Page.text)):
        page_len[(pid, n)] = len(text)
    rows = s.execute(
        select(
            Chunk.id,
            Chunk.paper_id,
            Chunk.section_id,
            Chunk.ordinal,
            Chunk.text,
            Chunk.page_start,
            Chunk.page_end,
            Chunk.char_start,
            Chunk.is_references,
        ).order_by(Chunk.paper_id, Chunk.ordinal)
    )
    for cid, pid, section_id, ordinal, text, ps, pe, cs, is_ref in rows:
        p = papers[pid]
        kind, heading, evaluation = (
            sections.get(section_id, ("body", "", False)) if section_id else ("body", "", False)
        )
        if is_ref or kind == "references":
            p.references.append(text)
            continue
        if kind == "front":
            continue
        first = page_len.get((pid, ps), 0) - cs
        p.chunks.append(ChunkText(cid, p.key, text, ps, pe, first, kind, section_id, heading, evaluation))
        p.ordinal[cid] = ordinal
    return list(papers.values())


def _pieces(words: set[str]) -> dict[str, int]:
    """Word pieces per word in the embedding model's vocabulary (2+ = a rarer word)."""
    from papermind.embed import tokenizer

    ws = sorted(words)
    enc = tokenizer().encode_batch(ws, add_special_tokens=False)
    return {w: len(e.ids) for w, e in zip(ws, enc, strict=True)}


def _section_starts(p: PaperText, acronyms: dict[str, str]) -> dict[str, list[ChunkText]]:
    """The first chunk of each method section, by the folded key of its whole heading (a part
    of "Embeddings and Softmax" is not what the section's first sentence defines)."""
    out: dict[str, list[ChunkText]] = defaultdict(list)
    seen: set[int | None] = set()
    for c in p.chunks:
        if c.section in seen or not c.heading or c.evaluation or c.kind != "body":
            continue
        seen.add(c.section)
        out[fold(c.heading, acronyms)].append(c)
    return out


def extract_corpus(
    papers: list[PaperText], keep: int = KEEP_PER_PAPER, define_top: int = DEFINE_TOP
) -> dict[str, list[PaperConcept]]:
    papers = [p for p in papers if p.chunks]
    acronyms = {p.key: find_acronyms(" ".join(c.text for c in p.chunks)) for p in papers}
    shared: dict[str, str] = {}
    for acr in acronyms.values():
        for short, long in acr.items():
            shared.setdefault(short, long)
    names = name_tokens(
        (a for p in papers for a in p.authors),
        (c.text for p in papers for c in p.chunks),
        (r for p in papers for r in p.references),
    )
    bad = token_filter(names)
    terms = {
        p.key: merge_variants(collect(p.chunks, {**shared, **acronyms[p.key]}, names, p.title, bad))
        for p in papers
    }
    use: dict[str, dict[str, float]] = defaultdict(dict)  # uses of its own, not inside longer terms
    rate: dict[str, dict[str, float]] = defaultdict(dict)  # the same per chunk of the paper
    for p in papers:
        for k, t in terms[p.key].items():
            use[k][p.key] = min(1.0, t.free / 3.0)
            rate[k][p.key] = t.free / len(p.chunks)
    pieces = _pieces({w for ts in terms.values() for k in ts for w in k.split() if " " not in w})
    out: dict[str, list[PaperConcept]] = {}
    for p in papers:
        ts = terms[p.key]
        # another paper's use counts in full when it uses the term at least half as often (per
        # chunk) as this one; a passing use of this paper's central term counts proportionally
        others = {
            k: sum(
                min(v, rate[k][pk] / (0.5 * rate[k][p.key])) if rate[k][p.key] > 0 else v
                for pk, v in use[k].items()
                if pk != p.key
            )
            for k in ts
        }
        scored = score_terms(ts, others, len(papers), pieces)
        # definitions are looked up for the leading terms and for any term the paper puts in its
        # title, abstract or a heading (a term other papers use a lot can still be this one's own)
        ranked = scored[:define_top] + [
            t for t in scored[define_top:] if t.in_title or t.in_abstract or t.is_heading
        ]
        by_id = {c.id: c for c in p.chunks}
        acr = {**shared, **acronyms[p.key]}
        heads = _section_starts(p, acr)
        defs: dict[str, Definition | None] = {}
        for t in ranked:
            where = [
                (cid, p.ordinal[cid], by_id[cid].kind, by_id[cid].text, by_id[cid].page_start)
                for cid in sorted(t.chunks, key=p.ordinal.__getitem__)
            ]
            # sections headed by the term or by a spelling of it ("Position-wise Feed-Forward Networks")
            starts = {c.id: c for k in {t.key, *(fold(x, acr) for x in t.surfaces)} for c in heads.get(k, ())}
            headed = [(c.id, p.ordinal[c.id], c.kind, c.text, c.page_start) for c in starts.values()]
            d = defs[t.key] = find_definition(list(t.surfaces), where, headed)
            t.defined = d.strength if d else 0
        # a paper that defines a term marks it as one of its concepts: score again
        ranked = score_terms({t.key: t for t in ranked}, others, len(papers), pieces)[:keep]
        rows = [PaperConcept(t, defs.get(t.key), i + 1) for i, t in enumerate(ranked)]
        out[p.key] = rows
    return out
