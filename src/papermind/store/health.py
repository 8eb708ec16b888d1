"""``papermind db check`` and ``db repair``: what is wrong with a store, and rebuilding what can be.

The store's tables are of two kinds. Source data cannot be recreated by papermind: the papers'
text (``papers``, ``pages``, ``sections``, ``chunks``) and the students' history
(``quiz_attempts``, ``quiz_cards``). Derived data can: the full-text index (``chunks_fts``), the
``embeddings`` (the model re-embeds the stored chunks), ``store_meta``, the concept maps and the
FAISS file. ``check`` never writes and never runs migrations (a damaged store must still be
inspectable); ``repair`` rebuilds the derived parts and refuses, naming them, when source data is
lost or the file itself is corrupt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, inspect, text

from papermind.errors import StoreError

SOURCE_TABLES = ("papers", "pages", "sections", "chunks", "quiz_attempts", "quiz_cards")
DERIVED_TABLES = (
    "chunks_fts",
    "embeddings",
    "store_meta",
    "concepts",
    "concept_papers",
    "concept_occurrences",
    "concept_edges",
)
CONCEPT_TABLES = DERIVED_TABLES[3:]
FTS_CREATE = (
    "CREATE VIRTUAL TABLE chunks_fts USING fts5("
    "text, section, tokenize = 'porter unicode61 remove_diacritics 2')"
)  # as in migration 0001


T = TypeVar("T")


def with_raw_engine(db_url: str, job: Callable[[Engine, str], T]) -> T:
    """Run ``job(engine, label)`` on an engine that applies no migrations (the store may be damaged)."""
    from papermind.config import sqlite_path
    from papermind.store.engine import make_engine

    path = sqlite_path(db_url)
    if path is not None and not path.is_file():
        raise StoreError(f"no store at {path}", "check --db (or PAPERMIND_DB)")
    engine = make_engine(db_url)
    try:
        return job(engine, str(path) if path is not None else db_url)
    finally:
        engine.dispose()


@dataclass
class StoreHealth:
    db: str
    integrity: str  # "ok" or SQLite's first complaint
    revision: str | None  # alembic_version, None when the table is missing
    head: str
    missing_source: list[str] = field(default_factory=list)
    missing_derived: list[str] = field(default_factory=list)
    chunks: int = 0
    fts_rows: int | None = None
    embeddings: int | None = None
    index: str = ""  # the FAISS file: "current", "missing", a reason it is stale, or a problem
    problems: list[str] = field(default_factory=list)  # one line each
    repairable: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
        )  # table names are constants


def check(engine: Engine, index_path: Path, db_label: str) -> StoreHealth:
    """Inspect the store (read-only): integrity, schema revision, tables, counts, FAISS file."""
    from sqlalchemy.exc import DBAPIError

    from papermind.store.migrate import head_revision

    try:
        with engine.connect() as conn:
            integrity = str(conn.execute(text("PRAGMA integrity_check")).scalar())
            tables = set(inspect(conn).get_table_names())
            revision = (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if "alembic_version" in tables
                else None
            )
    except DBAPIError as exc:
        raise StoreError(
            f"{db_label} cannot be read as a database: {exc.orig or exc}",
            "restore a backup, or move the file away and re-ingest the papers into a new store",
        ) from exc
    h = StoreHealth(db=db_label, integrity=integrity, revision=revision, head=head_revision())
    if integrity != "ok":
        h.problems.append(f"SQLite integrity check failed: {integrity}")
        h.repairable = False
    if revision is None:
        h.problems.append("the schema version (alembic_version) is missing")
    elif revision != h.head:
        h.problems.append(
            f"schema revision {revision}, this papermind expects {h.head} (`papermind db upgrade`)"
        )
    h.missing_source = [t for t in SOURCE_TABLES if t not in tables]
    h.missing_derived = [t for t in DERIVED_TABLES if t not in tables]
    for t in h.missing_source:
        h.problems.append(f"table {t} is missing: its data is lost and cannot be rebuilt")
        h.repairable = False
    for t in h.missing_derived:
        h.problems.append(f"table {t} is missing (derived: `papermind db repair` rebuilds it)")
    if "chunks" in tables:
        h.chunks = _count(engine, "chunks")
    if "chunks_fts" in tables:
        h.fts_rows = _count(engine, "chunks_fts")
        if h.fts_rows != h.chunks:
            h.problems.append(f"the full-text index has {h.fts_rows} rows for {h.chunks} chunks")
    if "embeddings" in tables:
        h.embeddings = _count(engine, "embeddings")
        if h.embeddings != h.chunks:
            h.problems.append(f"{h.embeddings} embeddings for {h.chunks} chunks")
    h.index = _index_state(engine, index_path, h)
    if h.index not in ("current", "missing") and not h.index.startswith("not checked"):
        h.problems.append(f"the FAISS file {index_path.name}: {h.index}")
    return h


def _index_state(engine: Engine, index_path: Path, h: StoreHealth) -> str:
    meta = index_path.with_name(index_path.name + ".json")
    for p in (index_path, meta):
        if p.exists() and not p.is_file():
            return f"{p} is not a file (move it away; the index is rebuilt)"
    if not index_path.exists():
        return "missing"
    if h.missing_derived or h.missing_source:
        return "not checked (tables are missing)"
    from sqlalchemy.orm import Session

    from papermind.index import vectors

    with Session(engine) as s:
        ok, reason = vectors.is_current(index_path, s)
    return "current" if ok else f"stale ({reason}); rebuilt on the next search"


@dataclass
class RepairReport:
    recreated: list[str] = field(default_factory=list)
    fts_rows: int = 0
    embedded: int = 0
    vectors: int = 0
    stamped: str | None = None


def repair(
    engine: Engine,
    index_path: Path,
    db_label: str,
    rebuild_concepts: Callable[[], object],
) -> RepairReport:
    """Rebuild every derived part of the store from its chunks; StoreError if source data is lost."""
    h = check(engine, index_path, db_label)
    if not h.repairable:
        lost = [p for p in h.problems if "cannot be rebuilt" in p or "integrity" in p]
        raise StoreError(
            f"{db_label} cannot be repaired: " + "; ".join(lost),
            "restore a backup, or move the file away and re-ingest the papers into a new store "
            "(`papermind ingest`)",
        )
    for p in (index_path, index_path.with_name(index_path.name + ".json")):
        if p.exists() and not p.is_file():
            raise StoreError(f"{p} is not a file", "move it away (the FAISS index is derived and rebuilt)")
    report = RepairReport()
    _recreate(engine, h.missing_derived, report)
    if h.revision is None:
        with engine.begin() as conn:
            conn.execute(
                text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)")
            )
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": h.head})
        report.stamped = h.head
    from sqlalchemy.orm import Session

    from papermind.index import fts, vectors
    from papermind.store.meta import bump_corpus_version

    with Session(engine) as s, s.begin():
        report.fts_rows = fts.rebuild(s)
    report.embedded = _embed_missing(engine)
    with Session(engine) as s, s.begin():
        if report.embedded or "store_meta" in report.recreated:
            bump_corpus_version(s)
    with Session(engine) as s:
        report.vectors = vectors.rebuild(s, index_path).ntotal
    rebuild_concepts()
    return report


def _recreate(engine: Engine, missing: list[str], report: RepairReport) -> None:
    import papermind.store.all_models  # noqa: F401 - registers every table on Base.metadata
    from papermind.store.base import Base

    with engine.begin() as conn:
        for name in missing:
            if name == "chunks_fts":
                conn.execute(text(FTS_CREATE))
            else:
                Base.metadata.tables[name].create(conn)
            report.recreated.append(name)


def _embed_missing(engine: Engine, batch: int = 256) -> int:
    """Embed the chunks that have no embedding (all of them when the table was lost)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from papermind.embed import DIM, MODEL_NAME, embed_texts
    from papermind.index.chunk_text import text_for_embedding
    from papermind.store.models import Chunk, Embedding, Section

    with Session(engine) as s:
        rows = s.execute(
            select(Chunk.id, Chunk.text, Section.title)
            .outerjoin(Section, Section.id == Chunk.section_id)
            .outerjoin(Embedding, Embedding.chunk_id == Chunk.id)
            .where(Embedding.chunk_id.is_(None))
            .order_by(Chunk.id)
        ).all()
    done = 0
    for i in range(0, len(rows), batch):
        part = rows[i : i + batch]
        vecs = embed_texts([text_for_embedding(body, title) for _, body, title in part])
        with Session(engine) as s, s.begin():
            s.add_all(
                Embedding(
                    chunk_id=cid, model=MODEL_NAME, dim=DIM, vector=vecs[j].astype("<f4").tobytes(), norm=1.0
                )
                for j, (cid, _, _) in enumerate(part)
            )
        done += len(part)
    return done
