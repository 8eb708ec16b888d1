"""Class results imported by an instructor (schema in migrations/versions/0005_class_results.py).

One ``ClassSubmission`` per student (the latest hand-in they made), its attempts and the review
dates their own store had scheduled. Nothing here is a grade of record: the results are
self-reported by the students' copies of papermind.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from papermind.store.base import Base


class ClassSubmission(Base):
    __tablename__ = "class_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    student: Mapped[str] = mapped_column(String(200), unique=True)  # folded name: the student's key
    name: Mapped[str] = mapped_column(String(200))  # as the student wrote it
    canvas_id: Mapped[str | None] = mapped_column(String(32))  # from a Canvas submission's file name
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the file: importing it again is a no-op
    source: Mapped[str] = mapped_column(Text)  # file name (zip!member for a zip)
    papermind_version: Mapped[str] = mapped_column(String(32))
    exported_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class ClassAttempt(Base):
    __tablename__ = "class_attempts"
    __table_args__ = (Index("ix_class_attempts_question", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("class_submissions.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(128))
    fingerprint: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)  # JSON-encoded raw answer
    score: Mapped[float] = mapped_column(Float)
    correct: Mapped[bool] = mapped_column(Boolean)
    verdict: Mapped[str | None] = mapped_column(String(16))
    self_assessment: Mapped[str | None] = mapped_column(String(16))
    overruled: Mapped[bool | None] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    duration_s: Mapped[float | None] = mapped_column(Float)
    cram: Mapped[bool] = mapped_column(Boolean)


class ClassReview(Base):
    __tablename__ = "class_reviews"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("class_submissions.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    due: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    reps: Mapped[int] = mapped_column(Integer)
