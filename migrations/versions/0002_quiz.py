"""Quiz schema: attempts (one row per graded answer) and FSRS cards per (user, question).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quiz_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(128), nullable=False),
        sa.Column("paper", sa.String(64), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.Column("cram", sa.Boolean(), nullable=False),
        # FSRS card (fsrs.Card.to_dict) before / after this review; NULL before = new card.
        sa.Column("card_before", sa.JSON(), nullable=True),
        sa.Column("card_after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_attempts"),
    )
    op.create_index("ix_quiz_attempts_user", "quiz_attempts", ["user", "answered_at"])
    op.create_index("ix_quiz_attempts_question_id", "quiz_attempts", ["question_id"])
    op.create_table(
        "quiz_cards",
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(128), nullable=False),
        sa.Column("paper", sa.String(64), nullable=True),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user", "question_id", name="pk_quiz_cards"),
    )
    op.create_index("ix_quiz_cards_due", "quiz_cards", ["user", "due"])


def downgrade() -> None:
    op.drop_index("ix_quiz_cards_due", table_name="quiz_cards")
    op.drop_table("quiz_cards")
    op.drop_index("ix_quiz_attempts_question_id", table_name="quiz_attempts")
    op.drop_index("ix_quiz_attempts_user", table_name="quiz_attempts")
    op.drop_table("quiz_attempts")
