"""Library service (``pm.library``): ingest, list papers, read pages, rebuild indexes, fetch."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import func, select

from papermind.errors import NotFoundError

T = TypeVar("T")

if TYPE_CHECKING:
    import faiss
    from sqlalchemy import Engine

    from papermind.api import Papermind
    from papermind.fetch import FetchResult
    from papermind.ingest.pipeline import IngestReport, ProgressFn
    from papermind.store.health import RepairReport, StoreHealth


@dataclass(frozen=True)
class SectionInfo:
    number: str | None
    title: str
    level: int
    kind: str
    page_start: int

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class PaperInfo:
    key: str
    title: str
    authors: list[str]
    year: int | None
    venue: str | None
    arxiv_id: str | None
    num_pages: int
    num_chunks: int
    num_sections: int
    ingested_at: datetime
    source_path: str
    sha256: str
    metadata_source: str


@dataclass(frozen=True)
class PaperDetail:
    info: PaperInfo
    sections: list[SectionInfo] = field(default_factory=list)


@dataclass(frozen=True)
class PageView:
    paper_key: str
    paper_title: str
    number: int
    num_pages: int
    text: str
    section: str | None  # the section in force at the top of the page


@dataclass(frozen=True)
class ReindexReport:
    chunks: int
    fts_rows: int
    vectors: int
    index_kind: str
    seconds: float


class LibraryService:
    def __init__(self, api: Papermind) -> None:
        self.api = api
        self._index: faiss.Index | None = None
        self._index_version: str | None = None  # the corpus_version the cached index matches
        self._index_lock = threading.Lock()

    # -- ingest --------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path] | None = None,
        progress: ProgressFn | None = None,
        *,
        force: bool = False,
        replace: bool = False,
    ) -> IngestReport:
        """Ingest files and folders. A paper whose content changed is replaced only with
        ``replace``. A SIGINT/SIGTERM (main thread) ends the run between files and is always
        reported as ``interrupted``; one writer at a time per store."""
        from papermind.ingest import pipeline
        from papermind.interrupt import interrupt_flag
        from papermind.store.lock import writer_lock

        targets = list(paths) if paths else [self.api.settings.corpus_dir / "papers"]
        with interrupt_flag() as flag, writer_lock(self.api.settings.db_url, "ingest"):
            report = pipeline.run(self.api, targets, progress, force=force, replace=replace, stop=flag)
            if report.changed:
                self._after_change()
            if flag.is_set():
                report.interrupted = True
        return report

    def _after_change(self) -> None:
        """Derived data beyond the indexes (e.g. concept maps) is refreshed after a change."""
        for hook in self.api.after_ingest_hooks():
            hook()

    # -- papers --------------------------------------------------------------------------
    def papers(self) -> list[PaperInfo]:
        from papermind.store.models import Chunk, Paper, Section

        with self.api.session() as s:
            nchunks = dict(s.execute(select(Chunk.paper_id, func.count()).group_by(Chunk.paper_id)).all())
            nsec = dict(s.execute(select(Section.paper_id, func.count()).group_by(Section.paper_id)).all())
            papers = s.scalars(select(Paper).order_by(Paper.key)).all()
            return [self._info(p, nchunks.get(p.id, 0), nsec.get(p.id, 0)) for p in papers]

    @staticmethod
    def _info(p, nchunks: int, nsec: int) -> PaperInfo:  # type: ignore[no-untyped-def]
        return PaperInfo(
            key=p.key,
            title=p.title,
            authors=list(p.authors or []),
            year=p.year,
            venue=p.venue,
            arxiv_id=p.arxiv_id,
            num_pages=p.num_pages,
            num_chunks=nchunks,
            num_sections=nsec,
            ingested_at=p.ingested_at,
            source_path=p.source_path,
            sha256=p.sha256,
            metadata_source=p.metadata_source,
        )

    def _paper_row(self, s, key: str):  # type: ignore[no-untyped-def]
        from papermind.store.models import Paper

        paper = s.scalars(select(Paper).where(Paper.key == key)).first()
        if paper is None:
            known = ", ".join(s.scalars(select(Paper.key).order_by(Paper.key)).all()) or "none yet"
            raise NotFoundError(f"no ingested paper with key '{key}'", f"ingested papers: {known}")
        return paper

    def paper(self, key: str) -> PaperDetail:
        from papermind.store.models import Chunk

        with self.api.session() as s:
            p = self._paper_row(s, key)
            n = s.execute(select(func.count()).select_from(Chunk).where(Chunk.paper_id == p.id)).scalar_one()
            secs = [SectionInfo(x.number, x.title, x.level, x.kind, x.page_start) for x in p.sections]
            return PaperDetail(info=self._info(p, n, len(secs)), sections=secs)

    def is_ingested(self, key: str) -> bool:
        from papermind.store.models import Paper

        with self.api.session() as s:
            return s.execute(select(Paper.id).where(Paper.key == key)).first() is not None

    def page(self, key: str, number: int) -> PageView:
        from papermind.store.models import Page, Section

        with self.api.session() as s:
            p = self._paper_row(s, key)
            page = s.scalars(select(Page).where(Page.paper_id == p.id, Page.number == number)).first()
            if page is None:
                raise NotFoundError(f"'{key}' has no page {number}", f"pages run from 1 to {p.num_pages}")
            sec = s.scalars(
                select(Section)
                .where(Section.paper_id == p.id, Section.page_start <= number)
                .order_by(Section.page_start.desc(), Section.char_start.desc())
            ).first()
            return PageView(key, p.title, number, p.num_pages, page.text, sec.label if sec else None)

    def page_text(self, key: str, number: int) -> str | None:
        """The cleaned text of a page, or None when the paper or page is not in the store."""
        from papermind.store.models import Page, Paper

        with self.api.session() as s:
            return s.execute(
                select(Page.text).join(Paper).where(Paper.key == key, Page.number == number)
            ).scalar_one_or_none()

    # -- indexes -------------------------------------------------------------------------
    def reindex(self) -> ReindexReport:
        """Rebuild the FTS5 and FAISS indexes from the store."""
        import time

        from papermind.index import fts, vectors
        from papermind.store.lock import writer_lock
        from papermind.store.models import Chunk

        t = time.perf_counter()
        with writer_lock(self.api.settings.db_url, "reindex"):
            with self.api.session() as s:
                rows = fts.rebuild(s)
                n = s.execute(select(func.count()).select_from(Chunk)).scalar_one()
            with self._index_lock, self.api.session() as s:
                index = vectors.rebuild(s, self.api.settings.index_path)
                self._index, self._index_version = index, None  # the next search re-checks the file
                kind = vectors.expected_meta(s).kind
        return ReindexReport(n, rows, index.ntotal, kind, time.perf_counter() - t)

    def sync_vector_index(self) -> bool:
        """Make the FAISS file match the store; True when it had to be rebuilt."""
        from papermind.index import vectors

        with self._index_lock, self.api.session() as s:
            ok, _ = vectors.is_current(self.api.settings.index_path, s)
            if ok:
                return False
            self._index = vectors.rebuild(s, self.api.settings.index_path)
            self._index_version = None  # the next search re-checks the file (it may be gone)
            return True

    def vector_index(self) -> tuple[faiss.Index, bool, str]:
        """The FAISS index for search, checked against the store (rebuilt when stale).

        Cached in memory and re-validated whenever the store's corpus_version changes (every
        write of chunks or embeddings bumps it in the same transaction); the per-query check is
        one primary-key read. Returns (index, rebuilt?, reason)."""
        from papermind.index import vectors

        with self._index_lock:
            with self.api.engine.connect() as conn:
                version = _corpus_version(conn)
            if self._index is not None and self._index_version == version:
                return self._index, False, "cached"
            with self.api.session() as s:
                index, rebuilt, reason = vectors.load_or_rebuild(s, self.api.settings.index_path)
            self._index, self._index_version = index, version
            return index, rebuilt, reason

    # -- store health ------------------------------------------------------------------------
    def check_store(self) -> StoreHealth:
        """What is wrong with the store (read-only; works on a store too damaged to open)."""
        from papermind.store import health

        return self._with_raw_engine(
            lambda engine: health.check(engine, self.api.settings.index_path, self._label)
        )

    def repair_store(self) -> RepairReport:
        """Rebuild the derived tables, embeddings, FAISS file and concept maps from the chunks."""
        from papermind.store import health
        from papermind.store.lock import writer_lock

        with writer_lock(self.api.settings.db_url, "repair"), self._index_lock:
            report = self._with_raw_engine(
                lambda engine: health.repair(
                    engine, self.api.settings.index_path, self._label, self._after_change
                )
            )
            self._index, self._index_version = None, None
        return report

    @property
    def _label(self) -> str:
        from papermind.config import sqlite_path

        path = sqlite_path(self.api.settings.db_url)
        return str(path) if path is not None else self.api.settings.db_url

    def _with_raw_engine(self, job: Callable[[Engine], T]) -> T:
        """Run ``job`` on an engine that applies no migrations (the store may be damaged)."""
        from papermind.config import sqlite_path
        from papermind.errors import StoreError
        from papermind.store.engine import make_engine

        path = sqlite_path(self.api.settings.db_url)
        if path is not None and not path.is_file():
            raise StoreError(f"no store at {path}", "check --db (or PAPERMIND_DB)")
        engine = make_engine(self.api.settings.db_url)
        try:
            return job(engine)
        finally:
            engine.dispose()

    # -- fetch ---------------------------------------------------------------------------
    def fetch(
        self,
        keys: list[str] | None = None,
        dest: Path | None = None,
        base_url: str | None = None,
        progress=None,
    ) -> list[FetchResult]:  # type: ignore[no-untyped-def]
        from papermind.fetch import fetch_papers
        from papermind.ingest.metadata import load_reading_list

        reading_list = load_reading_list(self.api.settings.corpus_dir)
        return fetch_papers(
            reading_list, keys, dest or self.api.settings.corpus_dir / "papers", base_url, progress
        )


def _corpus_version(conn) -> str | None:  # type: ignore[no-untyped-def]
    """The store's corpus_version as stored (one primary-key read on a Connection or Session;
    ``index.vectors.corpus_version`` is the ORM form)."""
    from sqlalchemy import text

    return conn.execute(text("SELECT value FROM store_meta WHERE key = 'corpus_version'")).scalar()
