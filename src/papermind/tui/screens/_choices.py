"""Weeks and papers for the pickers (runs in thread workers)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from papermind.api import Papermind


def cut(text: str, limit: int) -> str:
    """``text`` up to ``limit`` characters, cut at a word boundary with "…" when longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:·-") + "…"


def current_week(api: Papermind, today: date) -> int | None:
    return api.schedule.load().current_week(today)


def week_choices(api: Papermind) -> list[tuple[str, int]]:
    """("3 · Discussion: BERT (NAACL 2019)", 3) for every week with a class meeting (a very long
    title cut at a word)."""
    out: list[tuple[str, int]] = []
    seen: set[int] = set()
    for m in api.schedule.load().meetings:
        if m.week not in seen:
            seen.add(m.week)
            out.append((f"{m.week} · {cut(m.title, 100)}", m.week))
    return out


def paper_choices(api: Papermind) -> list[tuple[str, str]]:
    """(key · title, key) of every ingested paper."""
    return [(f"{p.key} · {cut(p.title, 60)}", p.key) for p in api.library.papers()]
