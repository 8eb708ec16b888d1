"""The shipped question banks check clean against the real papers: every evidence quote of the
seven papers we have is found on its cited page."""

from __future__ import annotations

from collections import Counter

from tests.conftest import REAL_KEYS, REPO


def test_shipped_banks_verify_against_the_real_papers(real_store):
    report = real_store.quiz.check([REPO / "quizzes"])
    assert report.ok, [f"{p.file}:{p.line}: {p.message}" for p in report.problems if p.severity == "error"]
    unverified = {p.message.split("'")[1] for p in report.problems if "unverified" in p.message}
    assert unverified.isdisjoint(REAL_KEYS)  # every real paper's evidence was checked against its pages
    assert unverified == {"memory-gap", "cachegen", "mlperf-inference", "moe-qos", "synergy"}


def test_banks_cover_every_reading_list_paper(real_store):
    qs = real_store.quiz.questions()
    per_paper = Counter(q.paper for q in qs)
    for key in REAL_KEYS:
        assert per_paper[key] >= 10
        assert sum(q.type == "short" for q in qs if q.paper == key) >= 3
    for key in ("memory-gap", "cachegen", "mlperf-inference", "moe-qos", "synergy"):
        assert per_paper[key] >= 5
