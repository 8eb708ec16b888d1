"""The imported class results in the store: write one student's hand-in, read everyone's back.

Functions take the caller's session (one transaction per hand-in, opened by the service).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select, true

from papermind.classroom.results_file import ResultAttempt, ResultReview, ResultsFile, student_key
from papermind.store.base import Base
from papermind.store.class_models import ClassAttempt, ClassReview, ClassSubmission

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass
class StudentResults:
    """One student's latest hand-in, as imported."""

    name: str
    canvas_id: str | None
    exported_at: datetime
    source: str
    attempts: list[ResultAttempt] = field(default_factory=list)
    reviews: list[ResultReview] = field(default_factory=list)


def submission_with_hash(s: Session, sha256: str) -> ClassSubmission | None:
    return s.scalars(select(ClassSubmission).where(ClassSubmission.sha256 == sha256)).first()


def submission_of(s: Session, name: str) -> ClassSubmission | None:
    return s.scalars(select(ClassSubmission).where(ClassSubmission.student == student_key(name))).first()


def store(
    s: Session,
    results: ResultsFile,
    *,
    sha256: str,
    source: str,
    canvas_id: str | None,
    now: datetime,
) -> None:
    """Write a hand-in, replacing the student's earlier one (its attempts and reviews go with it)."""
    old = submission_of(s, results.student)
    if old is not None:
        canvas_id = canvas_id or old.canvas_id
        s.execute(delete(ClassSubmission).where(ClassSubmission.id == old.id))
        s.flush()
    sub = ClassSubmission(
        student=student_key(results.student),
        name=results.student,
        canvas_id=canvas_id,
        sha256=sha256,
        source=source,
        papermind_version=results.papermind_version,
        exported_at=results.exported_at,
        imported_at=now,
    )
    s.add(sub)
    s.flush()
    # Core executemany, not ORM objects: a hand-in is thousands of plain rows.
    if results.attempts:
        s.execute(
            insert(Base.metadata.tables[ClassAttempt.__tablename__]),
            [
                {
                    "submission_id": sub.id,
                    "question_id": a.question_id,
                    "fingerprint": a.fingerprint,
                    "answer": json.dumps(a.answer, ensure_ascii=False),
                    "score": a.score,
                    "correct": a.correct,
                    "verdict": a.verdict,
                    "self_assessment": a.self_assessment,
                    "overruled": a.overruled,
                    "answered_at": a.answered_at,
                    "duration_s": a.duration_s,
                    "cram": a.cram,
                }
                for a in results.attempts
            ],
        )
    reviews = {r.question_id: r for r in results.reviews}  # a repeated id: the last one counts
    if reviews:
        s.execute(
            insert(Base.metadata.tables[ClassReview.__tablename__]),
            [
                {"submission_id": sub.id, "question_id": r.question_id, "due": r.due, "reps": r.reps}
                for r in reviews.values()
            ],
        )
    s.flush()


def load_all(s: Session, question_ids: Collection[str] | None = None) -> list[StudentResults]:
    """Every student's latest hand-in, by name; attempts (on ``question_ids`` only, when given)
    oldest first."""
    subs = {sub.id: sub for sub in s.scalars(select(ClassSubmission).order_by(ClassSubmission.name))}
    out = {i: StudentResults(sub.name, sub.canvas_id, sub.exported_at, sub.source) for i, sub in subs.items()}
    rows = s.execute(
        select(
            ClassAttempt.submission_id,
            ClassAttempt.question_id,
            ClassAttempt.fingerprint,
            ClassAttempt.answer,
            ClassAttempt.score,
            ClassAttempt.correct,
            ClassAttempt.verdict,
            ClassAttempt.self_assessment,
            ClassAttempt.overruled,
            ClassAttempt.answered_at,
            ClassAttempt.duration_s,
            ClassAttempt.cram,
        )
        .where(ClassAttempt.question_id.in_(list(question_ids)) if question_ids is not None else true())
        .order_by(ClassAttempt.answered_at, ClassAttempt.id)
    )
    for sid, qid, fp, answer, score, correct, verdict, assessed, overruled, at, duration, cram in rows:
        out[sid].attempts.append(
            ResultAttempt(
                question_id=qid,
                fingerprint=fp,
                answer=json.loads(answer),
                score=score,
                correct=correct,
                answered_at=at,
                verdict=verdict,
                self_assessment=assessed,
                overruled=overruled,
                duration_s=duration,
                cram=cram,
            )
        )
    reviews = select(ClassReview)
    if question_ids is not None:
        reviews = reviews.where(ClassReview.question_id.in_(list(question_ids)))
    for r in s.scalars(reviews):
        out[r.submission_id].reviews.append(ResultReview(r.question_id, r.due, r.reps))
    return list(out.values())


def question_ids(s: Session) -> set[str]:
    """Every question id the imported hand-ins answered."""
    return set(s.scalars(select(ClassAttempt.question_id).distinct()))


def clear(s: Session) -> int:
    """Remove every imported hand-in (``papermind class import --reset``)."""
    n = s.scalar(select(func.count()).select_from(ClassSubmission)) or 0
    s.execute(delete(ClassSubmission))
    return int(n)
