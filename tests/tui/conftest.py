"""TUI fixtures: an app with a fixed clock over a temp store, and a helper to let workers finish."""

from __future__ import annotations

import asyncio
import functools
from datetime import date, datetime

import pytest

# A fixed "today" inside the term (week 4 of the default schedule) keeps screens deterministic.
TODAY = date(2026, 9, 15)
NOW = datetime(2026, 9, 15, 10, 0, 0)


def aio(fn):
    """Run an ``async def`` test with asyncio (no async pytest plugin is a dependency)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


async def settle(pilot, rounds: int = 3) -> None:
    """Let timers fire, workers finish and their messages land."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause(0.05)
        for _ in range(1200):  # up to ~60 s (a model load on a busy machine)
            if not any(w.is_running for w in app.workers):
                break
            await pilot.pause(0.05)
        await pilot.pause()


@pytest.fixture
def make_app():
    from papermind.tui.app import PapermindApp

    def factory(api, **kwargs):
        kwargs.setdefault("now", NOW)
        kwargs.setdefault("warm", False)
        kwargs.setdefault("user", "tester")
        return PapermindApp(api, **kwargs)

    return factory


@pytest.fixture
def empty_api(tmp_path):
    from papermind.api import Papermind

    pm = Papermind(db=tmp_path / "t.db")
    yield pm
    pm.close()
