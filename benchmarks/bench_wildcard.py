"""Wildcard matching on hostile answers: time per match, as a ratio to a bare scan of the same text.

    python benchmarks/bench_wildcard.py [--mb 1]

Cases: 1 MB of "HBM " against the shipped-style ``*HBM*SRAM*``; 1 MB of "a" against the worst
pattern ``quiz check`` accepts (6 wildcards, ``*a*a*a*a*a*b``); grading a 1 MB short answer
(refused by the length limit). The baseline is ``text.casefold().find("sram")`` on the same text:
one pass, nothing else. The old regex matcher (``.*`` between escaped pieces) is timed on small
inputs beside the new one to show its growth.
"""

from __future__ import annotations

import argparse
import re
import time

from _common import median

from papermind.errors import QuizError
from papermind.quiz.bank.model import Pattern, Question
from papermind.quiz.grading.rules import grade
from papermind.quiz.grading.text import wildcard_match


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return median(runs)


def regex_match(pattern: str, text: str) -> bool:
    """The matcher before this change: a backtracking regex."""
    parts = [re.escape(" ".join(p.split())) for p in pattern.split("*")]
    return re.fullmatch(".*".join(parts), " ".join(text.split()), re.IGNORECASE | re.DOTALL) is not None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    args = ap.parse_args()
    size = int(args.mb * 1_000_000)
    hbm = ("HBM " * (size // 4 + 1))[:size]
    aaa = "a" * size
    base = timed(lambda: hbm.casefold().find("sram"))
    print(f"baseline scan of {size:,} chars: {base * 1000:.1f} ms")
    for name, pattern, text in (
        ("*HBM*SRAM*", "*HBM*SRAM*", hbm),
        ("6 wildcards", "*a*a*a*a*a*b", aaa),
    ):
        t = timed(lambda p=pattern, x=text: wildcard_match(p, x))
        print(f"{name:12} on {size:,} chars: {t * 1000:.1f} ms ({t / base:.1f}x the baseline)")
    q = Question(id="q", type="short", prompt="Why?", answers=[Pattern("*HBM*SRAM*")])

    def refused() -> None:
        try:
            grade(q, hbm)
        except QuizError:
            pass

    t = timed(refused)
    print(f"grading a {size:,}-char answer (refused by the length limit): {t * 1000:.2f} ms")
    print("growth, old regex vs linear matcher, *a*a*a*b on 'a' * n (the regex is about n^4):")
    for n in (20, 40, 80):
        old = timed(lambda n=n: regex_match("*a*a*a*b", "a" * n), repeat=1)
        new = timed(lambda n=n: wildcard_match("*a*a*a*b", "a" * n))
        print(f"  n={n:4}: regex {old * 1000:9.1f} ms   linear {new * 1e6:6.1f} µs")


if __name__ == "__main__":
    main()
