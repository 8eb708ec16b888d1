"""Save the Instructor screen's Class results tab as an SVG for the docs.

    python tests/tui/screenshot_class.py

Synthetic class: 24 students with their own ability answer the shipped PagedAttention bank (week
7's quiz on the original schedule); their results files are imported into a throwaway store, and
the app is shot at 120×40 with the week filter on 7. The numbers are made up; the screen is real.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "screenshots"
NOW = datetime(2026, 10, 26, 10, 0, 0)
WRONG_TEXT = ["it compresses the cache", "a bigger batch", "the GPU is faster", "it swaps to disk"]


def class_files(folder: Path, students: int = 24, seed: int = 3) -> None:
    from papermind import __version__
    from papermind.api import Papermind
    from papermind.classroom import results_file as rf
    from papermind.classroom.fingerprint import fingerprint
    from papermind.quiz.bank.model import letter
    from papermind.quiz.grading.rules import expected_answer

    with Papermind(db=folder / "unused.db", quizzes=REPO / "quizzes") as pm:
        bank = pm.quiz.load_bank("pagedattention").questions
    rng = random.Random(seed)
    hard = {q.id: rng.uniform(-0.25, 0.2) for q in bank}
    for s in range(students):
        ability = rng.uniform(0.35, 0.95)
        attempts = []
        for k, q in enumerate(bank):
            right = rng.random() < ability - hard[q.id]
            if q.type == "single":
                answer: object = letter(
                    q.answer if right else rng.choice([i for i in range(len(q.choices)) if i != q.answer])
                )
            elif q.type == "multi":
                answer = "".join(letter(i) for i in q.answer) if right else letter(0)
            elif q.type in ("truefalse", "numeric"):
                answer = q.answer if right else (not q.answer if q.type == "truefalse" else 2 * q.answer)
            else:
                answer = expected_answer(q) if right else rng.choice(WRONG_TEXT)
            attempts.append(
                rf.ResultAttempt(
                    question_id=q.id,
                    fingerprint=fingerprint(q),
                    answer=answer,
                    score=1.0 if right else 0.0,
                    correct=right,
                    answered_at=NOW - timedelta(days=3, minutes=90 - k * 5 - s),
                    paper=q.paper,
                    duration_s=round(rng.uniform(8, 80), 1),
                )
            )
        reviews = [rf.ResultReview(q.id, NOW - timedelta(days=rng.randint(-6, 3)), 1) for q in bank]
        doc = rf.ResultsFile(f"student {s + 1:02d}", NOW - timedelta(days=1), __version__, attempts, reviews)
        (folder / f"student{s + 1:02d}_{5000 + s}_{9000 + s}_results.json").write_text(rf.dump(doc))


async def shoot(db: Path, subs: Path) -> None:
    from textual.widgets import Input, TabbedContent

    from papermind.api import Papermind
    from papermind.tui.app import PapermindApp

    api = Papermind(db=db, quizzes=REPO / "quizzes")
    api.classroom.import_results([subs], now=NOW)
    app = PapermindApp(api, now=NOW, warm=False, user="instructor")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        await pilot.press("f6")
        await pilot.pause(0.5)
        app.screen.query_one("#tabs", TabbedContent).active = "tab-class"
        app.screen.query_one("#class-week", Input).value = "7"
        await pilot.pause(0.2)
        await pilot.click("#class-refresh")
        for _ in range(100):
            await pilot.pause(0.1)
            if not any(w.is_running for w in app.workers):
                break
        await pilot.pause(0.3)
        app.save_screenshot("instructor-class-120x40.svg", str(OUT))
    api.close()


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="pm-class-shot-"))
    os.environ["PAPERMIND_HOME"] = str(tmp / "home")
    subs = tmp / "subs"
    subs.mkdir()
    class_files(subs)
    asyncio.run(shoot(tmp / "class.db", subs))
    print("saved", OUT / "instructor-class-120x40.svg")


if __name__ == "__main__":
    main()
