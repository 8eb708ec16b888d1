"""Weeks and papers for the pickers (runs in thread workers)."""

from __future__ import annotations

from typing import Any

from papermind.tui import calls
from papermind.tui.calls import field


def current_week(api: Any, today: Any) -> int | None:
    try:
        syl = calls.method(api, "schedule", "load")()
    except calls.NotAvailable:
        return None
    cw = getattr(syl, "current_week", None)
    return cw(today) if callable(cw) else None


def week_choices(api: Any) -> list[tuple[str, int]]:
    """("3 · Discussion: BERT…", 3) for every week with a session; [] without a schedule."""
    try:
        syl = calls.method(api, "schedule", "load")()
    except calls.NotAvailable:
        return []
    out: list[tuple[str, int]] = []
    seen: set[int] = set()
    for s in field(syl, "sessions", default=()) or ():
        week = field(s, "week")
        if isinstance(week, int) and week not in seen:
            seen.add(week)
            title = str(field(s, "title", default=""))
            out.append((f"{week} · {title[:40]}", week))
    return out


def paper_choices(api: Any) -> list[tuple[str, str]]:
    """(title, key) of every ingested paper; [] when none or no library yet."""
    try:
        papers = calls.method(api, "library", "papers")()
    except calls.NotAvailable:
        return []
    return [
        (f"{field(p, 'key')} · {str(field(p, 'title', default=''))[:40]}", str(field(p, "key")))
        for p in papers
    ]
