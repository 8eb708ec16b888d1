"""First paint imports none of the heavy modules, and the schedule reaches the screen without the
store (checked in clean subprocesses, so other tests' imports cannot pollute ``sys.modules``)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

MODEL_STACK = ("torch", "faiss", "sentence_transformers")

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from papermind.api import Papermind
    from papermind.tui.app import PapermindApp

    HEAVY = ("torch", "faiss", "sentence_transformers", "numpy", "alembic")

    async def main():
        app = PapermindApp(Papermind(db=sys.argv[1]))
        async with app.run_test(size=(80, 24)) as pilot:
            # run_test hands over once the first screen is mounted and painted
            seen = {"screen": type(app.screen).__name__,
                    "modules": sorted(m for m in HEAVY if m in sys.modules)}
            await pilot.pause()
        print(json.dumps(seen))

    asyncio.run(main())
    """
)


def test_first_paint_imports_nothing_heavy(tmp_path):
    script = tmp_path / "probe.py"
    script.write_text(SCRIPT)
    out = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "t.db")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["screen"] == "ScheduleScreen"
    assert not [m for m in seen["modules"] if m in MODEL_STACK], seen["modules"]
    # the store (alembic) and numpy are opened in workers after the paint, too
    assert seen["modules"] == [], f"imported before first paint: {seen['modules']}"


CONTENT_SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from pathlib import Path
    import papermind.tui.screens.schedule as schedule_screen
    from papermind.api import Papermind
    from papermind.tui.app import PapermindApp

    HEAVY = ("sqlalchemy", "alembic", "numpy", "torch", "faiss", "sentence_transformers", "typer")
    seen = {}
    full_gather = schedule_screen.gather

    def gather(*args):  # the screen asks for what comes from the store once the schedule is shown
        seen.setdefault("modules", sorted(m for m in HEAVY if m in sys.modules))
        seen.setdefault("db_created", db.exists())
        return full_gather(*args)

    schedule_screen.gather = gather
    db = Path(sys.argv[1])

    async def main():
        app = PapermindApp(Papermind(db=db), warm=False)
        app.open_store = lambda: None  # (its 1 s timer would open the store on a slow machine)
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(600):
                await pilot.pause(0.05)
                if "modules" in seen:
                    break
            await pilot.pause(0.2)
            seen["footer"] = len(app.screen.query("Footer"))
        print(json.dumps(seen))

    asyncio.run(main())
    """
)


def test_the_schedule_reaches_the_screen_without_the_store_or_the_orm(tmp_path):
    """This week's readings need the syllabus files only: no SQLAlchemy, no migration check, not
    even the database file (building the schedule service once built the quiz service and with it
    the ORM, 0.3-1.3 s of the first screen on two cores)."""
    script = tmp_path / "probe.py"
    script.write_text(CONTENT_SCRIPT)
    out = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "t.db")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["modules"] == [], f"imported for the first screen: {seen['modules']}"
    assert seen["footer"] == 1 and not seen["db_created"]
