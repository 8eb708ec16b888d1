"""The library facade: the one API that the CLI and the TUI call, and the one place that wires
the services together.

``Papermind`` owns the settings, the engine (opened lazily; pending migrations are applied on
open), the reading list, the FAISS index (``VectorIndex``) and one service object per domain,
each created on first use and given what it needs when it is built:

- ``pm.ingest()``  ingest PDFs, then sync the FAISS file and rebuild the concept maps
- ``pm.reindex()`` rebuild FTS and FAISS, and embed the sentences that pick snippets by meaning
- ``pm.library``   papers, pages, reindex, fetch                   (papermind.library)
- ``pm.search``    hybrid/dense/bm25 search, more-like-this       (papermind.search.service)
- ``pm.schedule``  the syllabus as rows, with quizzes due          (papermind.syllabus_service)
- ``pm.concepts``  concept extraction and week maps                (papermind.concepts.service)
- ``pm.quiz``      banks, grading, attempts, FSRS, stats           (papermind.quiz.service)
- ``pm.classroom`` results export/import, class stats, agenda, grades (papermind.classroom.service)

No service imports this module or reaches a sibling through it. Neither shell touches the ORM,
FAISS or SQL: they call these services and get plain dataclasses.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from papermind.config import Settings

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

    from papermind.classroom.service import ClassService
    from papermind.concepts.service import ConceptService
    from papermind.corpus import ReadingList
    from papermind.embed import ExportListener
    from papermind.index.vector_index import VectorIndex
    from papermind.ingest.pipeline import IngestReport, ProgressFn
    from papermind.library import LibraryService, ReindexReport
    from papermind.quiz.service import QuizService
    from papermind.search.service import SearchService
    from papermind.store.health import RepairReport, StoreHealth
    from papermind.syllabus import SyllabusSource
    from papermind.syllabus_service import ScheduleService


class Papermind:
    def __init__(
        self,
        db: str | os.PathLike[str] | None = None,
        *,
        corpus: str | os.PathLike[str] | None = None,
        quizzes: str | os.PathLike[str] | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings or Settings.resolve(db, corpus, quizzes)
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._open_lock = threading.Lock()

    # -- store -------------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._open_lock:
                if self._engine is None:
                    from sqlalchemy.exc import SQLAlchemyError

                    from papermind.errors import StoreError
                    from papermind.store.engine import make_engine, make_sessionmaker
                    from papermind.store.migrate import ensure_schema

                    engine = make_engine(self.settings.db_url)
                    try:
                        ensure_schema(engine)
                    except SQLAlchemyError as exc:
                        engine.dispose()
                        raise StoreError(
                            f"cannot open the database {self.settings.db_url}: {getattr(exc, 'orig', None) or exc}",
                            "is it a papermind database? Point --db (or PAPERMIND_DB) at another "
                            "file, or move this one away to start afresh",
                        ) from exc
                    self._sessions = make_sessionmaker(engine)
                    self._engine = engine
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on error."""
        from papermind.store.engine import session_scope

        self.engine  # noqa: B018 - opens and migrates on first use
        assert self._sessions is not None
        with session_scope(self._sessions) as s:
            yield s

    def upgrade(self) -> tuple[str | None, str | None]:
        """Apply pending migrations explicitly (``papermind db upgrade``)."""
        from papermind.store.engine import make_engine
        from papermind.store.migrate import upgrade

        engine = self._engine or make_engine(self.settings.db_url)
        return upgrade(engine)

    def connect(self) -> Connection:
        """A bare connection (the vector index's per-query version read)."""
        return self.engine.connect()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Papermind:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the encoder -------------------------------------------------------------------------
    @staticmethod
    def on_model_export(listener: ExportListener) -> Callable[[], None]:
        """Hear when the search model has to be prepared before its first use in this
        ``$PAPERMIND_HOME`` (the one-time ONNX export: seconds) and when that is done, so a shell
        can say why it waits; returns a function that stops the notices (``embed.on_export``)."""
        from papermind.embed import on_export

        return on_export(listener)

    # -- shared parts ------------------------------------------------------------------------
    @cached_property
    def reading_list(self) -> ReadingList:
        from papermind.corpus import ReadingList

        return ReadingList(self.settings.corpus_dir / "papers.toml")

    @cached_property
    def syllabi(self) -> SyllabusSource:
        from papermind.syllabus import SyllabusSource

        return SyllabusSource(self.settings.corpus_dir / "syllabus.toml", self.reading_list)

    @cached_property
    def vector_index(self) -> VectorIndex:
        from papermind.index.vector_index import VectorIndex

        return VectorIndex(self.session, self.connect, self.settings.index_path)

    # -- ingest --------------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | Path] | None = None,
        progress: ProgressFn | None = None,
        *,
        force: bool = False,
        replace: bool = False,
    ) -> IngestReport:
        """Ingest PDFs (default: the corpus folder's papers/), sync the FAISS file with the store,
        and when anything changed rebuild the concept maps (derived from the chunks).

        A paper whose content changed is replaced only with ``replace``. A SIGINT/SIGTERM (main
        thread) ends the run between files and is always reported as ``interrupted``; one writer
        at a time per store (``store.lock``)."""
        from papermind.ingest import pipeline
        from papermind.interrupt import interrupt_flag
        from papermind.store.lock import writer_lock

        targets = list(paths) if paths else [self.settings.corpus_dir / "papers"]
        with interrupt_flag() as flag, writer_lock(self.settings.db_url, "ingest"):
            report = pipeline.run(
                self.session,
                self.vector_index,
                self.reading_list.papers(),
                targets,
                progress,
                force=force,
                replace=replace,
                stop=flag,
            )
            if report.changed:
                # The per-sentence vectors (query-vector snippets) are not built here: embedding
                # every sentence doubled ingest time. `papermind reindex` builds them.
                import time

                if progress is not None:  # seconds of its own after the last file: say what runs
                    progress(pipeline.ProgressEvent("concepts", message="rebuilding the concept maps"))
                t0 = time.perf_counter()
                self.concepts.rebuild()
                report.seconds += time.perf_counter() - t0  # the run's time is the whole of it
            if flag.is_set():
                report.interrupted = True
        return report

    def reindex(self) -> ReindexReport:
        """Rebuild FTS5 and FAISS from the store, then embed the chunks' sentences (the vectors
        that pick a hit's snippet by meaning; until built, snippets are chosen by the terms)."""
        from dataclasses import replace

        return replace(self.library.reindex(), sentences=self.search.sync_sentences())

    # -- store health (papermind db check / db repair) ---------------------------------------
    def check_store(self) -> StoreHealth:
        """What is wrong with the store (read-only; works on a store too damaged to open)."""
        from papermind.store import health

        return health.with_raw_engine(
            self.settings.db_url, lambda engine, label: health.check(engine, self.settings.index_path, label)
        )

    def repair_store(self) -> RepairReport:
        """Rebuild the derived tables, embeddings, FAISS file and concept maps from the chunks."""
        from papermind.store import health
        from papermind.store.lock import writer_lock

        with writer_lock(self.settings.db_url, "repair"):
            report = health.with_raw_engine(
                self.settings.db_url,
                lambda engine, label: health.repair(
                    engine, self.settings.index_path, label, self.concepts.rebuild
                ),
            )
        self.vector_index.sync()
        return report

    # -- services ----------------------------------------------------------------------------
    @cached_property
    def library(self) -> LibraryService:
        from papermind.library import LibraryService

        return LibraryService(self.session, self.vector_index, self.reading_list, self.settings.corpus_dir)

    @cached_property
    def search(self) -> SearchService:
        from papermind.search.sentences import SentenceIndex, path_for
        from papermind.search.service import SearchService

        sentences = SentenceIndex(path_for(self.settings.index_path))
        return SearchService(self.session, self.vector_index, self.syllabi, sentences)

    @cached_property
    def schedule(self) -> ScheduleService:
        from papermind.syllabus_service import ScheduleService

        # the quiz service (and with it the ORM) is built on the first count, not here: the app's
        # first screen shows the schedule before the store is open
        return ScheduleService(self.syllabi, lambda requests, user: self.quiz.due_by(requests, user))

    @cached_property
    def concepts(self) -> ConceptService:
        from papermind.concepts.service import ConceptService

        return ConceptService(self.session, self.syllabi)

    @cached_property
    def quiz(self) -> QuizService:
        from papermind.quiz.service import QuizService

        return QuizService(
            self.session,
            self.settings.quizzes_dir,
            self.settings.user_quizzes_dir,
            self.reading_list,
            self.syllabi,
            self.library,
            self.concepts,
        )

    @cached_property
    def classroom(self) -> ClassService:
        from papermind import __version__
        from papermind.classroom.service import ClassService

        return ClassService(self.session, self.quiz, self.syllabi, __version__)
