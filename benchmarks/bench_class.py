"""Class results at scale: import 300 students × 150 attempts, then compute the class statistics.

    python benchmarks/bench_class.py [--students 300] [--attempts 150] [--questions 60]

Writes synthetic results files (a bank of ``--questions`` single-choice questions over six weeks,
each student with their own ability; about 2.5 attempts per question they try) to a temp folder,
then times, in this run:
- the baseline: ``json.load`` of every file (the bare cost of reading them);
- ``papermind class import`` of the folder into a fresh store (parse, check, write);
- a second import of the same folder (every file unchanged: the idempotency check);
- ``class stats`` over all questions and for one week.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from _common import REPO  # also puts src/ on the path

WEEKS = (2, 3, 5, 6, 7, 8)


def make_bank(folder: Path, n: int) -> None:
    lines = []
    for i in range(n):
        lines += [
            "[[question]]",
            f'id = "b-{i:03d}"',
            'paper = "pagedattention"',
            f"week = {WEEKS[i % len(WEEKS)]}",
            'type = "single"',
            f'prompt = "Synthetic question {i}?"',
            'choices = ["one", "two", "three", "four"]',
            f'answer = "{"ABCD"[i % 4]}"',
            f'concepts = ["concept {i % 12}"]',
            "",
        ]
    (folder / "bench.toml").write_text("\n".join(lines), encoding="utf-8")


def make_files(out: Path, questions: list, students: int, attempts: int, seed: int = 7) -> None:
    from papermind import __version__
    from papermind.classroom import results_file as rf
    from papermind.classroom.fingerprint import fingerprint

    rng = random.Random(seed)
    fps = {q.id: fingerprint(q) for q in questions}
    t0 = datetime(2026, 9, 7, 9, 0, 0)
    for s in range(students):
        ability = rng.uniform(0.2, 0.95)
        tried = rng.sample(questions, k=min(len(questions), max(1, attempts * 2 // 5)))
        atts = []
        for k in range(attempts):
            q = tried[k % len(tried)]
            right = rng.random() < ability
            pick = q.answer if right else rng.choice([i for i in range(4) if i != q.answer])
            atts.append(
                rf.ResultAttempt(
                    question_id=q.id,
                    fingerprint=fps[q.id],
                    answer="ABCD"[pick],
                    score=1.0 if right else 0.0,
                    correct=right,
                    answered_at=t0 + timedelta(hours=k * 3, minutes=s),
                    paper=q.paper,
                    duration_s=round(rng.uniform(5, 90), 1),
                )
            )
        reviews = [rf.ResultReview(q.id, t0 + timedelta(days=rng.randint(1, 60)), 2) for q in tried]
        doc = rf.ResultsFile(f"student {s:03d}", t0 + timedelta(days=70), __version__, atts, reviews)
        (out / f"student{s:03d}_{10000 + s}_{20000 + s}_results.json").write_text(rf.dump(doc))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=300)
    ap.add_argument("--attempts", type=int, default=150)
    ap.add_argument("--questions", type=int, default=60)
    args = ap.parse_args()

    from papermind.api import Papermind

    with tempfile.TemporaryDirectory(prefix="pm-bench-class-") as tmp:
        root = Path(tmp)
        quizzes, subs = root / "quizzes", root / "subs"
        quizzes.mkdir()
        subs.mkdir()
        make_bank(quizzes, args.questions)
        pm = Papermind(db=root / "class.db", quizzes=quizzes, corpus=REPO / "corpus")
        make_files(subs, pm.quiz.all_questions(), args.students, args.attempts)
        files = sorted(subs.glob("*.json"))
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        pm.engine  # noqa: B018 - open and migrate the store outside the timings

        def timed(fn):  # type: ignore[no-untyped-def]
            t, c = time.perf_counter(), time.process_time()
            out = fn()
            return out, time.perf_counter() - t, time.process_time() - c

        def bare_read() -> None:
            for f in files:
                with f.open("rb") as fh:
                    json.load(fh)

        _, bare, bare_cpu = timed(bare_read)
        report, imported, imported_cpu = timed(lambda: pm.classroom.import_results([subs]))
        assert report.ok and report.count("added") == args.students, report.files[:3]
        again, reimport, reimport_cpu = timed(lambda: pm.classroom.import_results([subs]))
        assert again.count("unchanged") == args.students
        st, stats_all, stats_all_cpu = timed(lambda: pm.classroom.stats())
        _, stats_week, stats_week_cpu = timed(lambda: pm.classroom.stats(week=WEEKS[0]))
        pm.close()

    n = args.students * args.attempts
    print(
        f"{args.students} students × {args.attempts} attempts = {n} attempts, {len(files)} files, {size_mb:.1f} MB"
    )
    print("wall-clock s (CPU s of this process; on a shared machine the CPU time is the steadier figure)")
    print(f"baseline json.load of every file: {bare:.2f} ({bare_cpu:.2f})")
    print(
        f"class import (parse, check, store): {imported:.2f} ({imported_cpu:.2f}) = "
        f"{imported / bare:.1f}x the baseline ({imported_cpu / bare_cpu:.1f}x in CPU)"
    )
    print(f"import again (all unchanged):       {reimport:.2f} ({reimport_cpu:.2f})")
    print(
        f"class stats, all {len(st.questions)} questions: {stats_all:.2f} ({stats_all_cpu:.2f}), "
        f"one week: {stats_week:.2f} ({stats_week_cpu:.2f}); each reads the attempts on its questions from the store"
    )
    total, total_cpu = imported + stats_all, imported_cpu + stats_all_cpu
    print(
        f"import + stats: {total:.2f} ({total_cpu:.2f}) = {total / bare:.1f}x the baseline ({total_cpu / bare_cpu:.1f}x in CPU)"
    )


if __name__ == "__main__":
    main()
