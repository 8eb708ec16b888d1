"""The library facade: the one API that the CLI and the TUI call.

``Papermind`` owns the settings, the engine (opened lazily; pending migrations are applied on
open) and one service object per domain, each created on first use:

- ``pm.library``   ingest, papers, pages, reindex, fetch          (papermind.library)
- ``pm.search``    hybrid/dense/bm25 search, more-like-this       (papermind.search.service)
- ``pm.schedule``  the syllabus as data                            (papermind.syllabus)
- ``pm.concepts``  concept extraction and week maps                (papermind.concepts.service)
- ``pm.quiz``      banks, grading, attempts, FSRS, stats           (papermind.quiz.service)

Neither shell touches the ORM, FAISS or SQL: they call these services and get plain dataclasses.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from papermind.config import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from papermind.concepts.service import ConceptService
    from papermind.library import LibraryService
    from papermind.quiz.service import QuizService
    from papermind.search.service import SearchService
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
        self._after_ingest: list = []  # type: ignore[type-arg]
        self._after_ingest.append(lambda: self.search.sync_sentences())
        self._after_ingest.append(lambda: self.concepts.rebuild())

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

    def after_ingest_hooks(self) -> list:  # type: ignore[type-arg]
        """Callables run after an ingest changed the store (e.g. rebuilding concept maps)."""
        return list(self._after_ingest)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Papermind:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- services ----------------------------------------------------------------------------
    @cached_property
    def library(self) -> LibraryService:
        from papermind.library import LibraryService

        return LibraryService(self)

    @cached_property
    def search(self) -> SearchService:
        from papermind.search.service import SearchService

        return SearchService(self)

    @cached_property
    def schedule(self) -> ScheduleService:
        from papermind.syllabus_service import ScheduleService

        return ScheduleService(self)

    @cached_property
    def concepts(self) -> ConceptService:
        from papermind.concepts.service import ConceptService

        return ConceptService(self)

    @cached_property
    def quiz(self) -> QuizService:
        from papermind.quiz.service import QuizService

        return QuizService(self)
