"""What the This-week screen shows, gathered in a worker, and the small formatters it uses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from papermind.tui import calls
from papermind.tui.calls import field
from papermind.tui.messages import WeekData


def fmt_date(d: Any) -> str:
    if isinstance(d, date):
        return d.strftime("%a %b %d").replace(" 0", " ")
    return str(d) if d else ""


def short_date(d: Any) -> str:
    """``Nov 30``: the term table's discuss-by column."""
    if isinstance(d, date):
        return f"{d:%b} {d.day}"
    return str(d) if d else ""


def sessions_of(syllabus: Any) -> list[Any]:
    return list(field(syllabus, "sessions", default=[]) or [])


def keys_of(items: Any) -> list[str]:
    out = []
    for p in items or []:
        out.append(p if isinstance(p, str) else str(field(p, "key", "paper_key", default=p)))
    return out


def date_range(start: Any, end: Any) -> str:
    if not isinstance(start, date):
        return ""
    if not isinstance(end, date) or end == start:
        return start.strftime("%b %d").replace(" 0", " ")
    if end.month == start.month:
        return f"{start:%b} {start.day}–{end.day}"
    return f"{start:%b} {start.day}–{end:%b} {end.day}"


def session_for_week(syllabus: Any, week: int | None) -> Any:
    """The session that occupies ``week`` (else the first whose block holds it)."""
    if week is None:
        return None
    sessions = sessions_of(syllabus)
    for s in sessions:
        if field(s, "week") == week:
            return s
    for s in sessions:
        if week in (field(s, "weeks") or ()):
            return s
    return None


def gather_schedule(api: Any, today: date, version: str | None) -> WeekData:
    """The schedule part alone (the syllabus files; never the store): what the screen shows
    first, while the store opens. ``gather`` completes it."""
    data = WeekData()
    data.syllabus = calls.method(api, "schedule", "load")(version)
    versions = getattr(calls.service(api, "schedule"), "versions", None)
    if callable(versions):
        data.versions = [str(field(v, "name", "version", default=v)) for v in versions()]
    table = getattr(calls.service(api, "schedule"), "rows", None)
    if callable(table):
        data.rows = list(table(data.syllabus, today=today, quizzes=False))
    cw = getattr(data.syllabus, "current_week", None)
    if callable(cw):
        week = cw(today)
        data.current_week = week if isinstance(week, int) or week is None else field(week, "week")
    return data


def gather(
    api: Any,
    today: date,
    version: str | None,
    user: str | None,
    now: datetime | None = None,
    schedule: WeekData | None = None,
) -> WeekData:
    """Everything the screen shows (runs in a thread worker): ``schedule`` (else
    ``gather_schedule``) plus what comes from the store: quizzes due per session, the ingested
    papers, the quizzes due per paper."""
    data = replace(schedule) if schedule is not None else gather_schedule(api, today, version)
    data.problems = list(data.problems)
    table = getattr(calls.service(api, "schedule"), "rows", None)
    if callable(table):
        data.rows = list(table(data.syllabus, today=today))
    try:
        data.papers = calls.method(api, "library", "papers")()
    except calls.NotAvailable as exc:
        data.problems.append(exc.message)
    clock = {} if now is None else {"now": now}
    try:
        data.due_split = list(calls.method(api, "quiz", "due_split")(user, **clock))
    except calls.NotAvailable:
        try:
            data.due_counts = calls.method(api, "quiz", "due_counts")(user, **clock)
        except calls.NotAvailable as exc:
            data.problems.append(exc.message)
    return data
