"""Library service (``pm.library``): list papers, read pages, rebuild indexes, fetch PDFs.

Ingesting is ``Papermind.ingest`` (the pipeline, then index sync and concept rebuild)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from papermind.errors import NotFoundError
from papermind.store.papers import paper_by_key

if TYPE_CHECKING:
    from papermind.corpus import ReadingList
    from papermind.fetch import FetchResult
    from papermind.index.vector_index import VectorIndex
    from papermind.store.engine import SessionFactory
    from papermind.store.models import Paper


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
    sentences: int = 0  # sentences embedded for query-vector snippets (set by Papermind.reindex)


class LibraryService:
    def __init__(
        self,
        sessions: SessionFactory,
        vector_index: VectorIndex,
        reading_list: ReadingList,
        corpus_dir: Path,
    ) -> None:
        self._sessions = sessions
        self._vector_index = vector_index
        self._reading_list = reading_list
        self._corpus_dir = corpus_dir

    # -- papers --------------------------------------------------------------------------
    def papers(self) -> list[PaperInfo]:
        from papermind.store.models import Chunk, Paper, Section

        with self._sessions() as s:
            nchunks = dict(s.execute(select(Chunk.paper_id, func.count()).group_by(Chunk.paper_id)).all())
            nsec = dict(s.execute(select(Section.paper_id, func.count()).group_by(Section.paper_id)).all())
            papers = s.scalars(select(Paper).order_by(Paper.key)).all()
            return [self._info(p, nchunks.get(p.id, 0), nsec.get(p.id, 0)) for p in papers]

    @staticmethod
    def _info(p: Paper, nchunks: int, nsec: int) -> PaperInfo:
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

    def paper(self, key: str) -> PaperDetail:
        from papermind.store.models import Chunk

        with self._sessions() as s:
            p = paper_by_key(s, key)
            n = s.execute(select(func.count()).select_from(Chunk).where(Chunk.paper_id == p.id)).scalar_one()
            secs = [SectionInfo(x.number, x.title, x.level, x.kind, x.page_start) for x in p.sections]
            return PaperDetail(info=self._info(p, n, len(secs)), sections=secs)

    def is_ingested(self, key: str) -> bool:
        from papermind.store.models import Paper

        with self._sessions() as s:
            return s.execute(select(Paper.id).where(Paper.key == key)).first() is not None

    def page(self, key: str, number: int) -> PageView:
        from papermind.store.models import Page, Section

        with self._sessions() as s:
            p = paper_by_key(s, key)
            page = s.scalars(select(Page).where(Page.paper_id == p.id, Page.number == number)).first()
            if page is None:
                raise NotFoundError(f"'{key}' has no page {number}", f"pages run from 1 to {p.num_pages}")
            # in force at the top of the page: the last one begun before it (or at its very top)
            sec = s.scalars(
                select(Section)
                .where(
                    Section.paper_id == p.id,
                    (Section.page_start < number)
                    | ((Section.page_start == number) & (Section.char_start == 0)),
                )
                .order_by(Section.page_start.desc(), Section.char_start.desc())
            ).first()
            return PageView(key, p.title, number, p.num_pages, page.text, sec.label if sec else None)

    def page_text(self, key: str, number: int) -> str | None:
        """The cleaned text of a page, or None when the paper or page is not in the store."""
        from papermind.store.models import Page, Paper

        with self._sessions() as s:
            return s.execute(
                select(Page.text).join(Paper).where(Paper.key == key, Page.number == number)
            ).scalar_one_or_none()

    # -- indexes -------------------------------------------------------------------------
    def reindex(self) -> ReindexReport:
        """Rebuild the FTS5 and FAISS indexes from the store."""
        import time

        from papermind.index import fts
        from papermind.store.models import Chunk

        t = time.perf_counter()
        with self._sessions() as s:
            rows = fts.rebuild(s)
            n = s.execute(select(func.count()).select_from(Chunk)).scalar_one()
        vectors, kind = self._vector_index.rebuild()
        return ReindexReport(n, rows, vectors, kind, time.perf_counter() - t)

    # -- fetch ---------------------------------------------------------------------------
    def fetch(
        self,
        keys: list[str] | None = None,
        dest: Path | None = None,
        base_url: str | None = None,
        progress: Callable[[str, int], None] | None = None,
    ) -> list[FetchResult]:
        from papermind.fetch import fetch_papers

        return fetch_papers(
            self._reading_list.papers(), keys, dest or self._corpus_dir / "papers", base_url, progress
        )
