"""The FTS5 full-text index over chunks (rowid = chunks.id, porter stemming).

It lives inside the SQLite database and is written in the same transaction as the chunks, so it
can't drift from them by a crash; ``rebuild`` recreates it from the chunks table regardless.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session


def available(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def add_chunks(session: Session, rows: Iterable[tuple[int, str, str]]) -> None:
    """rows: (chunk_id, text, section title)."""
    if not available(session):
        return
    session.execute(
        text("INSERT INTO chunks_fts(rowid, text, section) VALUES (:id, :text, :section)"),
        [{"id": i, "text": t, "section": s} for i, t, s in rows],
    )


def delete_paper(session: Session, paper_id: int) -> None:
    if not available(session):
        return
    session.execute(
        text("DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE paper_id = :p)"),
        {"p": paper_id},
    )


def rebuild(session: Session) -> int:
    if not available(session):
        return 0
    session.execute(text("DELETE FROM chunks_fts"))
    session.execute(
        text(
            "INSERT INTO chunks_fts(rowid, text, section) "
            "SELECT c.id, c.text, coalesce(s.title, '') FROM chunks c "
            "LEFT JOIN sections s ON s.id = c.section_id"
        )
    )
    session.execute(text("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')"))
    return session.execute(text("SELECT count(*) FROM chunks_fts")).scalar_one()


def count(session: Session) -> int:
    if not available(session):
        return 0
    return session.execute(text("SELECT count(*) FROM chunks_fts")).scalar_one()
