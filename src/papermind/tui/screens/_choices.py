"""Weeks and papers for the pickers (runs in thread workers)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from papermind.api import Papermind


def current_week(api: Papermind, today: date) -> int | None:
    return api.schedule.load().current_week(today)


def week_choices(api: Papermind) -> list[tuple[str, int]]:
    """("3 · Discussion: BERT…", 3) for every week with a class meeting."""
    out: list[tuple[str, int]] = []
    seen: set[int] = set()
    for m in api.schedule.load().meetings:
        if m.week not in seen:
            seen.add(m.week)
            out.append((f"{m.week} · {m.title[:40]}", m.week))
    return out


def paper_choices(api: Papermind) -> list[tuple[str, str]]:
    """(key · title, key) of every ingested paper."""
    return [(f"{p.key} · {p.title[:40]}", p.key) for p in api.library.papers()]
