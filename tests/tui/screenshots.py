"""Save SVG screenshots of the main screens to docs/screenshots/ (for the README).

    python tests/tui/screenshots.py --db PATH-TO-AN-INGESTED-STORE

Uses a fixed date (week 4 of the default schedule) and a throwaway copy of the store, so quiz
attempts made for the screenshot never touch the real one.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NOW = datetime(2026, 9, 15, 10, 0, 0)


async def settle(pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause(0.05)
        for _ in range(2400):
            if not any(w.is_running for w in pilot.app.workers):
                break
            await pilot.pause(0.05)
        await pilot.pause()


async def shoot(db: str, size: tuple[int, int]) -> None:
    from papermind.api import Papermind
    from papermind.tui.app import PapermindApp

    OUT.mkdir(parents=True, exist_ok=True)
    suffix = f"{size[0]}x{size[1]}"
    app = PapermindApp(Papermind(db=db), now=NOW, warm=True, user="screenshots")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        while app.model_state == "loading":
            await pilot.pause(0.1)
        app.save_screenshot(f"schedule-{suffix}.svg", str(OUT))
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press(*"block table for the kv cache")
        await pilot.pause(0.4)
        await settle(pilot)
        app.save_screenshot(f"search-{suffix}.svg", str(OUT))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.save_screenshot(f"reader-{suffix}.svg", str(OUT))
        await pilot.press("escape", "escape")
        await pilot.press("f4")
        await settle(pilot)
        app.screen.query_one("#scope").value = "w:6"  # PagedAttention's week (week 4's is not ingested)
        await settle(pilot)
        await pilot.press("enter", "down")
        await settle(pilot)
        app.save_screenshot(f"concepts-{suffix}.svg", str(OUT))
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        screen.start("paper", "pagedattention", "Paper pagedattention")
        await settle(pilot)
        q = screen.questions[0]
        if q.type in ("single", "truefalse"):
            await pilot.press("2", "enter")
        elif q.type == "multi":
            await pilot.press("1", "2", "ctrl+s")
        elif q.type == "numeric":
            await pilot.press(*"819200", "enter")
        else:
            await pilot.press(*"block table", "enter")
        await settle(pilot)
        app.save_screenshot(f"quiz-{suffix}.svg", str(OUT))
        await pilot.press("f6")
        await settle(pilot)
        app.save_screenshot(f"instructor-{suffix}.svg", str(OUT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ns = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pm-shots-"))
    src = Path(ns.db)
    copy = tmp / src.name
    for f in src.parent.glob(src.stem + ".*"):  # the DB, its WAL, the FAISS index beside it
        if not f.name.endswith("-lock"):
            shutil.copy(f, tmp / f.name)
    for size in ((120, 40), (80, 24)):
        asyncio.run(shoot(str(copy), size))
    print("saved to", OUT)


if __name__ == "__main__":
    main()
