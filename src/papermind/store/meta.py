"""Facts about the store kept in ``store_meta``: the ``corpus_version``, bumped in the same
transaction as every write of chunks or embeddings, so derived data (the FAISS file, the concept
maps) can tell whether it still matches the store."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from papermind.store.models import StoreMeta

CORPUS_VERSION = "corpus_version"


def corpus_version(conn: Session | Connection) -> int:
    """The store's corpus_version (0 before the first write); one primary-key read."""
    value = conn.execute(select(StoreMeta.value).where(StoreMeta.key == CORPUS_VERSION)).scalar()
    return int(value) if value is not None else 0


def bump_corpus_version(session: Session) -> int:
    row = session.get(StoreMeta, CORPUS_VERSION)
    if row is None:
        row = StoreMeta(key=CORPUS_VERSION, value="0")
        session.add(row)
    row.value = str(int(row.value) + 1)
    return int(row.value)
