"""Looking papers up by key: the one place that says "no ingested paper with key ..."."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from papermind.errors import NotFoundError
from papermind.store.models import Paper


def paper_by_key(s: Session, key: str) -> Paper:
    """The ingested paper with this key, or NotFoundError listing the keys that are ingested."""
    paper = s.scalars(select(Paper).where(Paper.key == key)).first()
    if paper is None:
        known = ", ".join(s.scalars(select(Paper.key).order_by(Paper.key)).all()) or "none yet"
        raise NotFoundError(f"no ingested paper with key '{key}'", f"ingested papers: {known}")
    return paper
