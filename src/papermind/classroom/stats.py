"""Class statistics from every student's latest hand-in (``papermind class stats``).

Only attempts on the question *as it is now* count: an attempt whose fingerprint differs from the
bank's question is on an older form and is left out (``other_versions`` counts them).

Per question, over the students who answered it, with ``f[s]`` = student s's first-try score:
- ``facility`` = mean of f[s]; ``first_try_correct`` = share of first tries marked correct;
- ``discrimination`` = item-rest correlation: Pearson r between f[s] and s's rest score (the mean
  of s's first-try scores on the *other* questions in scope); None below 3 students or without
  variance on either side;
- ``pick_rates`` (choice questions) = share of first tries that picked each choice;
- ``overrule_rate`` = share of attempts where the student overruled the grader, over the attempts
  that carry the information (None when none do: a student's papermind that predates verdicts).
Per week's quiz (the questions of one week), over the students who answered all of them:
KR-20 on first-try correctness (0/1) and Cronbach's alpha on first-try scores, both with
population variances (so on 0/1 data they are equal). Correct means what the student's store
recorded: the self-assessment or overruled verdict when there is one, else score ≥ pass mark.
Per student: questions attempted, mean first-try score, reviews overdue at ``now``.
Per concept (the questions' ``concepts``): mastery = mean of each student's latest score on the
concept's questions; first try likewise.
Flags (too easy, too hard, negative or weak discrimination, often overruled, a distractor nobody
picks) are raised only with at least ``min_students`` students, and each names its n.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from papermind.classroom.fingerprint import fingerprint
from papermind.classroom.records import StudentResults
from papermind.classroom.results_file import ResultAttempt
from papermind.errors import QuizError
from papermind.quiz.analysis.item_stats import pearson
from papermind.quiz.bank.model import Question, letter

MIN_STUDENTS = 5
TOO_EASY, TOO_HARD = 0.9, 0.2
WEAK_DISCRIMINATION = 0.2
OFTEN_OVERRULED = 0.25


@dataclass
class QuestionStats:
    id: str
    paper: str | None
    type: str
    week: int | None
    students: int
    attempts: int
    facility: float | None
    first_try_correct: float | None
    discrimination: float | None
    pick_rates: dict[str, float] = field(default_factory=dict)
    overrule_rate: float | None = None
    other_versions: int = 0  # attempts on an earlier form of the question, left out
    flags: list[str] = field(default_factory=list)


@dataclass
class QuizStats:
    week: int
    questions: int  # answered by at least one student
    students: int  # who answered every one of them (the reliability sample)
    kr20: float | None
    alpha: float | None
    mean_score: float | None  # over those students, mean first-try score


@dataclass
class StudentStats:
    name: str
    canvas_id: str | None
    attempted: int
    first_try_score: float | None
    overdue: int
    exported_at: datetime


@dataclass
class ConceptStats:
    concept: str
    questions: int
    students: int
    mastery: float | None  # mean latest score
    first_try: float | None


@dataclass
class ClassStats:
    students: int
    min_students: int
    questions: list[QuestionStats]
    quizzes: list[QuizStats]
    per_student: list[StudentStats]
    concepts: list[ConceptStats]
    unknown_questions: list[str] = field(default_factory=list)  # ids in the hand-ins no bank here has
    note: str = "Results are self-reported by the students' own papermind; nothing here is a grade of record."


def mean(xs: Iterable[float]) -> float | None:
    vals = list(xs)
    return sum(vals) / len(vals) if vals else None


def _pvar(xs: list[float]) -> float:
    m = sum(xs) / len(xs)
    return sum((x - m) ** 2 for x in xs) / len(xs)


def cronbach_alpha(matrix: list[list[float]]) -> float | None:
    """Alpha of a students × items matrix (population variances); KR-20 when it holds 0/1."""
    if len(matrix) < 3 or len(matrix[0]) < 2:
        return None
    k = len(matrix[0])
    total_var = _pvar([sum(row) for row in matrix])
    if total_var <= 1e-12:
        return None
    item_var = sum(_pvar([row[j] for row in matrix]) for j in range(k))
    return k / (k - 1) * (1 - item_var / total_var)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _picks(q: Question, firsts: list[ResultAttempt]) -> dict[str, float]:
    from papermind.quiz.grading.rules import parse_choices

    if q.type not in ("single", "multi") or not firsts:
        return {}
    counts, n = [0] * len(q.choices), 0
    for a in firsts:
        try:
            chosen = parse_choices(a.answer, q)
        except (QuizError, ValueError, TypeError):
            continue
        n += 1
        for i in set(chosen):
            counts[i] += 1
    return {letter(i): round(c / n, 4) for i, c in enumerate(counts)} if n else {}


def _flags(q: Question, s: QuestionStats, min_students: int) -> list[str]:
    if s.students < min_students:
        return []
    n = f"(n={s.students})"
    out = []
    if s.facility is not None and s.facility > TOO_EASY:
        out.append(f"too easy {n}")
    if s.facility is not None and s.facility < TOO_HARD:
        out.append(f"too hard {n}")
    if s.discrimination is not None and s.discrimination < 0:
        out.append(f"negative discrimination {n}")
    elif s.discrimination is not None and s.discrimination < WEAK_DISCRIMINATION:
        out.append(f"weak discrimination {n}")
    if s.overrule_rate is not None and s.overrule_rate > OFTEN_OVERRULED:
        out.append(f"often overruled {n}")
    keys = set(q.answer) if isinstance(q.answer, list) else {q.answer}
    for i in range(len(q.choices) if s.pick_rates else 0):
        if i not in keys and s.pick_rates.get(letter(i), 0.0) == 0.0:
            out.append(f"distractor {letter(i)} never picked {n}")
    return out


def compute(
    students: list[StudentResults],
    questions: list[Question],
    week_of: dict[str, int | None],
    *,
    now: datetime,
    min_students: int = MIN_STUDENTS,
) -> ClassStats:
    """Statistics over ``questions`` (the scope, in order) from every student's hand-in."""
    fps = {q.id: fingerprint(q) for q in questions}
    first: list[dict[str, ResultAttempt]] = []  # per student: qid -> first try
    latest: list[dict[str, ResultAttempt]] = []
    matching: dict[str, list[ResultAttempt]] = {q.id: [] for q in questions}
    other_versions: dict[str, int] = dict.fromkeys(fps, 0)
    for st in students:
        f: dict[str, ResultAttempt] = {}
        last: dict[str, ResultAttempt] = {}
        for a in sorted(st.attempts, key=lambda a: a.answered_at):
            if a.question_id not in fps:
                continue  # outside the scope
            if a.fingerprint != fps[a.question_id]:
                other_versions[a.question_id] += 1
            else:
                f.setdefault(a.question_id, a)
                last[a.question_id] = a
                matching[a.question_id].append(a)
        first.append(f)
        latest.append(last)

    items: list[QuestionStats] = []
    for q in questions:
        firsts = [f[q.id] for f in first if q.id in f]
        xs, ys = [], []
        for f in first:
            if q.id in f:
                rest = [a.score for k, a in f.items() if k != q.id]
                if rest:
                    xs.append(f[q.id].score)
                    ys.append(sum(rest) / len(rest))
        told = [a.overruled for a in matching[q.id] if a.overruled is not None]
        s = QuestionStats(
            id=q.id,
            paper=q.paper,
            type=q.type,
            week=week_of.get(q.id),
            students=len(firsts),
            attempts=len(matching[q.id]),
            facility=_r(mean(a.score for a in firsts)),
            first_try_correct=_r(mean(float(a.correct) for a in firsts)),
            discrimination=_r(pearson(xs, ys)),
            pick_rates=_picks(q, firsts),
            overrule_rate=_r(mean(float(o) for o in told)),
            other_versions=other_versions[q.id],
        )
        s.flags = _flags(q, s, min_students)
        items.append(s)

    quizzes: list[QuizStats] = []
    for week in sorted({w for q in questions if (w := week_of.get(q.id)) is not None}):
        qids = [q.id for q in questions if week_of.get(q.id) == week and any(q.id in f for f in first)]
        if not qids:
            continue  # nobody answered this week's questions yet
        complete = [f for f in first if qids and all(k in f for k in qids)]
        correct = [[float(f[k].correct) for k in qids] for f in complete]
        scores = [[f[k].score for k in qids] for f in complete]
        quizzes.append(
            QuizStats(
                week=week,
                questions=len(qids),
                students=len(complete),
                kr20=_r(cronbach_alpha(correct)) if correct else None,
                alpha=_r(cronbach_alpha(scores)) if scores else None,
                mean_score=_r(mean(sum(r) / len(r) for r in scores)),
            )
        )

    per_student = [
        StudentStats(
            name=st.name,
            canvas_id=st.canvas_id,
            attempted=len(f),
            first_try_score=_r(mean(a.score for a in f.values())),
            overdue=sum(r.question_id in fps and r.due <= now for r in st.reviews),
            exported_at=st.exported_at,
        )
        for st, f in zip(students, first, strict=True)
    ]

    by_concept: dict[str, tuple[str, list[Question]]] = {}
    for q in questions:
        for c in q.concepts:
            by_concept.setdefault(c.casefold(), (c, []))[1].append(q)
    concepts = []
    for label, qs in by_concept.values():
        lat = [last[q.id].score for last in latest for q in qs if q.id in last]
        fst = [f[q.id].score for f in first for q in qs if q.id in f]
        who = sum(any(q.id in f for q in qs) for f in first)
        concepts.append(ConceptStats(label, len(qs), who, _r(mean(lat)), _r(mean(fst))))
    concepts.sort(key=lambda c: (c.mastery is None, c.mastery if c.mastery is not None else 0.0, c.concept))

    return ClassStats(
        students=len(students),
        min_students=min_students,
        questions=items,
        quizzes=quizzes,
        per_student=per_student,
        concepts=concepts,
    )


def answer_text(answer: object) -> str:
    """An answer as one line of text (cloze blanks joined with ' | ')."""
    if isinstance(answer, list):
        return " | ".join(str(x) for x in answer)
    return answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
