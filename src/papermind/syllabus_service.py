"""``pm.schedule`` (``ScheduleService``): the syllabus's rows for the shells (CLI, TUI), with the
quizzes due per class meeting, as plain dataclasses. It reads the syllabus through
``papermind.syllabus.SyllabusSource`` (which the other services get too) and counts quizzes
through the quiz service. (``papermind schedule --json`` still calls its list of meetings
``sessions``: the JSON keys are stable.)

The quiz counts come through a function the facade wires (``DueCounter``, the quiz service's
``due_by``), called only when rows ask for them: building this service opens no store and imports
no ORM, so the app's first screen gets the schedule without either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from papermind.corpus import PaperMeta
from papermind.syllabus import Syllabus, SyllabusSource

if TYPE_CHECKING:
    from papermind.ical import AllDayEvent

DueCounter = Callable[[list[tuple[tuple[str, ...], dt.date]], str | None], list[int | None]]
"""Per (paper keys, day): questions due (or new) for a user by that day; None: no questions."""


@dataclass(frozen=True)
class PaperRef:
    key: str
    short_title: str
    title: str


@dataclass(frozen=True)
class ScheduleRow:
    """One class meeting, ready to display."""

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
    discuss_by: dt.date | None  # when this meeting's papers are discussed (a discussion: its own date)
    tentative: bool
    note: str | None
    current: bool
    quizzes_due: int | None  # questions due (or new) by discuss_by; None: the papers have none


class ScheduleService:
    def __init__(self, syllabi: SyllabusSource, due_by: DueCounter) -> None:
        self.syllabi = syllabi
        self._due_by = due_by

    @property
    def path(self) -> Path:
        return self.syllabi.path

    def papers(self) -> dict[str, PaperMeta]:
        return self.syllabi.papers()

    def versions(self) -> list[str]:
        return self.syllabi.versions()

    def default_version(self) -> str:
        return self.syllabi.default_version()

    def resolve_start(self, start: dt.date | str | None = None) -> dt.date | None:
        return self.syllabi.resolve_start(start)

    def load(self, version: str | None = None, start: dt.date | str | None = None) -> Syllabus:
        return self.syllabi.load(version, start)

    # -- display ------------------------------------------------------------------------------
    def _ref(self, key: str) -> PaperRef:
        meta = self.papers()[key]
        return PaperRef(key, meta.short_title, meta.title)

    def rows(
        self,
        syllabus: Syllabus,
        week: int | None = None,
        today: dt.date | None = None,
        user: str | None = None,
        *,
        quizzes: bool = True,
    ) -> list[ScheduleRow]:
        """One row per class meeting; ``quizzes_due`` counts ``user``'s questions on the meeting's
        papers that are due (or new) by its discuss-by date (None when those papers have none).
        ``quizzes=False`` leaves ``quizzes_due`` unset and so never opens the store (the app's
        first screen shows the schedule before the store is open)."""
        today = today or dt.date.today()
        current = syllabus.current_week(today)
        meetings = syllabus.meetings_in_week(week) if week is not None else list(syllabus.meetings)
        discuss_by: list[dt.date | None] = []
        for s in meetings:
            discuss_by.append(syllabus.discuss_by_for(s))
        due: list[int | None] = (
            list(
                self._due_by(
                    [(s.papers, by or s.start) for s, by in zip(meetings, discuss_by, strict=True)], user
                )
            )
            if quizzes
            else [None] * len(meetings)
        )
        rows = []
        for s, by, n_due in zip(meetings, discuss_by, due, strict=True):
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
                    discuss_by=by,
                    tentative=s.tentative,
                    note=s.note,
                    current=s.week == current,
                    quizzes_due=n_due,
                )
            )
        return rows

    def table(
        self,
        version: str | None = None,
        start: dt.date | str | None = None,
        week: int | None = None,
        today: dt.date | None = None,
        user: str | None = None,
    ) -> list[ScheduleRow]:
        """Plain rows for display: ``load(version, start)`` then one row per class meeting."""
        return self.rows(self.load(version, start), week=week, today=today, user=user)

    # -- calendar -----------------------------------------------------------------------------
    def calendar_events(self, syllabus: Syllabus) -> list[AllDayEvent]:
        """All-day events for a calendar: each discussion on its date, and each paper's quiz
        due on its discuss-by date (the day its discussion starts), in date order."""
        from papermind.ical import AllDayEvent  # not on the app's first screen's path

        version = syllabus.version
        events: list[AllDayEvent] = []
        for s in syllabus.meetings:
            if s.kind != "discussion":
                continue
            lines = [f"Week {s.week} of the {version} schedule."]
            lines += [f"Covers: {self._ref(k).title} ({k})" for k in s.discusses]
            lines += [f"New reading: {self._ref(k).title} ({k})" for k in s.papers]
            lines += [f"Topic: {t}" for t in s.topics]
            if s.tentative:
                lines.append("Tentative: no paper chosen yet.")
            events.append(
                AllDayEvent(
                    uid=f"papermind-{version}-week{s.week}-discussion@papermind",
                    day=s.start,
                    summary=s.title + (" (tentative)" if s.tentative and "Tentative" not in s.title else ""),
                    description="\n".join(lines),
                    categories=("discussion",),
                )
            )
        for s in syllabus.meetings:
            for key in s.papers:
                disc = syllabus.discussion_of(key)
                if disc is None:
                    continue
                ref = self._ref(key)
                events.append(
                    AllDayEvent(
                        uid=f"papermind-{version}-quiz-{key}@papermind",
                        day=disc.start,
                        summary=f"Quiz due: {ref.short_title}",
                        description=(
                            f"Answer the questions on {ref.title} before the week {disc.week} discussion"
                            f" ({disc.title}).\nIn a terminal: papermind quiz --paper {key}"
                        ),
                        categories=("quiz",),
                    )
                )
        return sorted(events, key=lambda e: (e.day, e.categories, e.uid))

    def ics(
        self, version: str | None = None, start: dt.date | str | None = None, now: dt.datetime | None = None
    ) -> tuple[str, list[AllDayEvent]]:
        """The schedule as iCalendar text (RFC 5545) and the events in it."""
        from papermind.ical import render_calendar

        syllabus = self.load(version, start)
        events = self.calendar_events(syllabus)
        name = f"papermind: {syllabus.label or syllabus.version}"
        return render_calendar(events, name, now or dt.datetime.now(dt.UTC)), events
