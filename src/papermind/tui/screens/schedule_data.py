"""What the This-week screen shows, gathered in a worker, and the small formatters it uses."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

# Imported here, on the main thread before the first frame, not by the worker that reads the
# schedule: there each file the import system touches gave up the GIL and waited up to a switch
# interval (5 ms) to get it back from the thread laying out the first frame (0.1 s on an idle
# machine between the empty frame and the one with the schedule).
import papermind.syllabus_service  # noqa: F401
from papermind.tui.messages import WeekData

if TYPE_CHECKING:
    from papermind.api import Papermind
    from papermind.syllabus import Meeting, Syllabus


def fmt_date(d: date) -> str:
    return d.strftime("%a %b %d").replace(" 0", " ")


def short_date(d: date | None) -> str:
    """``Nov 30``: the term table's discuss-by column."""
    return f"{d:%b} {d.day}" if d is not None else ""


def date_range(start: date, end: date) -> str:
    if end == start:
        return start.strftime("%b %d").replace(" 0", " ")
    if end.month == start.month:
        return f"{start:%b} {start.day}–{end.day}"
    return f"{start:%b} {start.day}–{end:%b} {end.day}"


def meeting_for_week(syllabus: Syllabus, week: int | None) -> Meeting | None:
    """The class meeting that occupies ``week`` (else the first whose block holds it)."""
    if week is None:
        return None
    for m in syllabus.meetings:
        if m.week == week:
            return m
    for m in syllabus.meetings:
        if week in m.weeks:
            return m
    return None


def gather_schedule(api: Papermind, today: date, version: str | None) -> WeekData:
    """The schedule alone (the syllabus files, never the store): what the screen shows first,
    while the store opens; ``gather`` is everything."""
    syllabus = api.schedule.load(version)
    return WeekData(
        syllabus=syllabus,
        rows=api.schedule.rows(syllabus, today=today, quizzes=False),
        versions=api.schedule.versions(),
        current_week=syllabus.current_week(today),
        papers=[],
        due_split=[],
        from_store=False,
    )


def gather(
    api: Papermind, today: date, version: str | None, user: str | None, now: datetime | None = None
) -> WeekData:
    """Everything the screen shows (runs in a thread worker)."""
    syllabus = api.schedule.load(version)
    return WeekData(
        syllabus=syllabus,
        rows=api.schedule.rows(syllabus, today=today, user=user),
        versions=api.schedule.versions(),
        current_week=syllabus.current_week(today),
        papers=api.library.papers(),
        due_split=api.quiz.due_split(user, now),
    )
