"""First paint imports none of the heavy modules (checked in a clean subprocess, so other tests'
imports cannot pollute ``sys.modules``)."""

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
