"""A student's results file from their own store (``papermind results export``).

Every attempt on a question in the banks goes in with the question's fingerprint; attempts on
questions the banks no longer hold (or generated practice) cannot be fingerprinted and are left
out, and the count is reported so nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from papermind.classroom.fingerprint import fingerprint
from papermind.classroom.results_file import ResultAttempt, ResultReview, ResultsFile
from papermind.quiz.bank.model import Question
from papermind.quiz.review.attempts import AttemptInfo


@dataclass
class ExportReport:
    path: str
    student: str
    attempts: int
    questions: int
    reviews: int
    left_out: int  # attempts on questions not in the banks (cannot be fingerprinted)
    week: int | None


def build(
    student: str,
    attempts: list[AttemptInfo],
    reviews: list[ResultReview],
    questions: list[Question],
    *,
    version: str,
    now: datetime,
    week: int | None = None,
    scope: set[str] | None = None,
) -> tuple[ResultsFile, int]:
    """The results file (attempts on ``scope``'s questions, all when None) and how many attempts
    were left out because no bank holds their question."""
    fps = {q.id: fingerprint(q) for q in questions if not q.generated}
    known = [a for a in sorted(attempts, key=lambda a: (a.answered_at, a.id)) if a.question_id in fps]
    kept = [a for a in known if scope is None or a.question_id in scope]
    results = ResultsFile(
        student=student,
        exported_at=now,
        papermind_version=version,
        week=week,
        attempts=[
            ResultAttempt(
                question_id=a.question_id,
                fingerprint=fps[a.question_id],
                paper=a.paper,
                answer=a.answer,
                score=a.score,
                correct=a.correct,
                answered_at=a.answered_at,
                verdict=a.verdict,
                self_assessment=a.self_rating,
                overruled=a.overruled if a.verdict in ("correct", "incorrect") else None,
                duration_s=a.duration_s,
                cram=a.cram,
            )
            for a in kept
        ],
        reviews=[r for r in reviews if r.question_id in fps and (scope is None or r.question_id in scope)],
    )
    return results, len(attempts) - len(known)
