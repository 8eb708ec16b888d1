"""What a search reads about chunks and papers from the store: hit rows, references flags,
adjacent chunks, a paper's chunk ids, and the paper ids a paper/week filter allows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select, text

from papermind.store.papers import paper_by_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from papermind.syllabus import SyllabusSource


@dataclass(frozen=True)
class ChunkRow:
    id: int
    paper_id: int
    paper_key: str
    paper_title: str
    page: int
    page_end: int
    section: str | None
    is_references: bool
    text: str


def rows(s: Session, chunk_ids: list[int], with_text: bool = False) -> dict[int, ChunkRow]:
    """Hit metadata for the candidates (text only when asked: it is needed for the top k)."""
    out: dict[int, ChunkRow] = {}
    sql = text(
        "SELECT c.id, c.paper_id, p.key, p.title, c.page_start, c.page_end, s.number, s.title, "
        "c.is_references, CASE WHEN :t THEN c.text ELSE '' END FROM chunks c JOIN papers p ON p.id = c.paper_id "
        "LEFT JOIN sections s ON s.id = c.section_id WHERE c.id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    for i in range(0, len(chunk_ids), 500):
        params = {"ids": [int(c) for c in chunk_ids[i : i + 500]], "t": 1 if with_text else 0}
        for r in s.execute(sql, params).all():
            label = None if r[7] is None else (f"{r[6]} {r[7]}" if r[6] else r[7])
            out[int(r[0])] = ChunkRow(
                int(r[0]), int(r[1]), r[2], r[3], int(r[4]), int(r[5]), label, bool(r[8]), r[9]
            )
    return out


def references_among(s: Session, chunk_ids: list[int]) -> set[int]:
    """The references-section chunks among the candidates (one query, not one per chunk)."""
    from papermind.store.models import Chunk

    return set(
        s.scalars(
            select(Chunk.id).where(Chunk.id.in_([int(c) for c in chunk_ids]), Chunk.is_references)
        ).all()
    )


def neighbours(s: Session, chunk_ids: list[int]) -> dict[int, tuple[int, ...]]:
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
        c: tuple(n for d in (-1, 1) if (n := at.get((pid, o + d))) is not None) for c, (pid, o) in pos.items()
    }


def chunk_ids(s: Session, paper_ids: Sequence[int]) -> list[int]:
    """Every chunk id of the given papers."""
    from papermind.store.models import Chunk

    return list(s.scalars(select(Chunk.id).where(Chunk.paper_id.in_(list(paper_ids)))).all())


def scope(s: Session, syllabi: SyllabusSource, paper: str | None, week: int | None) -> list[int] | None:
    """Paper ids allowed by the filters (None = all)."""
    from papermind.store.models import Paper

    if paper is None and week is None:
        return None
    allowed: set[int] | None = None
    if paper is not None:
        allowed = {paper_by_key(s, paper).id}
    if week is not None:
        keys = syllabi.load().papers_for_week(int(week), include_discussed=True)
        ids = set(s.scalars(select(Paper.id).where(Paper.key.in_(keys))).all()) if keys else set()
        allowed = ids if allowed is None else allowed & ids
    return sorted(allowed or ())
