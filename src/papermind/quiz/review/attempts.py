"""Attempts and FSRS scheduling per (user, question).

Every graded answer is stored as an attempt. Unless in cram mode it is also an FSRS review: the
score maps to a rating (``rating_for``), the card moves, and the attempt keeps the card before and
after so ``undo_last`` can restore the previous state exactly. Times are stored as naive UTC.
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from papermind.store.quiz_models import QuizAttempt, QuizCard

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler
    from sqlalchemy.orm import Session


def default_user() -> str:
    try:
        return os.environ.get("PAPERMIND_USER") or getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "student"


def utcnow() -> datetime:
    return datetime.now(UTC)


def naive(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt


def aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def rating_for(score: float) -> Rating:
    from fsrs import Rating

    if score < 0.5:
        return Rating.Again
    if score < 0.75:
        return Rating.Hard
    if score < 1.0:
        return Rating.Good
    return Rating.Easy


_SCHEDULER: Scheduler | None = None


def scheduler() -> Scheduler:
    """Default FSRS parameters; no fuzzing, so intervals are reproducible."""
    global _SCHEDULER
    if _SCHEDULER is None:
        from fsrs import Scheduler

        _SCHEDULER = Scheduler(enable_fuzzing=False)
    return _SCHEDULER


def _new_card(qid: str) -> Card:
    from fsrs import Card

    return Card(card_id=abs(hash(qid)) % (2**53) or 1)


@dataclass
class AttemptInfo:
    id: int
    user: str
    question_id: str
    paper: str | None
    answer: Any
    score: float
    correct: bool
    answered_at: datetime
    cram: bool
    due: datetime | None  # the card's due date after this review (None: cram)


@dataclass
class CardInfo:
    question_id: str
    paper: str | None
    due: datetime
    state: str
    stability: float | None
    difficulty: float | None
    reps: int


def _attempt_info(a: QuizAttempt) -> AttemptInfo:
    try:
        answer = json.loads(a.answer)
    except ValueError:
        answer = a.answer
    due = a.card_after.get("due") if a.card_after else None
    return AttemptInfo(
        id=a.id,
        user=a.user,
        question_id=a.question_id,
        paper=a.paper,
        answer=answer,
        score=a.score,
        correct=a.correct,
        answered_at=a.answered_at,
        cram=a.cram,
        due=naive(datetime.fromisoformat(due)) if due else None,
    )


def card_info(row: QuizCard) -> CardInfo:
    from fsrs import Card

    card = Card.from_dict(row.card)  # type: ignore[arg-type]
    return CardInfo(
        question_id=row.question_id,
        paper=row.paper,
        due=row.due,
        state=card.state.name,
        stability=card.stability,
        difficulty=card.difficulty,
        reps=row.reps,
    )


def record(
    s: Session,
    *,
    user: str,
    qid: str,
    paper: str | None,
    answer: Any,
    score: float,
    correct: bool,
    cram: bool = False,
    now: datetime | None = None,
) -> AttemptInfo:
    """Store one attempt; unless ``cram``, review the FSRS card with the score's rating."""
    from fsrs import Card

    now = aware(now or utcnow())
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    if not cram:
        row = s.get(QuizCard, (user, qid))
        card = Card.from_dict(row.card) if row else _new_card(qid)  # type: ignore[arg-type]
        before = row.card if row else None
        card, _log = scheduler().review_card(card, rating_for(score), review_datetime=now)
        after = card.to_dict()  # type: ignore[assignment]
        if row is None:
            row = QuizCard(user=user, question_id=qid, paper=paper, reps=0)
            s.add(row)
        row.card, row.due, row.reps, row.updated_at = after, naive(card.due), row.reps + 1, naive(now)
        row.paper = paper
    attempt = QuizAttempt(
        user=user,
        question_id=qid,
        paper=paper,
        answer=json.dumps(answer, default=str),
        score=score,
        correct=correct,
        answered_at=naive(now),
        cram=cram,
        card_before=before,
        card_after=after,
    )
    s.add(attempt)
    s.flush()
    return _attempt_info(attempt)


def undo_last(s: Session, user: str) -> AttemptInfo | None:
    """Delete the user's latest attempt and restore the card to its state before it."""
    from fsrs import Card

    a = s.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.user == user)
        .order_by(QuizAttempt.answered_at.desc(), QuizAttempt.id.desc())
        .limit(1)
    ).first()
    if a is None:
        return None
    info = _attempt_info(a)
    if not a.cram:
        row = s.get(QuizCard, (user, a.question_id))
        if a.card_before is None:
            if row is not None:
                s.delete(row)
        else:
            card = Card.from_dict(a.card_before)  # type: ignore[arg-type]
            if row is None:
                row = QuizCard(user=user, question_id=a.question_id, paper=a.paper, reps=1)
                s.add(row)
            row.card, row.due, row.reps = a.card_before, naive(card.due), max(0, row.reps - 1)
            row.updated_at = naive(card.last_review or utcnow())
    s.delete(a)
    s.flush()
    return info


def cards(s: Session, user: str) -> dict[str, QuizCard]:
    return {c.question_id: c for c in s.scalars(select(QuizCard).where(QuizCard.user == user))}


def attempts(s: Session, user: str | None = None, limit: int | None = None) -> list[AttemptInfo]:
    q = select(QuizAttempt).order_by(QuizAttempt.answered_at.desc(), QuizAttempt.id.desc())
    if user is not None:
        q = q.where(QuizAttempt.user == user)
    if limit:
        q = q.limit(limit)
    return [_attempt_info(a) for a in s.scalars(q)]


def all_attempt_rows(s: Session) -> list[tuple[str, str, float, str]]:
    """(user, question_id, score, answer JSON) for statistics, oldest first."""
    rows = s.execute(
        select(QuizAttempt.user, QuizAttempt.question_id, QuizAttempt.score, QuizAttempt.answer).order_by(
            QuizAttempt.answered_at, QuizAttempt.id
        )
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def forget(s: Session, user: str) -> int:
    """Remove a user's attempts and cards (tests, ``--reset``)."""
    n = s.execute(delete(QuizAttempt).where(QuizAttempt.user == user)).rowcount
    s.execute(delete(QuizCard).where(QuizCard.user == user))
    return int(n or 0)
