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
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import delete, select

from papermind.errors import QuizError
from papermind.store.quiz_models import QuizAttempt, QuizCard

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler
    from fsrs.card import CardDict
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
    verdict: str | None = None  # the grader's: correct | incorrect | unsure (None: before 0006)
    auto_score: float | None = None  # the grader's score, before any self-judgement
    judged_by: str = "grader"  # "self" once the student judged the answer
    self_rating: str | None = None  # had | partly | missed
    overruled: bool = False  # the student's judgement contradicts a committed verdict
    duration_s: float | None = None  # time to answer, when the shell measured it


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
        verdict=a.verdict,
        auto_score=a.auto_score,
        judged_by=a.judged_by or "grader",
        self_rating=a.self_rating,
        overruled=bool(a.overruled),
        duration_s=a.duration_s,
    )


def card_info(row: QuizCard) -> CardInfo:
    from fsrs import Card

    card = Card.from_dict(cast("CardDict", row.card))
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
    verdict: str | None = None,
    cram: bool = False,
    now: datetime | None = None,
    duration_s: float | None = None,
) -> AttemptInfo:
    """Store one attempt; unless ``cram``, review the FSRS card with the score's rating."""
    now = aware(now or utcnow())
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    if not cram:
        row = s.get(QuizCard, (user, qid))
        before = row.card if row else None
        after = _review(s, user, qid, paper, before, row, score, now)
    attempt = QuizAttempt(
        user=user,
        question_id=qid,
        paper=paper,
        answer=json.dumps(answer, default=str),
        score=score,
        correct=correct,
        answered_at=naive(now),
        cram=cram,
        duration_s=None if duration_s is None else round(duration_s, 3),
        card_before=before,
        card_after=after,
        verdict=verdict,
        auto_score=score,
        judged_by="grader",
        overruled=False,
    )
    s.add(attempt)
    s.flush()
    return _attempt_info(attempt)


def _review(
    s: Session,
    user: str,
    qid: str,
    paper: str | None,
    before: dict[str, Any] | None,
    row: QuizCard | None,
    score: float,
    now: datetime,
    new_rep: bool = True,
) -> dict[str, Any]:
    """Review the card as it was (``before``; None = new) with the score's rating; the card row
    becomes the result (one more rep unless ``new_rep`` is False: a re-judged review). Returns
    the card after."""
    from fsrs import Card

    card = Card.from_dict(cast("CardDict", before)) if before else _new_card(qid)
    card, _log = scheduler().review_card(card, rating_for(score), review_datetime=now)
    after = dict(card.to_dict())
    if row is None:
        row = QuizCard(user=user, question_id=qid, paper=paper, reps=0)
        s.add(row)
    row.card, row.due, row.updated_at, row.paper = after, naive(card.due), naive(now), paper
    row.reps = (row.reps or 0) + (1 if new_rep else 0)
    return after


SELF_RATINGS = {"missed": 0.0, "partly": 0.5, "had": 1.0}  # Anki's Again / Hard / Easy


def judge_last(s: Session, user: str, qid: str, rating: str) -> AttemptInfo | None:
    """The student's own judgement of their latest answer to ``qid`` ("had" | "partly" |
    "missed"): of an unsure answer (self-assessed), or overruling the grader's verdict. The
    attempt takes the rating's score and the FSRS card is reviewed again from its state before
    that answer, at the answer's time. The grader's score stays in ``auto_score``."""
    if rating not in SELF_RATINGS:
        raise QuizError(f"unknown rating {rating!r}", f"one of: {', '.join(SELF_RATINGS)}")
    a = s.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.user == user, QuizAttempt.question_id == qid)
        .order_by(QuizAttempt.answered_at.desc(), QuizAttempt.id.desc())
        .limit(1)
    ).first()
    if a is None:
        return None
    score = SELF_RATINGS[rating]
    auto = a.auto_score if a.auto_score is not None else a.score
    if a.verdict in ("correct", "incorrect"):  # what the grader's verdict amounts to, as a rating
        implied = "missed" if a.verdict == "incorrect" else ("had" if auto >= 1.0 else "partly")
        a.overruled = rating != implied
    a.score, a.correct = score, score >= 0.5
    a.judged_by, a.self_rating = "self", rating
    if not a.cram:
        row = s.get(QuizCard, (user, qid))
        a.card_after = _review(
            s, user, qid, a.paper, a.card_before, row, score, aware(a.answered_at), new_rep=row is None
        )
    s.flush()
    return _attempt_info(a)


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
            card = Card.from_dict(cast("CardDict", a.card_before))
            if row is None:
                row = QuizCard(user=user, question_id=a.question_id, paper=a.paper, reps=1)
                s.add(row)
            row.card, row.due, row.reps = a.card_before, naive(card.due), max(0, row.reps - 1)
            row.updated_at = naive(card.last_review or utcnow())
    s.delete(a)
    s.flush()
    return info


def new_started_on(s: Session, user: str, day: date) -> int:
    """How many questions ``user`` answered for the first time (a new card) on ``day`` (UTC)."""
    start = datetime(day.year, day.month, day.day)
    rows = s.execute(
        select(QuizAttempt.question_id, QuizAttempt.card_before).where(
            QuizAttempt.user == user,
            QuizAttempt.answered_at >= start,
            QuizAttempt.answered_at < start + timedelta(days=1),
            QuizAttempt.cram.is_(False),
        )
    )
    return len({qid for qid, before in rows if before is None})  # JSON null reads back as None


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
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def judgement_counts(s: Session) -> dict[str, tuple[int, int, int, int]]:
    """Per question: (attempts with a committed verdict, of those overruled by the student,
    unsure verdicts, of those self-assessed) over all users."""
    rows = s.execute(
        select(QuizAttempt.question_id, QuizAttempt.verdict, QuizAttempt.judged_by, QuizAttempt.overruled)
    )
    out: dict[str, list[int]] = {}
    for qid, verdict, judged_by, overruled in rows:
        c = out.setdefault(qid, [0, 0, 0, 0])
        if verdict == "unsure":
            c[2] += 1
            c[3] += judged_by == "self"
        elif verdict is not None:
            c[0] += 1
            c[1] += bool(overruled)
    return {k: (v[0], v[1], v[2], v[3]) for k, v in out.items()}


def forget(s: Session, user: str) -> int:
    """Remove a user's attempts and cards (tests, ``--reset``)."""
    n = s.execute(delete(QuizAttempt).where(QuizAttempt.user == user)).rowcount  # type: ignore[attr-defined]  # a DML result (CursorResult) has rowcount; execute() is typed as Result
    s.execute(delete(QuizCard).where(QuizCard.user == user))
    return int(n or 0)
