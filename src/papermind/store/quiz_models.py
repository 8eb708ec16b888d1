"""Quiz models: graded attempts and FSRS cards (schema in migrations/versions/0002_quiz.py and 0006_quiz_judgement.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from papermind.store.base import Base


class QuizAttempt(Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        Index("ix_quiz_attempts_user", "user", "answered_at"),
        Index("ix_quiz_attempts_question_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(128))
    paper: Mapped[str | None] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)  # JSON-encoded raw answer
    score: Mapped[float] = mapped_column(Float)
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    cram: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_s: Mapped[float | None] = mapped_column(
        Float
    )  # time to answer, when the shell measured it (0005)
    card_before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    card_after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Who judged the answer (0006): the grader's verdict and score, and the student's own rating
    # when they judged an unsure answer ("self") or overruled the verdict.
    verdict: Mapped[str | None] = mapped_column(String(16))  # correct | incorrect | unsure
    auto_score: Mapped[float | None] = mapped_column(Float)
    judged_by: Mapped[str] = mapped_column(String(16), default="grader", server_default="grader")
    self_rating: Mapped[str | None] = mapped_column(String(16))  # had | partly | missed
    overruled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class QuizCard(Base):
    __tablename__ = "quiz_cards"
    __table_args__ = (Index("ix_quiz_cards_due", "user", "due"),)

    user: Mapped[str] = mapped_column(String(64), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    paper: Mapped[str | None] = mapped_column(String(64))
    card: Mapped[dict[str, Any]] = mapped_column(JSON)  # fsrs.Card.to_dict()
    due: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    reps: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
