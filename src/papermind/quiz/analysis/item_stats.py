"""Item statistics over all stored attempts (``papermind quiz stats``).

Per question, with ``s[u]`` = user u's mean score on the item (over their attempts):
- ``facility`` = mean of s[u] over the users who answered it;
- ``discrimination`` = Pearson correlation, over those users, between s[u] and the user's rest
  score (mean of their per-item means on every *other* item they answered); None when fewer than
  3 users have both, or when either side has no variance;
- ``pick_rates`` (choice questions) = share of attempts that picked each choice.
- ``overrule_rate`` = share of the grader's committed verdicts that students overruled (judged
  their answer otherwise); ``unsure`` / ``self_assessed`` = answers the grader left to the student,
  and how many of them the student judged.
Flags: "too easy" (facility > 0.9), "too hard" (facility < 0.2), "negative discrimination",
"often overruled" (at least 3 overrules and a rate >= 0.2: check the key or the reference). Each
names its n, e.g. "too easy (n=4)"; facility flags need at least ``MIN_USERS`` users (one student's
answers say nothing about a question).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from papermind.errors import QuizError
from papermind.quiz.bank.model import Question, letter

TOO_EASY = 0.9
MIN_USERS = 3  # as discrimination needs: fewer users' scores are no item statistic
TOO_HARD = 0.2
OFTEN_OVERRULED = 0.2


@dataclass
class ItemStats:
    question_id: str
    paper: str | None
    type: str | None
    attempts: int
    users: int
    facility: float | None
    discrimination: float | None
    pick_rates: dict[str, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    overruled: int = 0
    overrule_rate: float | None = None  # over attempts with a committed verdict
    unsure: int = 0
    self_assessed: int = 0


@dataclass
class StatsReport:
    items: list[ItemStats]
    users: int
    attempts: int


def pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def compute_stats(
    rows: list[tuple[str, str, float, str]],
    questions: dict[str, Question],
    judgements: dict[str, tuple[int, int, int, int]] | None = None,
) -> StatsReport:
    """``rows`` = (user, question_id, score, answer JSON); ``judgements`` = per question (committed
    verdicts, overruled, unsure, self-assessed), as ``review.judgement_counts`` gives."""
    from papermind.quiz.grading.rules import parse_choices

    per: dict[str, dict[str, list[float]]] = {}  # qid -> user -> scores
    answers: dict[str, list[str]] = {}
    for user, qid, score, answer in rows:
        per.setdefault(qid, {}).setdefault(user, []).append(score)
        answers.setdefault(qid, []).append(answer)
    means = {qid: {u: sum(v) / len(v) for u, v in us.items()} for qid, us in per.items()}
    by_user: dict[str, dict[str, float]] = {}
    for qid, us in means.items():
        for u, m in us.items():
            by_user.setdefault(u, {})[qid] = m
    items = []
    for qid in sorted(per):
        q = questions.get(qid)
        item_scores, rest = [], []
        for u, m in means[qid].items():
            others = [v for k, v in by_user[u].items() if k != qid]
            if others:
                item_scores.append(m)
                rest.append(sum(others) / len(others))
        vals = list(means[qid].values())
        facility = sum(vals) / len(vals)
        disc = pearson(item_scores, rest)
        picks: dict[str, float] = {}
        if q is not None and q.type in ("single", "multi"):
            counts = [0] * len(q.choices)
            n = 0
            for raw in answers[qid]:
                try:
                    chosen = parse_choices(json.loads(raw), q)
                except (QuizError, ValueError):
                    continue
                n += 1
                for i in chosen:
                    counts[i] += 1
            picks = {letter(i): round(c / n, 4) for i, c in enumerate(counts)} if n else {}
        flags = []
        n_users = f"(n={len(per[qid])})"
        if len(per[qid]) >= MIN_USERS and facility > TOO_EASY:
            flags.append(f"too easy {n_users}")
        if len(per[qid]) >= MIN_USERS and facility < TOO_HARD:
            flags.append(f"too hard {n_users}")
        if disc is not None and disc < 0:
            flags.append(f"negative discrimination {n_users}")
        committed, overruled, unsure, self_assessed = (judgements or {}).get(qid, (0, 0, 0, 0))
        rate = overruled / committed if committed else None
        if rate is not None and overruled >= 3 and rate >= OFTEN_OVERRULED:
            flags.append(f"often overruled (n={committed})")
        items.append(
            ItemStats(
                question_id=qid,
                paper=q.paper if q else None,
                type=q.type if q else None,
                attempts=sum(len(v) for v in per[qid].values()),
                users=len(per[qid]),
                facility=round(facility, 4),
                discrimination=None if disc is None else round(disc, 4),
                pick_rates=picks,
                flags=flags,
                overruled=overruled,
                overrule_rate=None if rate is None else round(rate, 4),
                unsure=unsure,
                self_assessed=self_assessed,
            )
        )
    return StatsReport(items=items, users=len(by_user), attempts=len(rows))
