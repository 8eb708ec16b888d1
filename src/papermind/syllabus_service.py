"""``pm.schedule``: the syllabus for the shells (CLI, TUI), as plain dataclasses.

The term start comes from (first wins): the ``start`` argument (``--start`` on the CLI), the
``PAPERMIND_TERM_START`` environment variable, the ``start_date`` in ``syllabus.toml``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from papermind.corpus import PaperMeta, load_papers
from papermind.syllabus import Session, Syllabus, load_syllabus, parse_date, versions_in

if TYPE_CHECKING:
    from papermind.api import Papermind

START_ENV = "PAPERMIND_TERM_START"


@dataclass(frozen=True)
class PaperRef:
    key: str
    short_title: str
    title: str


@dataclass(frozen=True)
class ScheduleRow:
    """One session, ready to display."""

    week: int
    weeks: tuple[int, ...]
    block: str  # "Week 3" (original) or "Weeks 3–4" (revised block)
    start: dt.date
    end: dt.date
    kind: str
    title: str
    topics: tuple[str, ...]
    papers: tuple[PaperRef, ...]
    discusses: tuple[PaperRef, ...]
    discuss_by: dt.date | None  # when this session's own papers are discussed
    tentative: bool
    note: str | None
    current: bool
    quizzes_due: int | None  # None: no quiz service (see ScheduleService.quizzes_due)


class ScheduleService:
    def __init__(self, api: Papermind) -> None:
        self.api = api
        self._papers: dict[str, PaperMeta] | None = None

    @property
    def path(self):  # noqa: ANN201 - Path
        return self.api.settings.corpus_dir / "syllabus.toml"

    def papers(self) -> dict[str, PaperMeta]:
        if self._papers is None:
            self._papers = load_papers(self.api.settings.corpus_dir / "papers.toml")
        return self._papers

    def versions(self) -> list[str]:
        return versions_in(self.path)[0]

    def default_version(self) -> str:
        return versions_in(self.path)[1]

    def resolve_start(self, start: dt.date | str | None = None) -> dt.date | None:
        if start is not None:
            return parse_date(start, "--start")
        env = os.environ.get(START_ENV)
        if env:
            return parse_date(env, START_ENV)
        return None

    def load(self, version: str | None = None, start: dt.date | str | None = None) -> Syllabus:
        return load_syllabus(self.path, self.papers(), version, self.resolve_start(start))

    # -- hook ---------------------------------------------------------------------------------
    def quizzes_due(self, syllabus: Syllabus, session: Session) -> int | None:
        """HOOK (quiz developer): how many quizzes are due for this session.

        Returns None while the facade has no quiz service, or while that service has no
        ``due_count(paper_keys, by=date)`` method; the shells then show nothing.
        """
        if getattr(type(self.api), "quiz", None) is None:
            return None
        counter = getattr(self.api.quiz, "due_count", None)
        if not callable(counter):
            return None
        keys = list(dict.fromkeys(session.papers + session.discusses))
        return int(counter(keys, by=session.start))

    # -- display ------------------------------------------------------------------------------
    def _ref(self, key: str) -> PaperRef:
        meta = self.papers()[key]
        return PaperRef(key, meta.short_title, meta.title)

    def rows(
        self,
        syllabus: Syllabus,
        week: int | None = None,
        today: dt.date | None = None,
        *,
        quizzes: bool = True,
    ) -> list[ScheduleRow]:
        """One row per session; ``quizzes=False`` leaves ``quizzes_due`` unset and so never opens
        the store (the app's first screen shows the schedule before the store is open)."""
        today = today or dt.date.today()
        current = syllabus.current_week(today)
        sessions = syllabus.sessions_in_week(week) if week is not None else list(syllabus.sessions)
        rows = []
        for s in sessions:
            by = [syllabus.discussion_of(k) for k in s.papers]
            starts = [d.start for d in by if d is not None]
            block = f"Weeks {s.weeks[0]}–{s.weeks[-1]}" if len(s.weeks) > 1 else f"Week {s.week}"
            rows.append(
                ScheduleRow(
                    week=s.week,
                    weeks=s.weeks,
                    block=block,
                    start=s.start,
                    end=s.end,
                    kind=s.kind,
                    title=s.title,
                    topics=s.topics,
                    papers=tuple(self._ref(k) for k in s.papers),
                    discusses=tuple(self._ref(k) for k in s.discusses),
                    discuss_by=max(starts) if starts else None,
                    tentative=s.tentative,
                    note=s.note,
                    current=s.week == current,
                    quizzes_due=self.quizzes_due(syllabus, s) if quizzes else None,
                )
            )
        return rows

    def table(
        self,
        version: str | None = None,
        start: dt.date | str | None = None,
        week: int | None = None,
        today: dt.date | None = None,
    ) -> list[ScheduleRow]:
        """Plain rows for display: ``load(version, start)`` then one row per session."""
        return self.rows(self.load(version, start), week=week, today=today)
